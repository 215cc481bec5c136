// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vchan

import "xen/internal/lifecycle"

// A vchan cannot follow the domain to a new one: the other end's
// mappings of this domain's pages (or this domain's of the other's) and
// the event channel stay behind. So an open Conn lets the domain suspend
// and, if it comes back in place (xl save -c), carries on; if it comes
// back in a new domain (xl restore, xl migrate), the connection is over:
// calls return ErrMoved, and Close frees only what the new domain has.

// follower takes a Conn through the domain's suspends.
type follower struct{ c *Conn }

// followSuspends makes c take part in the domain's suspends.
func (c *Conn) followSuspends(name string) {
	c.unregister = lifecycle.Register(name, follower{c})
}

// Suspend waits for calls copying to or from the shared pages, and holds
// new ones back.
func (f follower) Suspend() error {
	f.c.gate.Lock()
	return nil
}

// Resume lets calls go on; after a move they fail with ErrMoved, and
// blocked ones wake to see it.
func (f follower) Resume(moved bool) {
	c := f.c
	if moved {
		c.moved.Store(true)
	}
	c.gate.Unlock()
	if !moved {
		return
	}
	c.mu.Lock()
	close(c.kick)
	c.kick = make(chan struct{})
	c.mu.Unlock()
	c.ev.Interrupt() // the event loop ends
}
