// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"sync/atomic"
	"unsafe"
)

// frontRing is the frontend's side of one shared ring (xen/io/ring.h):
// the page both domains see, and the indices only the frontend keeps.
type frontRing struct {
	page    []byte // one page: struct sring header, then the entries
	esize   int    // bytes per entry
	reqProd uint32 // requests written (req_prod_pvt)
	rspCons uint32 // responses consumed
}

// Offsets of the shared indices in the header.
const (
	offReqProd  = 0
	offReqEvent = 4
	offRspProd  = 8
	offRspEvent = 12
)

// newFrontRing initialises a zeroed page as an empty ring
// (SHARED_RING_INIT and FRONT_RING_INIT).
func newFrontRing(page []byte, esize int) *frontRing {
	r := &frontRing{page: page, esize: esize}
	atomic.StoreUint32(r.shared(offReqEvent), 1)
	atomic.StoreUint32(r.shared(offRspEvent), 1)
	return r
}

func (r *frontRing) shared(off int) *uint32 {
	return (*uint32)(unsafe.Pointer(&r.page[off]))
}

// entry is slot i of the ring, i taken modulo the ring size.
func (r *frontRing) entry(i uint32) []byte {
	off := headerSize + int(i%ringSize)*r.esize
	return r.page[off : off+r.esize : off+r.esize]
}

// free is how many requests can be written now.
func (r *frontRing) free() int { return ringSize - int(r.reqProd-r.rspCons) }

// push publishes the requests written so far and reports whether the
// backend asked to be notified about them (RING_PUSH_REQUESTS_AND_CHECK_NOTIFY).
func (r *frontRing) push() bool {
	old := atomic.LoadUint32(r.shared(offReqProd))
	// The entries are written before the index (atomics order them).
	atomic.StoreUint32(r.shared(offReqProd), r.reqProd)
	ev := atomic.LoadUint32(r.shared(offReqEvent))
	return r.reqProd-ev < r.reqProd-old
}

// responses is how many responses wait to be consumed. ok is false when
// the backend's rsp_prod claims more responses than requests are
// outstanding: the value is ignored (nothing is consumed) until the
// backend writes a possible one.
func (r *frontRing) responses() (n uint32, ok bool) {
	prod := atomic.LoadUint32(r.shared(offRspProd))
	n = prod - r.rspCons
	if n > r.reqProd-r.rspCons {
		return 0, false
	}
	return n, true
}

// eventAt asks the backend to signal when it publishes response idx
// (it signals once rsp_prod passes rsp_event-1).
func (r *frontRing) eventAt(idx uint32) {
	atomic.StoreUint32(r.shared(offRspEvent), idx)
}
