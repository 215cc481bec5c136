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
// Connected.
func Open(index int, cfg Config) (*Device, error) {
	s, err := xenbus.Open()
	if err != nil {
		return nil, err
	}
	v, err := readVif(s, index)
	if err != nil {
		return nil, err
	}
	grants := ring.GrantsTo(v.backendID)
	var p evtchn.Port
	release := func() error {
		err := grants.Release()
		if p != 0 {
			err = errors.Join(err, evtchn.Close(p))
		}
		return err
	}
	fail := func(e error) (*Device, error) {
		release()
		return nil, errors.Join(errors.New("netfront: open "+v.front), e)
	}
	r := rings{
		txRing:  gnttab.AllocPages(1),
		rxRing:  gnttab.AllocPages(1),
		txPages: gnttab.AllocPages(ringSize),
		rxPages: gnttab.AllocPages(cfg.rxBuffers()),
	}
	var txRef, rxRef []uint32
	if txRef, err = grants.Pages(r.txRing, false); err != nil {
		return fail(err)
	}
	if rxRef, err = grants.Pages(r.rxRing, false); err != nil {
		return fail(err)
	}
	// The backend only copies from transmit pages, and into receive ones.
	if r.txGrefs, err = grants.Pages(r.txPages, true); err != nil {
		return fail(err)
	}
	if r.rxGrefs, err = grants.Pages(r.rxPages, false); err != nil {
		return fail(err)
	}
	if p, err = evtchn.AllocUnbound(v.backendID); err != nil {
		return fail(err)
	}
	d := newDevice(v.mac, v.mtu, r, ring.Port(p), cfg)
	d.offered, err = connect(s, v, func() [][2]string {
		return append([][2]string{
			{"tx-ring-ref", strconv.FormatUint(uint64(txRef[0]), 10)},
			{"rx-ring-ref", strconv.FormatUint(uint64(rxRef[0]), 10)},
			{"event-channel", strconv.FormatUint(uint64(p), 10)},
		}, cfg.rxFeatures()...)
	})
	if err != nil {
		d.stop()
		return fail(errors.Join(err, disconnect(s, v)))
	}
	stop := make(chan struct{})
	err = xenbus.FollowBackend(s, v.front, v.backend, stop, func(st hypercall.XenbusState) {
		d.backendGone(errors.Join(ErrBackendGone, errors.New("netfront: backend "+v.backend+" is "+st.String())))
	})
	if err != nil {
		d.stop()
		return fail(errors.Join(err, disconnect(s, v)))
	}
	d.teardown = func() error {
		close(stop)
		// Grants end once the backend has unmapped the rings (Release
		// waits for that in the background).
		return errors.Join(disconnect(s, v), release())
	}
	return d, nil
}
