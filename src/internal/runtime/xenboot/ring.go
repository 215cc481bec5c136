// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

// Xen's byte rings (the PV console's, xenstore's) are arrays of size
// bytes, a power of two, with free-running 32-bit producer and consumer
// indices; the other domain writes one of them, so either may be
// nonsense. The functions are nosplit: the runtime's console writer,
// which may run while it prints a fatal error, calls them.

// RingUsed returns how many bytes a consumer may read, or ok == false
// if the producer claims more than the ring holds.
//
//go:nosplit
func RingUsed(prod, cons, size uint32) (used uint32, ok bool) {
	used = prod - cons
	return used, used <= size
}

// RingFree returns how many bytes a producer may write, or ok == false
// if the consumer claims to have read bytes never written.
//
//go:nosplit
func RingFree(prod, cons, size uint32) (free uint32, ok bool) {
	used := prod - cons
	if used > size {
		return 0, false
	}
	return size - used, true
}

// RingWrite copies what fits of b into ring at producer index prod,
// given the consumer index cons, and returns how many bytes it copied
// (0 with ok == false for nonsense indices). The caller publishes
// prod+n after a write barrier.
//
//go:nosplit
func RingWrite(ring []byte, prod, cons uint32, b []byte) (n uint32, ok bool) {
	size := uint32(len(ring))
	free, ok := RingFree(prod, cons, size)
	if !ok {
		return 0, false
	}
	n = min(free, uint32(min(len(b), 1<<31)))
	for i := uint32(0); i < n; i++ {
		ring[(prod+i)&(size-1)] = b[i]
	}
	return n, true
}

// RingRead copies up to len(b) unread bytes from ring at consumer index
// cons, given the producer index prod, and returns how many it copied
// (0 with ok == false for nonsense indices). The caller publishes
// cons+n once it is done with the bytes.
//
//go:nosplit
func RingRead(ring []byte, prod, cons uint32, b []byte) (n uint32, ok bool) {
	size := uint32(len(ring))
	used, ok := RingUsed(prod, cons, size)
	if !ok {
		return 0, false
	}
	n = min(used, uint32(min(len(b), 1<<31)))
	for i := uint32(0); i < n; i++ {
		b[i] = ring[(cons+i)&(size-1)]
	}
	return n, true
}
