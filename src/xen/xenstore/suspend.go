// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"errors"
	"sync"
	"time"

	"xen/hypercall"
)

// While the domain suspends, nothing may be in flight with xenstored:
// in a new domain (restored, migrated) it knows none of the
// connection's transactions or watches. Suspend closes the client's
// gate and waits until the requests under way and the open
// transactions have ended; Resume registers the watches again if the
// domain moved, and opens the gate.

// gate counts the requests and transactions under way, and holds new
// ones back while it is shut.
type gate struct {
	mu     sync.Mutex
	active int
	shut   chan struct{} // non-nil while shut; closed when it opens
	idle   chan struct{} // non-nil while shut with work under way; closed when none is
}

var errShut = errors.New("xenstore: the domain is suspending")

// enter waits for the gate to be open and counts one more under way.
func (g *gate) enter(expired, broken <-chan struct{}) error {
	for {
		g.mu.Lock()
		shut := g.shut
		if shut == nil {
			g.active++
			g.mu.Unlock()
			return nil
		}
		g.mu.Unlock()
		select {
		case <-shut:
		case <-expired:
			return errExpired
		case <-broken:
			return ErrClosed
		}
	}
}

func (g *gate) leave() {
	g.mu.Lock()
	g.active--
	if g.active == 0 && g.idle != nil {
		close(g.idle)
		g.idle = nil
	}
	g.mu.Unlock()
}

// close shuts the gate and waits up to d for what is under way; if it
// is still there then, it opens the gate again and fails.
func (g *gate) close(d time.Duration) error {
	g.mu.Lock()
	g.shut = make(chan struct{})
	idle := make(chan struct{})
	if g.active == 0 {
		close(idle)
	} else {
		g.idle = idle
	}
	g.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-idle:
		return nil
	case <-t.C:
		g.open()
		return errors.New("xenstore: requests or transactions still under way after " + d.String())
	}
}

func (g *gate) open() {
	g.mu.Lock()
	if g.shut != nil {
		close(g.shut)
		g.shut = nil
	}
	g.idle = nil
	g.mu.Unlock()
}

// gateError turns enter's error into the call's.
func (c *Client) gateError(err error, op, path string, d time.Duration) error {
	switch err {
	case errExpired:
		return timeoutError(op, path, d)
	case ErrClosed:
		return c.Err()
	}
	return err
}

// Suspend holds new requests back and waits up to d for those under way
// and for open transactions to end. Once it returns nil, call Resume.
func (c *Client) Suspend(d time.Duration) error { return c.gate.close(d) }

// Resume lets requests through again after Suspend. If the domain moved,
// it first registers every watch again; xenstored then reports each once,
// as it does for a new watch.
func (c *Client) Resume(moved bool) {
	if moved {
		c.mu.Lock()
		watches := make([]*Watch, 0, len(c.watches))
		for _, w := range c.watches {
			watches = append(watches, w)
		}
		c.mu.Unlock()
		for _, w := range watches {
			l := c.startLimit()
			_, err := c.exchange(l, "watch", w.Path, hypercall.XSWatch, 0, cstr(w.Path), cstr(w.Token))
			l.stop()
			if err != nil {
				c.fail(errors.New("xenstore: watching " + w.Path + " again after a move: " + err.Error()))
				break
			}
		}
	}
	c.gate.open()
}
