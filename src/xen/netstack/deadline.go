// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"sync"
	"time"

	"xen/internal/xencall"
)

// A deadline is a channel that is closed when the deadline passes. Setting
// a new deadline makes a new channel, so waiters that already picked up
// the old one wake and pick up the new one.
type deadline struct {
	mu      sync.Mutex
	timer   *time.Timer
	expired chan struct{}
	changed chan struct{} // closed when set is called
}

func newDeadline() *deadline {
	return &deadline{expired: make(chan struct{}), changed: make(chan struct{})}
}

// set arms the deadline for t; the zero t means none. t is read on the
// caller's clock (a synctest bubble's, maybe), the timer runs on the
// stack's.
func (d *deadline) set(t time.Time) {
	var dur time.Duration
	if !t.IsZero() {
		dur = time.Until(t)
	}
	defer xencall.LeaveBubble().Enter()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
	// Fresh channels: a timer that fired before Stop only closes the old
	// one, which waiters drop when they see changed closed.
	close(d.changed)
	d.changed = make(chan struct{})
	d.expired = make(chan struct{})
	if t.IsZero() {
		return
	}
	if dur > 0 {
		expired := d.expired
		d.timer = time.AfterFunc(dur, func() { close(expired) })
	} else {
		close(d.expired)
	}
}

// channels returns the channel closed at the deadline and the one closed
// when the deadline is changed.
func (d *deadline) channels() (expired, changed <-chan struct{}) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.expired, d.changed
}

// passed reports whether the deadline is over. As with poll.FD on Unix,
// I/O fails once it is, even I/O that could go ahead at once.
func (d *deadline) passed() bool {
	expired, _ := d.channels()
	select {
	case <-expired:
		return true
	default:
		return false
	}
}
