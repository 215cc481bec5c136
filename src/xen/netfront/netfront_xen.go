// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"errors"
	"strconv"

	"xen/gnttab"
	"xen/hypercall"
	"xen/internal/lifecycle"
	"xen/internal/ring"
	"xen/internal/xenbus"
)

// Devices lists the indices N of the domain's device/vif/N nodes,
// sorted.
func Devices() ([]int, error) {
	s, err := xenbus.Open()
	if err != nil {
		return nil, err
	}
	return devices(s)
}

// Offered lists the vifs a frontend may Open now (see WatchOffered).
func Offered() ([]int, error) {
	s, err := xenbus.Open()
	if err != nil {
		return nil, err
	}
	return offered(s)
}

// WatchOffered reports the vifs a frontend may Open (device/vif/N in
// state Initialising) now and after every change below device/vif, until
// stop is closed: the toolstack attaching a device (xl network-attach),
// or bringing one back after a detach, shows up there.
func WatchOffered(stop <-chan struct{}) (<-chan []int, error) {
	s, err := xenbus.Open()
	if err != nil {
		return nil, err
	}
	changes, unwatch, err := s.Watch("device/vif")
	if err != nil {
		return nil, err
	}
	ch := make(chan []int)
	go func() {
		defer unwatch()
		for {
			// A failed read is retried at the next change.
			if ids, err := offered(s); err == nil {
				select {
				case ch <- ids:
				case <-stop:
					return
				}
			}
			select {
			case <-changes:
			case <-stop:
				return
			}
		}
	}()
	return ch, nil
}

// Open performs the xenbus handshake with the backend of vif index: it
// reads the MAC address (and MTU, if set), shares the rings and receive
// pages, binds an event channel, and returns once the backend is
// Connected. The device follows the domain through suspends: after a
// move to a new domain it connects to the new backend on the same pages
// (frames in flight are lost; TCP sends them again).
func Open(index int, cfg Config) (*Device, error) {
	s, err := xenbus.Open()
	if err != nil {
		return nil, err
	}
	v, err := readVif(s, index)
	if err != nil {
		return nil, err
	}
	r := rings{
		txRing:  gnttab.AllocPages(1),
		rxRing:  gnttab.AllocPages(1),
		txPages: gnttab.AllocPages(ringSize),
		rxPages: gnttab.AllocPages(cfg.rxBuffers()),
	}
	c, err := share(v, &r)
	if err != nil {
		return nil, errors.Join(errors.New("netfront: open "+v.front), err)
	}
	d := newDevice(v.mac, v.mtu, r, ring.Port(c.Port), cfg)
	if err := c.connect(d, s); err != nil {
		d.stop()
		c.Release()
		return nil, errors.Join(errors.New("netfront: open "+v.front), err)
	}
	f := &follower{d: d, s: s, index: index, r: r, c: c}
	f.setTeardown()
	f.unregister = lifecycle.Register("netfront "+v.front, f)
	return d, nil
}

// conn is a device's connection to its backend.
type conn struct {
	*xenbus.Link
	v    vifInfo
	refs [2]uint32 // the tx and rx rings' grants
}

// share binds an event channel for v's backend and grants it r's pages,
// filling in r's grant references.
func share(v vifInfo, r *rings) (*conn, error) {
	l, err := xenbus.NewLink(v.front, v.backend, v.backendID)
	if err != nil {
		return nil, err
	}
	c := &conn{Link: l, v: v}
	fail := func(err error) (*conn, error) {
		c.Release()
		return nil, err
	}
	txRef, err := c.Grants.Pages(r.txRing, false)
	if err != nil {
		return fail(err)
	}
	rxRef, err := c.Grants.Pages(r.rxRing, false)
	if err != nil {
		return fail(err)
	}
	c.refs = [2]uint32{txRef[0], rxRef[0]}
	// The backend only copies from transmit pages, and into receive ones.
	if r.txGrefs, err = c.Grants.Pages(r.txPages, true); err != nil {
		return fail(err)
	}
	if r.rxGrefs, err = c.Grants.Pages(r.rxPages, false); err != nil {
		return fail(err)
	}
	return c, nil
}

// connect runs the handshake for device d, running on c, and watches
// the backend until c.Unfollow.
func (c *conn) connect(d *Device, s xenbus.Store) error {
	var err error
	d.offered, err = connect(s, c.v, func() [][2]string {
		return append([][2]string{
			{"tx-ring-ref", strconv.FormatUint(uint64(c.refs[0]), 10)},
			{"rx-ring-ref", strconv.FormatUint(uint64(c.refs[1]), 10)},
			{"event-channel", strconv.FormatUint(uint64(c.Port), 10)},
		}, d.cfg.rxFeatures()...)
	})
	if err != nil {
		return errors.Join(err, disconnect(s, c.v))
	}
	if err := c.follow(d, s); err != nil {
		return errors.Join(err, disconnect(s, c.v))
	}
	return nil
}

// follow watches the backend's state until c.Unfollow: once it leaves
// Connected, the device is dead.
func (c *conn) follow(d *Device, s xenbus.Store) error {
	return c.Follow(s, func(st hypercall.XenbusState) {
		d.backendGone(errors.Join(ErrBackendGone, errors.New("netfront: backend "+c.v.backend+" is "+st.String())))
	})
}

// A follower takes an open device through the domain's suspends.
type follower struct {
	d          *Device
	s          xenbus.Store
	index      int
	r          rings
	c          *conn
	unregister func()
	suspended  bool
}

// setTeardown makes the device's Close end its current connection.
func (f *follower) setTeardown() {
	c := f.c
	f.d.teardown = func() error {
		f.unregister()
		return c.Close(f.s, closeTimeout)
	}
}

// Suspend holds Sends back and stops watching the backend, which a
// suspend must not read as the backend going.
func (f *follower) Suspend() error {
	f.d.txMu.Lock()
	f.d.mu.Lock()
	closed := f.d.closed
	f.d.mu.Unlock()
	if closed {
		f.d.txMu.Unlock()
		return nil
	}
	f.suspended = true
	f.c.Unfollow()
	return nil
}

// Resume connects to the backend again, to a new one after a move.
func (f *follower) Resume(moved bool) {
	if !f.suspended {
		return
	}
	f.suspended = false
	if !moved {
		err := f.c.follow(f.d, f.s)
		f.d.txMu.Unlock()
		if err != nil {
			f.d.backendGone(err)
		}
		return
	}
	f.c.Forget() // the grants and the event channel went with the old domain
	err := f.reconnect()
	f.setTeardown()
	f.d.txMu.Unlock() // before Moved, which sends
	if err != nil {
		f.d.backendGone(errors.Join(ErrBackendGone, errors.New("netfront: reconnecting after a move"), err))
	} else if f.d.cfg.Moved != nil {
		f.d.cfg.Moved()
	}
}

// reconnect shares the device's pages with the vif's backend in the new
// domain and connects.
func (f *follower) reconnect() error {
	v, err := readVif(f.s, f.index)
	if err != nil {
		return err
	}
	if v.mac != f.d.mac {
		return errors.New("netfront: the vif's MAC address changed to " + formatMAC(v.mac))
	}
	c, err := share(v, &f.r)
	if err != nil {
		return err
	}
	f.c = c
	f.d.restart(f.r, ring.Port(c.Port))
	return c.connect(f.d, f.s)
}
