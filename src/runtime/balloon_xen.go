// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"unsafe"
)

// Ballooning: the domain follows the toolstack's memory target (xl
// mem-set) by handing pages of its RAM back to Xen
// (XENMEM_decrease_reservation) and taking them again
// (XENMEM_populate_physmap). xen/control watches memory/target and calls
// xencall_balloonTarget.
//
// As a Linux balloon driver does, the domain hands back pages it owns
// and nothing else can reach: first the never-used tail of the RAM range
// above the sbrk break, which sbrk takes back before it grows into it
// (Xen refuses beyond the domain's maximum, and sbrk then fails as out
// of memory); then free heap pages, which it allocates from the page
// allocator and counts as released to the OS, so that the heap never
// touches them until they are back and freed. A bitmap marks the pages
// handed back.
//
// The default soft memory limit follows the target, so that the
// collector works to keep the heap inside it. A target below what the
// program's live data needs leaves the domain above it, trying again.

type xenBalloonState struct {
	lock mutex // taken under memlock or the heap lock, never the reverse

	base   uintptr  // the first page (frame number) the bitmap covers
	npages uintptr  // the pages it covers: to the end of the RAM range
	out    []uint64 // a bit per page: handed back

	ram    uintptr        // the domain's RAM in pages (the memory map)
	target atomic.Uintptr // the toolstack's target in pages
	gone   atomic.Uintptr // pages handed back
	inHeap uintptr        // of which heap pages (under the heap lock)

	// limit is the default soft memory limit last set; a new target
	// replaces it, but not a limit the program set itself.
	limit int64

	// One hypercall's frame list, filled by queue; op is its operation.
	frames [512]uint64
	nq     int
	op     uintptr
}

var xenBalloon xenBalloonState

var xenReservation xenMemoryReservation // in memory that never moves

// xenHeapPageFrames is the number of Xen pages in a heap page.
const xenHeapPageFrames = pageSize / pageSize4K

// xenBalloonInit makes the bitmap, for the pages from the break to the
// end of the RAM range the heap grows in; ramPages is the domain's RAM.
// It runs in xenMemInit, before the heap exists.
func xenBalloonInit(ramPages uintptr) {
	b := &xenBalloon
	b.ram = ramPages
	b.target.Store(b.ram)
	end := max(xenRAMEnd, xenRAMEndAfterRamdisk) / pageSize4K
	words := (end - bloc/pageSize4K + 63) / 64
	p := xenAllocPages((words*8 + pageSize4K - 1) / pageSize4K)
	b.base = bloc / pageSize4K // the pages after the bitmap's own
	b.npages = end - b.base
	b.out = unsafe.Slice((*uint64)(unsafe.Pointer(p)), words)
}

// held returns the pages of RAM the domain holds.
func (b *xenBalloonState) held() uintptr { return b.ram - b.gone.Load() }

// excess returns the pages the domain holds beyond its target.
func (b *xenBalloonState) excess() uintptr {
	h, t := b.held(), b.target.Load()
	if h <= t {
		return 0
	}
	return h - t
}

// clip returns the part of the pages [lo, hi) the bitmap covers.
func (b *xenBalloonState) clip(lo, hi uintptr) (uintptr, uintptr) {
	lo, hi = max(lo, b.base), min(hi, b.base+b.npages)
	if lo >= hi {
		return 0, 0
	}
	return lo, hi
}

func (b *xenBalloonState) isOut(pfn uintptr) bool {
	i := pfn - b.base
	return b.out[i/64]&(1<<(i%64)) != 0
}

// queue adds page pfn to the frame list of operation op, and makes the
// hypercall when the list is full. It reports false if Xen did less
// than asked. b.lock is held.
func (b *xenBalloonState) queue(op, pfn uintptr) bool {
	ok := true
	if b.nq > 0 && b.op != op {
		ok = b.flush()
	}
	b.op = op
	b.frames[b.nq] = uint64(pfn)
	b.nq++
	if b.nq == len(b.frames) {
		ok = b.flush() && ok
	}
	return ok
}

// flush makes the queued hypercall and marks the pages it moved. It
// reports whether it moved them all. b.lock is held.
func (b *xenBalloonState) flush() bool {
	n := b.nq
	if n == 0 {
		return true
	}
	b.nq = 0
	xenReservation = xenMemoryReservation{
		extentStart: uintptr(unsafe.Pointer(&b.frames[0])),
		nrExtents:   uint64(n),
		domid:       _DOMID_SELF,
	}
	done := int(xenHypercall(_HYPERVISOR_memory_op, b.op, uintptr(unsafe.Pointer(&xenReservation)), 0, 0, 0))
	if done < 0 || done > n {
		done = 0 // an error
	}
	for _, f := range b.frames[:done] {
		i := uintptr(f) - b.base
		b.out[i/64] ^= 1 << (i % 64)
		if b.op == _XENMEM_populate_physmap {
			// Xen does not promise zeroed pages; sbrk's callers
			// and the heap's fresh arenas expect them.
			memclrNoHeapPointers(unsafe.Pointer(uintptr(f)*pageSize4K), pageSize4K)
		}
	}
	if b.op == _XENMEM_decrease_reservation {
		b.gone.Add(uintptr(done))
	} else {
		b.gone.Add(-uintptr(done))
	}
	return done == n
}

// take takes back the handed-back pages of [lo, hi), at most max, and
// reports whether Xen gave every one it was asked for. b.lock is held.
func (b *xenBalloonState) take(lo, hi, max uintptr) bool {
	ok := true
	for i := lo - b.base; i < hi-b.base && max > 0; i++ {
		if b.out[i/64] == 0 {
			i |= 63 // the rest of the word is present too
			continue
		}
		if b.isOut(b.base + i) {
			if !b.queue(_XENMEM_populate_physmap, b.base+i) {
				ok = false
				break
			}
			max--
		}
	}
	return b.flush() && ok
}

// xenBalloonTake makes the pages of [v, v+n), which sbrk is adding to
// the break, present; it reports false if Xen would not give them back
// (the domain is at its maximum). memlock is held.
func xenBalloonTake(v, n uintptr) bool {
	b := &xenBalloon
	if b.gone.Load() == 0 {
		return true
	}
	lo, hi := b.clip(v/pageSize4K, (v+n+pageSize4K-1)/pageSize4K)
	if lo == hi {
		return true
	}
	lock(&b.lock)
	ok := b.take(lo, hi, ^uintptr(0))
	unlock(&b.lock)
	return ok
}

// xenBalloonGiveTail hands back never-used pages above the sbrk break, at
// most max, from the top of the RAM range (a stashed ramdisk lies above
// xenRAMEnd) down.
func xenBalloonGiveTail(max uintptr) {
	b := &xenBalloon
	lock(&memlock)
	lo, hi := b.clip((blocMax+pageSize4K-1)/pageSize4K, xenRAMEnd/pageSize4K)
	lock(&b.lock)
	for pfn := hi; pfn > lo && max > 0; pfn-- {
		if !b.isOut(pfn - 1) {
			if !b.queue(_XENMEM_decrease_reservation, pfn-1) {
				break
			}
			max--
		}
	}
	b.flush()
	unlock(&b.lock)
	unlock(&memlock)
}

// xenBalloonGiveHeap hands back free heap pages, at most max Xen pages,
// from the top of the heap down, so that the heap keeps its free pages
// low and together, and a whole arena goes back when one is free. It
// allocates them from the page allocator, which then never gives them to
// the heap, and counts them as released, as the scavenger counts the
// pages it releases.
func xenBalloonGiveHeap(max uintptr) {
	b := &xenBalloon
	lock(&mheap_.lock)
	// Leave the heap room to allocate in, as a Linux balloon driver
	// stops at the page allocator's watermarks: an eighth of what is in
	// use, at least an arena, or the program would die out of memory
	// chasing a target its live data does not fit in.
	free := gcController.heapFree.load() + gcController.heapReleased.load() - uint64(b.inHeap*pageSize4K)
	reserve := gcController.heapInUse.load() / 8
	if reserve < heapArenaBytes {
		reserve = heapArenaBytes
	}
	if free <= reserve {
		unlock(&mheap_.lock)
		return
	}
	left := min(max, uintptr(free-reserve)/pageSize4K)
	lock(&b.lock)
	p := &mheap_.pages
	for ri := len(p.inUse.ranges) - 1; ri >= 0 && left >= xenHeapPageFrames; ri-- {
		r := p.inUse.ranges[ri]
		first := chunkIndex(r.base.addr())
		for ci := chunkIndex(r.limit.addr() - 1); ci >= first && left >= xenHeapPageFrames; ci-- {
			if c := p.tryChunkOf(ci); c != nil {
				left = b.giveChunk(ci, c, left)
			}
			if ci == 0 {
				break
			}
		}
	}
	if !b.flush() {
		throw("xen: XENMEM_decrease_reservation failed")
	}
	unlock(&b.lock)
	unlock(&mheap_.lock)
}

// giveChunk hands back the free pages of chunk ci, at most max Xen pages,
// from the top down, and returns what is left of max. The heap lock and
// b.lock are held.
func (b *xenBalloonState) giveChunk(ci chunkIdx, c *pallocData, max uintptr) uintptr {
	bits := (*pageBits)(&c.pallocBits)
	i := uint(pallocChunkPages)
	for i > 0 && max >= xenHeapPageFrames {
		for i > 0 && bits.get(i-1) != 0 {
			i--
		}
		end := i
		for i > 0 && bits.get(i-1) == 0 && uintptr(end-i+1)*xenHeapPageFrames <= max {
			i--
		}
		n := uintptr(end - i)
		if n == 0 {
			break
		}
		base := chunkBase(ci) + uintptr(i)*pageSize
		scav := mheap_.pages.allocRange(base, n)
		xenBalloonCountReleased(int64(n*pageSize - scav))
		for f := base / pageSize4K; f < (base+n*pageSize)/pageSize4K; f++ {
			if !b.queue(_XENMEM_decrease_reservation, f) {
				throw("xen: XENMEM_decrease_reservation failed")
			}
		}
		max -= n * xenHeapPageFrames
		b.inHeap += n * xenHeapPageFrames
	}
	return max
}

// xenBalloonCountReleased moves n bytes of free heap memory from ready to
// released in the heap's statistics (negative n: back), as
// pageAlloc.scavengeOne and sysUnused count the pages they release.
func xenBalloonCountReleased(n int64) {
	gcController.mappedReady.Add(-n)
	gcController.heapReleased.add(n)
	gcController.heapFree.add(-n)
	stats := memstats.heapStats.acquire()
	atomic.Xaddint64(&stats.committed, -n)
	atomic.Xaddint64(&stats.released, n)
	memstats.heapStats.release()
}

// xenBalloonTakeBack takes back handed-back pages, at most max: heap
// pages first, which it frees to the page allocator, then the tail.
func xenBalloonTakeBack(max uintptr) {
	b := &xenBalloon
	lock(&mheap_.lock)
	lock(&b.lock)
	heapEnd := blocMax / pageSize4K // the heap's pages lie below
	for i := uintptr(0); i < b.npages && b.base+i < heapEnd && max >= xenHeapPageFrames; i++ {
		if b.out[i/64] == 0 {
			i |= 63
			continue
		}
		if !b.isOut(b.base + i) {
			continue
		}
		// A run of heap pages handed back, up to 64 of them.
		lo := b.base + i
		hi := lo
		for hi < heapEnd && hi-lo < 64*xenHeapPageFrames && hi-lo < max && b.isOut(hi) {
			hi++
		}
		hi = lo + (hi-lo)/xenHeapPageFrames*xenHeapPageFrames
		if hi == lo {
			break
		}
		if !b.take(lo, hi, ^uintptr(0)) {
			// Keep the run whole: hand back what came.
			for pfn := lo; pfn < hi; pfn++ {
				if !b.isOut(pfn) {
					b.queue(_XENMEM_decrease_reservation, pfn)
				}
			}
			b.flush()
			break
		}
		xenBalloonCountReleased(-int64((hi - lo) * pageSize4K))
		mheap_.pages.free(lo*pageSize4K, (hi-lo)/xenHeapPageFrames)
		b.inHeap -= hi - lo
		max -= hi - lo
		i = hi - b.base - 1
	}
	unlock(&mheap_.lock)
	b.take(heapEnd, b.base+b.npages, max) // the tail
	unlock(&b.lock)
}

// xenBalloonShrink is defaultMemoryLimit's share of ballooning: of avail,
// the RAM the runtime may take, what the target leaves it, and the
// headroom to keep below it. Below its full size the heap cannot grow
// past the target even by the one arena it grows by, and the limit
// keeps another arena free for that.
func xenBalloonShrink(avail uintptr) (left, headroom uintptr) {
	b := &xenBalloon
	short := (b.ram - min(b.target.Load(), b.ram)) * pageSize4K
	if short >= avail {
		return 0, 0
	}
	left = avail - short
	headroom = min(max(left/16, heapArenaBytes), left/2)
	if short > 0 {
		headroom = min(headroom+heapArenaBytes, left/2)
	}
	return left, headroom
}

// xencall_balloonTarget sets the domain's memory target (KiB, as
// memory/target holds it) and follows it as far as it can now: up to a
// higher target it takes pages back; down to a lower one it hands back
// the never-used tail of its RAM, then, after a collection, free heap
// pages. It returns how far (KiB) the
// domain stays above the target: memory the program still uses.
//
//go:linkname xencall_balloonTarget xen/internal/xencall.balloonTarget
func xencall_balloonTarget(kib uint64) (excessKiB uint64) {
	b := &xenBalloon
	b.target.Store(uintptr(min(kib/4, uint64(b.ram))))
	if t, h := b.target.Load(), b.held(); t > h {
		systemstack(func() { xenBalloonTakeBack(t - h) })
		xenBalloonSetLimit()
		return 0
	}
	xenBalloonSetLimit()
	if b.excess() > 0 {
		systemstack(func() { xenBalloonGiveTail(b.excess()) })
	}
	if b.excess() > 0 {
		GC()
		systemstack(func() { xenBalloonGiveHeap(b.excess()) })
	}
	return uint64(b.excess()) * 4
}

// xenBalloonSetLimit replaces the default soft memory limit by the one the
// target allows, unless the program set a limit of its own.
func xenBalloonSetLimit() {
	b := &xenBalloon
	if gcController.memoryLimit.Load() != b.limit {
		return
	}
	setMemoryLimit(defaultMemoryLimit())
}

// xencall_balloonStats reports, in KiB, the domain's RAM, what it holds
// now and its target.
//
//go:linkname xencall_balloonStats xen/internal/xencall.balloonStats
func xencall_balloonStats() (ram, held, target uint64) {
	b := &xenBalloon
	return uint64(b.ram) * 4, uint64(b.held()) * 4, uint64(b.target.Load()) * 4
}
