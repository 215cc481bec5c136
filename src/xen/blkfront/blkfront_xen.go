// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"strconv"

	"xen/evtchn"
	"xen/gnttab"
	"xen/hypercall"
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
// and features, and returns once the backend is Connected.
func Open(index int, cfg Config) (*Device, error) {
	s, err := xenbus.Open()
	if err != nil {
		return nil, err
	}
	v, err := readVbd(s, index)
	if err != nil {
		return nil, errors.Join(errors.New("blkfront: open device/vbd/"+strconv.Itoa(index)), err)
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
		return nil, errors.Join(errors.New("blkfront: open "+v.front), e)
	}
	if p, err = evtchn.AllocUnbound(v.backendID); err != nil {
		return fail(err)
	}
	var sh shared
	dk, err := connect(s, v, cfg.RingPageOrder, func(order int) ([][2]string, error) {
		pages := gnttab.AllocPages(1 << order)
		sh.ring = ring.NewFront(pages, entrySize)
		refs, err := grants.Pages(pages, false)
		if err != nil {
			return nil, err
		}
		return append(ringNodes(refs), [2]string{"event-channel", strconv.FormatUint(uint64(p), 10)}), nil
	})
	if err == nil {
		sh.pool = gnttab.AllocPages(cfg.bufferPages())
		sh.grefs, err = grants.Pages(sh.pool, false)
	}
	if err != nil {
		return fail(errors.Join(err, disconnect(s, v)))
	}
	d := newDevice(v.handle, dk, sh, ring.Port(p), cfg)
	stop := make(chan struct{})
	err = xenbus.FollowBackend(s, v.front, v.backend, stop, func(st hypercall.XenbusState) {
		d.backendGone(errors.Join(ErrBackendGone, errors.New("blkfront: backend "+v.backend+" is "+st.String())))
	})
	if err != nil {
		d.Close()
		return fail(errors.Join(err, disconnect(s, v)))
	}
	d.teardown = func() error {
		close(stop)
		// Grants end once the backend has unmapped the pages (Release
		// waits for that in the background).
		return errors.Join(disconnect(s, v), release())
	}
	return d, nil
}
