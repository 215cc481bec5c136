// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"math/bits"
	"strconv"

	"xen/gnttab"
	"xen/hypercall"
	"xen/internal/lifecycle"
	"xen/internal/ring"
	"xen/internal/xenbus"
)

// Devices lists the indices N of the domain's device/vbd/N nodes
// (the virtual-device numbers: 51712 is xvda), sorted.
func Devices() ([]int, error) {
	s, err := xenbus.Open()
	if err != nil {
		return nil, err
	}
	return devices(s)
}

// Open performs the xenbus handshake with the backend of vbd index: it
// shares the ring, binds an event channel, reads the disk's geometry
// and features, and returns once the backend is Connected. The device
// follows the domain through suspends (see suspend.go).
func Open(index int, cfg Config) (*Device, error) {
	s, err := xenbus.Open()
	if err != nil {
		return nil, err
	}
	v, err := readVbd(s, index)
	if err != nil {
		return nil, errors.Join(errors.New("blkfront: open device/vbd/"+strconv.Itoa(index)), err)
	}
	f := &follower{s: s, index: index, pool: gnttab.AllocPages(cfg.bufferPages())}
	fail := func(e error) (*Device, error) {
		return nil, errors.Join(errors.New("blkfront: open "+v.front), e)
	}
	c, err := newConn(v)
	if err != nil {
		return fail(err)
	}
	dk, sh, err := c.attach(s, cfg.RingPageOrder, f.ringPages, f.pool)
	if err != nil {
		return fail(errors.Join(err, c.Release()))
	}
	d := newDevice(v.handle, dk, sh, ring.Port(c.Port), cfg)
	if err := c.follow(d, s); err != nil {
		d.Close()
		return fail(errors.Join(err, c.Close(s, closeTimeout)))
	}
	f.d, f.c = d, c
	f.unregister = lifecycle.Register("blkfront "+v.front, f)
	d.teardown = f.close
	return d, nil
}

// conn is a device's connection to one backend.
type conn struct {
	*xenbus.Link
	v vbdInfo
}

// newConn binds an event channel for v's backend.
func newConn(v vbdInfo) (*conn, error) {
	l, err := xenbus.NewLink(v.front, v.backend, v.backendID)
	if err != nil {
		return nil, err
	}
	return &conn{l, v}, nil
}

// attach runs the handshake: it grants a ring of 2^order pages from
// ringPages (order as connect chooses it) and the pool, and returns the
// disk the backend offers and what the device runs on.
func (c *conn) attach(s xenbus.Store, order int, ringPages func(order int) []byte, pool []byte) (disk, shared, error) {
	var sh shared
	dk, err := connect(s, c.v, order, func(order int) ([][2]string, error) {
		pages := ringPages(order)
		clear(pages)
		sh.ring = ring.NewFront(pages, entrySize)
		refs, err := c.Grants.Pages(pages, false)
		if err != nil {
			return nil, err
		}
		return append(ringNodes(refs), [2]string{"event-channel", strconv.FormatUint(uint64(c.Port), 10)}), nil
	})
	if err == nil {
		sh.pool = pool
		sh.grefs, err = c.Grants.Pages(pool, false)
	}
	if err != nil {
		return disk{}, shared{}, errors.Join(err, disconnect(s, c.v))
	}
	return dk, sh, nil
}

// follow watches the backend's state until Unfollow: once it leaves
// Connected, the device is dead.
func (c *conn) follow(d *Device, s xenbus.Store) error {
	return c.Follow(s, func(st hypercall.XenbusState) {
		d.backendGone(errors.Join(ErrBackendGone, errors.New("blkfront: backend "+c.v.backend+" is "+st.String())))
	})
}

// A follower takes an open device through the domain's suspends.
type follower struct {
	d          *Device
	s          xenbus.Store
	index      int
	ring       []byte // the ring's pages, kept for a reconnection
	pool       []byte
	c          *conn // nil once a reconnection failed
	unregister func()
	suspended  bool
}

// ringPages are the first 2^order pages of the ring, allocated on
// first use (or if a larger ring is asked for).
func (f *follower) ringPages(order int) []byte {
	if n := pageSize << order; n > len(f.ring) {
		f.ring = gnttab.AllocPages(1 << order)
	}
	return f.ring[:pageSize<<order]
}

// close is the device's teardown: the closing handshake on the current
// connection, once no suspend is under way.
func (f *follower) close() error {
	f.unregister()
	c := f.c
	if c == nil {
		return nil
	}
	return c.Close(f.s, closeTimeout)
}

// Suspend waits for the requests in flight (suspendTimeout at most:
// then the suspend is refused) and holds new ones back; then it stops
// watching the backend, which a suspend must not read as the backend
// going.
func (f *follower) Suspend() error {
	if f.c == nil {
		return nil // dead since the last move: nothing is shared
	}
	limit, stop := deadline(suspendTimeout)
	defer stop()
	if err := f.d.quiesce(limit); err != nil {
		return err
	}
	f.suspended = true
	f.c.Unfollow()
	return nil
}

// Resume lets requests go again, in place or, after a move, once the
// device has reconnected to its backend in the new domain; a device
// that cannot reconnect fails its requests with the reason.
func (f *follower) Resume(moved bool) {
	if !f.suspended {
		return
	}
	f.suspended = false
	if !moved {
		if f.d.usable() {
			if err := f.c.follow(f.d, f.s); err != nil {
				f.d.die(errors.Join(ErrBackendGone, err))
			}
		}
		f.d.carryOn()
		return
	}
	f.c.Forget() // the grants and the port went with the old domain
	if !f.d.usable() {
		return
	}
	if err := f.reconnect(); err != nil {
		f.c = nil
		f.d.die(errors.Join(ErrBackendGone, errors.New("blkfront: reconnecting after a move"), err))
	}
}

// reconnect connects to the vbd's backend in the new domain with a ring
// of the same size as before, and restarts the device on it.
func (f *follower) reconnect() error {
	v, err := readVbd(f.s, f.index)
	if err != nil {
		return err
	}
	c, err := newConn(v)
	if err != nil {
		return err
	}
	order := bits.TrailingZeros(uint(f.d.Features().RingPages))
	dk, sh, err := c.attach(f.s, order, f.ringPages, f.pool)
	if err != nil {
		return errors.Join(err, c.Release())
	}
	if err := f.d.restart(sh, ring.Port(c.Port), dk); err != nil {
		return errors.Join(err, c.Close(f.s, closeTimeout))
	}
	f.c = c
	if err := c.follow(f.d, f.s); err != nil {
		return errors.Join(err, c.Close(f.s, closeTimeout))
	}
	return nil
}
