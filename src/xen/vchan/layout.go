// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vchan

import (
	"errors"
	"strconv"
)

// The shared control page (struct vchan_interface): two ring_shared
// {cons, prod} pairs, the ring orders, four status bytes, the grants.
const (
	offLeftCons   = 0
	offLeftProd   = 4
	offRightCons  = 8
	offRightProd  = 12
	offLeftOrder  = 16
	offRightOrder = 18
	offStatus     = 20 // cli_live, srv_live, cli_notify, srv_notify
	offGrants     = 24

	// Bytes of the status word (little endian).
	byteCliLive   = 0
	byteSrvLive   = 1
	byteCliNotify = 2 // what the server asked the client to signal
	byteSrvNotify = 3 // what the client asked the server to signal

	// Live states.
	liveGone    = 0
	liveUp      = 1
	liveWaiting = 2 // the client has not connected yet

	notifyWrite = 1 // signal after writing data
	notifyRead  = 2 // signal after consuming data

	pageSize  = 4096
	pageShift = 12

	smallOrder  = 10 // a 1 KiB ring at offset 1024 of the control page
	largeOrder  = 11 // a 2 KiB ring at offset 2048
	smallOffset = 1024
	largeOffset = 2048
	maxOrder    = 20 // 1 MiB: more grants would not fit the control page
)

// ErrBadLayout means the control page describes rings that cannot be.
var ErrBadLayout = errors.New("vchan: bad ring layout in the control page")

// ringPages is the number of granted pages a ring of the given order
// takes (none for the rings inside the control page).
func ringPages(order int) int {
	if order < pageShift {
		return 0
	}
	return 1 << (order - pageShift)
}

// inPageOffset is where a ring inside the control page starts.
func inPageOffset(order int) int {
	if order == smallOrder {
		return smallOffset
	}
	return largeOffset
}

// orderFor is the smallest ring order holding n bytes.
func orderFor(n int) int {
	o := pageShift
	for o < maxOrder && 1<<o < n {
		o++
	}
	return o
}

// chooseOrders picks the ring sizes a server offers for at least
// leftMin bytes from the client and rightMin bytes to it. Small rings go
// inside the control page, as libxenvchan does.
func chooseOrders(leftMin, rightMin int) (left, right int, err error) {
	if leftMin < 0 || rightMin < 0 || leftMin > 1<<maxOrder || rightMin > 1<<maxOrder {
		return 0, 0, errors.New("vchan: ring size out of range (at most 1 MiB)")
	}
	left, right = orderFor(leftMin), orderFor(rightMin)
	switch {
	case leftMin <= 1<<smallOrder && rightMin <= 1<<largeOrder:
		left, right = smallOrder, largeOrder
	case leftMin <= 1<<largeOrder && rightMin <= 1<<smallOrder:
		left, right = largeOrder, smallOrder
	case leftMin <= 1<<largeOrder:
		left = largeOrder
	case rightMin <= 1<<largeOrder:
		right = largeOrder
	}
	return left, right, nil
}

// checkOrders validates the orders a server wrote, as a client must: in
// range, in-page rings that do not overlap, and a grant list that fits
// before the first in-page ring.
func checkOrders(left, right int) error {
	bad := func(why string) error {
		return errors.Join(ErrBadLayout, errors.New("left order "+strconv.Itoa(left)+", right order "+strconv.Itoa(right)+": "+why))
	}
	if left < smallOrder || left > maxOrder || right < smallOrder || right > maxOrder {
		return bad("order out of range")
	}
	if left == right && left < pageShift {
		return bad("both rings at one place in the control page")
	}
	end := pageSize
	for _, o := range []int{left, right} {
		if o < pageShift {
			end = min(end, inPageOffset(o))
		}
	}
	if offGrants+4*(ringPages(left)+ringPages(right)) > end {
		return bad("grant list overlaps a ring")
	}
	return nil
}
