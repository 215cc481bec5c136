// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vchan

import (
	"internal/byteorder"
	"sync/atomic"
	"unsafe"
)

// The steps both ends take on the control page, shared by the Xen code
// and the tests.

// serverInit fills a zeroed control page: the orders, the grants of the
// left then right ring pages, and the status: server up, client not yet
// connected, and a request to hear about the client's writes.
func serverInit(page []byte, left, right int, grants []uint32) {
	byteorder.LEPutUint16(page[offLeftOrder:], uint16(left))
	byteorder.LEPutUint16(page[offRightOrder:], uint16(right))
	for i, g := range grants {
		byteorder.LEPutUint32(page[offGrants+4*i:], g)
	}
	status := uint32(liveWaiting)<<(8*byteCliLive) | uint32(liveUp)<<(8*byteSrvLive) |
		uint32(notifyWrite)<<(8*byteCliNotify)
	atomic.StoreUint32((*uint32)(unsafe.Pointer(&page[offStatus])), status)
}

// inPageRing returns the ring of the given order inside the control
// page, or nil if it has pages of its own.
func inPageRing(page []byte, order int) []byte {
	if order >= pageShift {
		return nil
	}
	off := inPageOffset(order)
	return page[off : off+1<<order : off+1<<order]
}

// clientLayout reads, once, what a client needs from a server's control
// page, checking everything: the page belongs to the other domain.
func clientLayout(page []byte) (left, right int, leftGrants, rightGrants []uint32, err error) {
	left = int(byteorder.LEUint16(page[offLeftOrder:]))
	right = int(byteorder.LEUint16(page[offRightOrder:]))
	if err := checkOrders(left, right); err != nil {
		return 0, 0, nil, nil, err
	}
	g := func(i int) uint32 { return byteorder.LEUint32(page[offGrants+4*i:]) }
	for i := 0; i < ringPages(left); i++ {
		leftGrants = append(leftGrants, g(i))
	}
	for i := 0; i < ringPages(right); i++ {
		rightGrants = append(rightGrants, g(ringPages(left)+i))
	}
	return left, right, leftGrants, rightGrants, nil
}

// clientConnect marks the client connected and asks to hear about the
// server's writes; the caller then signals the server.
func clientConnect(page []byte) {
	c := &Conn{status: (*uint32)(unsafe.Pointer(&page[offStatus]))}
	c.setStatusByte(byteSrvNotify, notifyWrite)
	c.setStatusByte(byteCliLive, liveUp)
}
