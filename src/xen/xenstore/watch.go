// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"strconv"
	"sync"
	"sync/atomic"

	"xen/hypercall"
)

// WatchEvent reports that the node Path, at or below a watched path,
// changed (or, for the first event, that the watch was set).
type WatchEvent struct {
	Path  string
	Token string
}

// watchQueue is how many undelivered events a Watch holds before it drops
// new ones. The reader goroutine must never block on a slow watcher,
// since it also delivers every reply.
const watchQueue = 128

// Watch receives the events of one xenstore watch.
type Watch struct {
	// C delivers the events. xenstored sends one at once when the watch is
	// set. C is closed by Close, or when the client stops.
	//
	// If the receiver falls watchQueue events behind, further events are
	// dropped (see Dropped). A dropped event always follows an undelivered
	// one for the same watch, so a watcher that re-reads the nodes it cares
	// about on every event still sees the latest state.
	C <-chan WatchEvent

	Path  string
	Token string

	c         *Client
	ch        chan WatchEvent
	dropped   atomic.Uint64
	closeOnce sync.Once
	closeErr  error
}

// Watch asks xenstored to report changes to path and everything below it.
// Special paths such as "@introduceDomain" work as xenstored defines them.
// token tells this watch apart from the client's others; it must be
// unique, and if empty the client picks one.
func (c *Client) Watch(path, token string) (*Watch, error) {
	if !validName(path) {
		return nil, badPath("watch", path)
	}
	if token != "" && !validName(token) {
		return nil, &Error{Op: "watch", Path: path, Name: "EINVAL", Err: ErrInvalid}
	}
	ch := make(chan WatchEvent, watchQueue)
	w := &Watch{C: ch, Path: path, c: c, ch: ch}

	// Register before asking, so the first event cannot beat us.
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return nil, err
	}
	if token == "" {
		c.nextTok++
		token = "go-xenstore-" + strconv.FormatUint(c.nextTok, 10)
	}
	if _, dup := c.watches[token]; dup {
		c.mu.Unlock()
		return nil, &Error{Op: "watch", Path: path, Name: "EEXIST", Err: ErrExist}
	}
	w.Token = token
	c.watches[token] = w
	c.mu.Unlock()

	if _, err := c.call("watch", path, hypercall.XSWatch, 0, cstr(path), cstr(token)); err != nil {
		c.unregister(w)
		return nil, err
	}
	return w, nil
}

// Close removes the watch from xenstored and closes C. Events already in
// C stay readable.
func (w *Watch) Close() error {
	w.closeOnce.Do(func() {
		if !w.c.unregister(w) {
			return // the client stopped and closed C already
		}
		_, w.closeErr = w.c.call("unwatch", w.Path, hypercall.XSUnwatch, 0, cstr(w.Path), cstr(w.Token))
	})
	return w.closeErr
}

// Dropped counts events thrown away because C was full.
func (w *Watch) Dropped() uint64 { return w.dropped.Load() }

// unregister stops routing events to w and closes its channel, unless
// the client already did; it reports whether it did.
func (c *Client) unregister(w *Watch) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.watches[w.Token] != w {
		return false
	}
	delete(c.watches, w.Token)
	close(w.ch)
	return true
}

// deliverEvent routes an XS_WATCH_EVENT ("path\0token\0") by token. The
// send happens under c.mu so it cannot race with closing the channel.
func (c *Client) deliverEvent(payload []byte) {
	ev, ok := parseWatchEvent(payload)
	if !ok {
		c.dropped.Add(1)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.watches[ev.Token]
	if w == nil {
		c.dropped.Add(1)
		return
	}
	select {
	case w.ch <- ev:
	default:
		w.dropped.Add(1)
	}
}

// parseWatchEvent decodes "path\0token\0"; strings after the token are
// ignored.
func parseWatchEvent(p []byte) (WatchEvent, bool) {
	s := parseStrings(p)
	if len(s) < 2 || s[0] == "" || s[1] == "" {
		return WatchEvent{}, false
	}
	return WatchEvent{Path: s[0], Token: s[1]}, true
}
