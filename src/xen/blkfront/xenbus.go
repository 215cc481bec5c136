// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"math/bits"
	"strconv"
	"time"

	"xen/hypercall"
	"xen/internal/xenbus"
)

// Handshake limits: the backend's hotplug script runs in dom0 before
// it connects, which takes seconds on a loaded host. A suspend waits
// suspendTimeout at most for the requests in flight.
var (
	connectTimeout = 60 * time.Second
	closeTimeout   = 5 * time.Second
	suspendTimeout = 10 * time.Second
)

// maxRingOrder bounds the ring this frontend asks for: 16 pages, 512
// requests in flight.
const maxRingOrder = 4

// devices lists the entries of device/vbd.
func devices(s xenbus.Store) ([]int, error) { return xenbus.Devices(s, "vbd") }

// vbdInfo is what the toolstack wrote for one vbd.
type vbdInfo struct {
	front     string // device/vbd/N
	backend   string // the backend's directory
	backendID hypercall.DomID
	handle    uint16 // N, the virtual-device number, echoed in requests
}

func readVbd(s xenbus.Store, index int) (vbdInfo, error) {
	v := vbdInfo{front: "device/vbd/" + strconv.Itoa(index), handle: uint16(index)}
	var err error
	if v.backend, err = xenbus.String(s, v.front+"/backend"); err != nil {
		return v, err
	}
	id, err := xenbus.String(s, v.front+"/backend-id")
	if err != nil {
		return v, err
	}
	n, err := strconv.ParseUint(id, 10, 16)
	if err != nil || n >= uint64(hypercall.DomIDFirstReserved) {
		return v, errors.New("bad " + v.front + "/backend-id " + strconv.Quote(id))
	}
	v.backendID = hypercall.DomID(n)
	return v, nil
}

// ringOrder is the ring size to use: the order asked for, within what
// the backend offers (max-ring-page-order, or the older max-ring-pages).
func ringOrder(s xenbus.Store, backend string, want int) (int, error) {
	limit, err := xenbus.Uint(s, backend+"/max-ring-page-order", 32, 0)
	if err != nil {
		return 0, err
	}
	pages, err := xenbus.Uint(s, backend+"/max-ring-pages", 32, 1)
	if err != nil {
		return 0, err
	}
	if pages > 0 {
		limit = max(limit, uint64(bits.Len64(pages)-1))
	}
	return int(min(uint64(max(want, 0)), limit, maxRingOrder)), nil
}

// earlierOrder reports the ring order of an earlier connection of the
// device, which its ring nodes in the frontend's directory still show.
// A reconnection keeps it: Linux's blkback (6.1) sizes its request pool
// for the first ring it maps, and given another size it warns and
// closes.
func earlierOrder(s xenbus.Store, front string) (int, bool) {
	if o, err := xenbus.Uint(s, front+"/ring-page-order", 32, ^uint64(0)); err == nil && o <= maxRingOrder {
		return int(o), true
	}
	if _, err := xenbus.String(s, front+"/ring-ref"); err == nil {
		return 0, true
	}
	return 0, false
}

// connect runs the frontend's side of the handshake: wait until the
// backend has published its transport parameters, choose the ring size,
// publish the ring (publish grants 2^order pages and returns its
// ring-ref and event-channel nodes), wait until the backend is
// Connected, and read the disk it offers.
func connect(s xenbus.Store, v vbdInfo, wantOrder int, publish func(order int) ([][2]string, error)) (disk, error) {
	// Initialising tells a backend left Closed by an earlier frontend to
	// get ready again.
	if err := xenbus.WriteState(s, v.front, hypercall.XenbusStateInitialising); err != nil {
		return disk{}, err
	}
	// A backend may skip InitWait (blkif.h): then only defaults apply,
	// which ringOrder finds.
	if _, err := xenbus.WaitBackend(s, v.backend, connectTimeout, xenbus.IsState(hypercall.XenbusStateInitWait,
		hypercall.XenbusStateInitialised, hypercall.XenbusStateConnected), nil); err != nil {
		return disk{}, err
	}
	if prev, ok := earlierOrder(s, v.front); ok {
		wantOrder = prev
	}
	order, err := ringOrder(s, v.backend, wantOrder)
	if err != nil {
		return disk{}, err
	}
	kv, err := publish(order)
	if err != nil {
		return disk{}, err
	}
	kv = append(kv, [2]string{"protocol", "x86_64-abi"})
	if order > 0 {
		// Both multi-page schemes (blkif.h, note 3).
		kv = append(kv, [2]string{"ring-page-order", strconv.Itoa(order)}, [2]string{"num-ring-pages", strconv.Itoa(1 << order)})
	}
	for _, e := range kv {
		if err := s.Write(v.front+"/"+e[0], []byte(e[1])); err != nil {
			return disk{}, err
		}
	}
	if err := xenbus.WriteState(s, v.front, hypercall.XenbusStateInitialised); err != nil {
		return disk{}, err
	}
	gone := xenbus.IsState(hypercall.XenbusStateClosing, hypercall.XenbusStateClosed)
	if _, err := xenbus.WaitBackend(s, v.backend, connectTimeout, xenbus.IsState(hypercall.XenbusStateConnected), gone); err != nil {
		return disk{}, err
	}
	dk, err := readDisk(s, v.backend)
	if err != nil {
		return disk{}, err
	}
	dk.features.RingPages = 1 << order
	return dk, xenbus.WriteState(s, v.front, hypercall.XenbusStateConnected)
}

// ringNodes are the frontend's nodes for ring pages granted as refs:
// ring-ref for one page, ring-ref0..N otherwise (blkif.h, note 6).
func ringNodes(refs []uint32) [][2]string {
	if len(refs) == 1 {
		return [][2]string{{"ring-ref", strconv.FormatUint(uint64(refs[0]), 10)}}
	}
	var kv [][2]string
	for i, r := range refs {
		kv = append(kv, [2]string{"ring-ref" + strconv.Itoa(i), strconv.FormatUint(uint64(r), 10)})
	}
	return kv
}

// disconnect runs the closing handshake; it does not wait longer than
// closeTimeout for each step of a backend that does not answer.
func disconnect(s xenbus.Store, v vbdInfo) error {
	return xenbus.Disconnect(s, v.front, v.backend, closeTimeout)
}
