// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ringtest

import (
	"sync/atomic"
	"unsafe"

	"xen/hypercall"
)

// Back is the backend's side of a shared ring on the same pages as the
// frontend's ring.Front.
type Back struct {
	page    []byte
	hdr     *hypercall.SringHeader
	esize   int
	size    uint32
	ReqCons uint32 // requests consumed
	RspProd uint32 // responses written, not yet pushed
}

// NewBack attaches to pages the frontend initialised, with entries of
// esize bytes (BACK_RING_ATTACH at index 0).
func NewBack(pages []byte, esize int) *Back {
	return &Back{page: pages, hdr: (*hypercall.SringHeader)(unsafe.Pointer(&pages[0])), esize: esize,
		size: hypercall.RingSize(uintptr(len(pages)), uintptr(esize))}
}

// Size is how many entries the ring has.
func (b *Back) Size() uint32 { return b.size }

// Entry is slot i of the ring, i taken modulo the ring size.
func (b *Back) Entry(i uint32) []byte {
	off := hypercall.SringHeaderSize + int(i&(b.size-1))*b.esize
	return b.page[off : off+b.esize : off+b.esize]
}

func (b *Back) idx(p *hypercall.RingIdx) *uint32 { return (*uint32)(p) }

// Requests is how many published requests wait.
func (b *Back) Requests() uint32 { return atomic.LoadUint32(b.idx(&b.hdr.ReqProd)) - b.ReqCons }

// Push publishes the responses written; it reports whether the
// frontend asked for an event (RING_PUSH_RESPONSES_AND_CHECK_NOTIFY).
func (b *Back) Push() bool {
	old := atomic.LoadUint32(b.idx(&b.hdr.RspProd))
	atomic.StoreUint32(b.idx(&b.hdr.RspProd), b.RspProd)
	ev := atomic.LoadUint32(b.idx(&b.hdr.RspEvent))
	return b.RspProd-ev < b.RspProd-old
}

// FinalCheck asks for an event at the next request and reports
// whether requests came meanwhile (RING_FINAL_CHECK_FOR_REQUESTS).
func (b *Back) FinalCheck() bool {
	atomic.StoreUint32(b.idx(&b.hdr.ReqEvent), b.ReqCons+1)
	return b.Requests() > 0
}

// SetRspProd writes rsp_prod as it is, as a hostile backend may.
func (b *Back) SetRspProd(v uint32) { atomic.StoreUint32(b.idx(&b.hdr.RspProd), v) }

// RspEvent is the response index the frontend wants an event at.
func (b *Back) RspEvent() uint32 { return atomic.LoadUint32(b.idx(&b.hdr.RspEvent)) }

// ReqEvent is the request index the backend asked an event at.
func (b *Back) ReqEvent() uint32 { return atomic.LoadUint32(b.idx(&b.hdr.ReqEvent)) }
