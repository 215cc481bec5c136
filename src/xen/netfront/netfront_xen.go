// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"errors"
	"strconv"

	"xen/evtchn"
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
	d := newDevice(v.mac, v.mtu, r, ring.Port(c.port), cfg)
	if err := c.connect(d, s); err != nil {
		d.stop()
		c.release()
		return nil, errors.Join(errors.New("netfront: open "+v.front), err)
	}
	f := &follower{d: d, s: s, index: index, r: r, c: c}
	f.setTeardown()
	f.unregister = lifecycle.Register("netfront "+v.front, f)
	return d, nil
}

// conn is a device's connection to its backend: the grants of its
// pages, its event channel, and the watch on the backend's state.
type conn struct {
	v      vifInfo
	grants *ring.Grants
	port   evtchn.Port
	refs   [2]uint32     // the tx and rx rings' grants
	stop   chan struct{} // ends the watch on the backend
}

// share grants r's pages to v's backend and binds an event channel,
// filling in r's grant references.
func share(v vifInfo, r *rings) (*conn, error) {
	c := &conn{v: v, grants: ring.GrantsTo(v.backendID)}
	fail := func(err error) (*conn, error) {
		c.release()
		return nil, err
	}
	txRef, err := c.grants.Pages(r.txRing, false)
	if err != nil {
		return fail(err)
	}
	rxRef, err := c.grants.Pages(r.rxRing, false)
	if err != nil {
		return fail(err)
	}
	c.refs = [2]uint32{txRef[0], rxRef[0]}
	// The backend only copies from transmit pages, and into receive ones.
	if r.txGrefs, err = c.grants.Pages(r.txPages, true); err != nil {
		return fail(err)
	}
	if r.rxGrefs, err = c.grants.Pages(r.rxPages, false); err != nil {
		return fail(err)
	}
	if c.port, err = evtchn.AllocUnbound(v.backendID); err != nil {
		return fail(err)
	}
	evtchn.FollowsSuspend(c.port)
	return c, nil
}

// release ends the grants and closes the event channel.
func (c *conn) release() error {
	err := c.grants.Release()
	if c.port != 0 {
		err = errors.Join(err, evtchn.Close(c.port))
	}
	return err
}

// connect runs the handshake for device d, running on c, and watches
// the backend until c.stop closes.
func (c *conn) connect(d *Device, s xenbus.Store) error {
	var err error
	d.offered, err = connect(s, c.v, func() [][2]string {
		return append([][2]string{
			{"tx-ring-ref", strconv.FormatUint(uint64(c.refs[0]), 10)},
			{"rx-ring-ref", strconv.FormatUint(uint64(c.refs[1]), 10)},
			{"event-channel", strconv.FormatUint(uint64(c.port), 10)},
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

// follow watches the backend's state until c.stop closes: once it
// leaves Connected, the device is dead.
func (c *conn) follow(d *Device, s xenbus.Store) error {
	c.stop = make(chan struct{})
	stop := c.stop
	return xenbus.FollowBackend(s, c.v.front, c.v.backend, stop, func(st hypercall.XenbusState) {
		select {
		case <-stop: // a suspend ended the watch: not the backend's doing
			return
		default:
		}
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
		if c.stop != nil {
			close(c.stop)
		}
		// Grants end once the backend has unmapped the rings (Release
		// waits for that in the background).
		return errors.Join(disconnect(f.s, c.v), c.release())
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
	close(f.c.stop)
	f.c.stop = nil
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
	// The grants and the event channel went with the old domain.
	f.c.grants.Forget()
	f.c.port = 0
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
	f.d.restart(f.r, ring.Port(c.port))
	return c.connect(f.d, f.s)
}
