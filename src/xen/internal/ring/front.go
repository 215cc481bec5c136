// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ring

import (
	"sync/atomic"
	"unsafe"

	"xen/hypercall"
)

// PageSize is the size of a ring page (and of a granted page).
const PageSize = hypercall.XenPageSize

// Front is the frontend's side of one shared ring: the pages both
// domains see, and the indices only the frontend keeps. Its user
// serialises calls.
type Front struct {
	page    []byte // struct sring header, then the entries
	hdr     *hypercall.SringHeader
	esize   int    // bytes per entry
	size    uint32 // entries, a power of two
	ReqProd uint32 // requests written (req_prod_pvt)
	RspCons uint32 // responses consumed
}

// NewFront initialises zeroed pages (a whole number, page-aligned) as
// an empty ring of entries of esize bytes (SHARED_RING_INIT and
// FRONT_RING_INIT). It panics if no entry fits.
func NewFront(pages []byte, esize int) *Front {
	n := hypercall.RingSize(uintptr(len(pages)), uintptr(esize))
	if n == 0 || len(pages)%PageSize != 0 {
		panic("ring: pages hold no entry")
	}
	r := &Front{page: pages, hdr: (*hypercall.SringHeader)(unsafe.Pointer(&pages[0])), esize: esize, size: n}
	atomic.StoreUint32((*uint32)(&r.hdr.ReqEvent), 1)
	atomic.StoreUint32((*uint32)(&r.hdr.RspEvent), 1)
	return r
}

// Size is how many entries the ring has.
func (r *Front) Size() uint32 { return r.size }

// Entry is slot i of the ring, i taken modulo the ring size.
func (r *Front) Entry(i uint32) []byte {
	off := hypercall.SringHeaderSize + int(i&(r.size-1))*r.esize
	return r.page[off : off+r.esize : off+r.esize]
}

// Outstanding is how many requests written have no response consumed.
func (r *Front) Outstanding() uint32 { return r.ReqProd - r.RspCons }

// Free is how many requests can be written now.
func (r *Front) Free() int { return int(r.size - r.Outstanding()) }

// Push publishes the requests written so far and reports whether the
// backend asked to be notified about them
// (RING_PUSH_REQUESTS_AND_CHECK_NOTIFY).
func (r *Front) Push() bool {
	old := atomic.LoadUint32((*uint32)(&r.hdr.ReqProd))
	// The entries are written before the index (atomics order them).
	atomic.StoreUint32((*uint32)(&r.hdr.ReqProd), r.ReqProd)
	ev := atomic.LoadUint32((*uint32)(&r.hdr.ReqEvent))
	return r.ReqProd-ev < r.ReqProd-old
}

// Responses is how many responses wait to be consumed, from one read
// of rsp_prod. ok is false when rsp_prod claims more responses than
// requests are outstanding: the value is ignored (nothing is consumed)
// until the backend writes a possible one.
func (r *Front) Responses() (n uint32, ok bool) {
	prod := atomic.LoadUint32((*uint32)(&r.hdr.RspProd))
	n = prod - r.RspCons
	if n > r.Outstanding() {
		return 0, false
	}
	return n, true
}

// EventAt asks the backend to signal when it publishes response idx
// (it signals once rsp_prod passes rsp_event-1).
func (r *Front) EventAt(idx uint32) {
	atomic.StoreUint32((*uint32)(&r.hdr.RspEvent), idx)
}
