// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"sync/atomic"

	"xen/hypercall"
)

// ringSize is the bytes in each ring, a power of two.
const ringSize = hypercall.XenstoreRingSize

// DomainInterface is struct xenstore_domain_interface, the page shared
// with xenstored (laid out by package hypercall, checked there against the
// C header). In a guest it is the page named by HVM_PARAM_STORE_PFN,
// reached by converting that page's address to a *DomainInterface.
//
// The indices are free-running and masked with ringSize-1 to address a
// ring. While the page is in use, access them only with sync/atomic (the
// methods below do), because the other domain changes them concurrently.
type DomainInterface hypercall.XenstoreDomainInterface

// WriteRequest copies a prefix of b into the request ring, as much as
// fits, publishes it, and returns its length. It returns ErrRingCorrupt if
// the indices claim more than a ring's worth of unconsumed bytes.
//
// Each index is read once: the other side may change it at any moment.
// Go's atomic loads and stores are sequentially consistent, so the data is
// written before the new producer index becomes visible, and the consumer
// index is read before we overwrite the space it frees.
func (p *DomainInterface) WriteRequest(b []byte) (int, error) {
	cons := atomic.LoadUint32((*uint32)(&p.ReqCons))
	prod := atomic.LoadUint32((*uint32)(&p.ReqProd))
	used := prod - cons
	if used > ringSize {
		return 0, ErrRingCorrupt
	}
	n := copyIn(&p.Req, prod, ringSize-used, b)
	if n > 0 {
		atomic.StoreUint32((*uint32)(&p.ReqProd), prod+uint32(n))
	}
	return n, nil
}

// ReadResponse copies up to len(b) unread bytes of the reply ring into b,
// releases their space to xenstored, and returns how many it copied. It
// returns ErrRingCorrupt if the indices claim more than a ring's worth of
// unread bytes. Ordering is as for WriteRequest: the data is read after
// the producer index and before the consumer index moves past it.
func (p *DomainInterface) ReadResponse(b []byte) (int, error) {
	cons := atomic.LoadUint32((*uint32)(&p.RspCons))
	prod := atomic.LoadUint32((*uint32)(&p.RspProd))
	avail := prod - cons
	if avail > ringSize {
		return 0, ErrRingCorrupt
	}
	n := copyOut(b, &p.Rsp, cons, avail)
	if n > 0 {
		atomic.StoreUint32((*uint32)(&p.RspCons), cons+uint32(n))
	}
	return n, nil
}

// copyIn writes up to space bytes of src into ring starting at index idx,
// wrapping at the end; space must not exceed ringSize.
func copyIn(ring *[ringSize]byte, idx, space uint32, src []byte) int {
	n := 0
	for space > 0 && n < len(src) {
		off := idx & (ringSize - 1)
		chunk := min(ringSize-off, space)
		c := copy(ring[off:off+chunk], src[n:])
		n += c
		idx += uint32(c)
		space -= uint32(c)
	}
	return n
}

// copyOut reads up to avail bytes from ring starting at index idx into
// dst, wrapping at the end; avail must not exceed ringSize.
func copyOut(dst []byte, ring *[ringSize]byte, idx, avail uint32) int {
	n := 0
	for avail > 0 && n < len(dst) {
		off := idx & (ringSize - 1)
		chunk := min(ringSize-off, avail)
		c := copy(dst[n:], ring[off:off+chunk])
		n += c
		idx += uint32(c)
		avail -= uint32(c)
	}
	return n
}
