// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

import "math/bits"

// Xen's page size for rings and hypercall interfaces, 4 KiB on every
// architecture whatever the guest's own page size (XEN_PAGE_SHIFT).
const (
	XenPageShift = 12
	XenPageSize  = 1 << XenPageShift
)

// RingIdx is RING_IDX: a free-running index into a shared ring, reduced
// modulo the (power of two) ring size only to address an entry.
type RingIdx uint32

// SringHeader is the start of every shared ring page declared with
// DEFINE_RING_TYPES in io/ring.h (struct NAME_sring). The ring entries
// follow at offset SringHeaderSize; each entry is a union of the request
// and response type, so its size is the larger of the two.
type SringHeader struct {
	ReqProd  RingIdx // written by the frontend
	ReqEvent RingIdx // backend wants an event when ReqProd passes this
	RspProd  RingIdx // written by the backend
	RspEvent RingIdx // frontend wants an event when RspProd passes this
	Pvt      [4]byte // per-protocol private byte (netif smartpoll)
	Pad      [44]byte
}

// SringHeaderSize is the offset of the first ring entry.
const SringHeaderSize = 64

// RingSize returns how many entries of entrySize bytes fit in a shared
// ring of pageSize bytes, rounded down to a power of two as __RING_SIZE
// does (so indices can be masked). It returns 0 if none fit.
func RingSize(pageSize, entrySize uintptr) uint32 {
	if entrySize == 0 || pageSize <= SringHeaderSize {
		return 0
	}
	n := uint64((pageSize - SringHeaderSize) / entrySize)
	if n == 0 {
		return 0
	}
	if n > 1<<31 {
		n = 1 << 31 // __RD32 works on 32-bit values
	}
	return uint32(1) << (bits.Len64(n) - 1)
}
