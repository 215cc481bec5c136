// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/xenboot"
	"unsafe"
)

// Memory. The domain's RAM is identity-mapped (paging in xen_paging.go)
// and the heap grows from the end of the image, sbrk style (mem_sbrk.go),
// up to the end of the RAM range the image sits in.

var xenRAMEnd uintptr

// xenMemBase is where the runtime's memory starts: the end of the image,
// the stashed ramdisk and the boot page tables.
var xenMemBase uintptr

const xenIdentityMapped = 4 << 30 // what the boot page tables map

func xenMemInit() {
	entries := xenMemmap()
	ramPages := uintptr(xenboot.RAMPages(entries)) // read before the allocations below reuse the map's memory
	end := uintptr(xenboot.RAMEnd(entries, uint64(bloc), xenIdentityMapped))
	if end <= bloc {
		xenFatalEarly("xen: no RAM after the image in the memory map", "")
	}
	xenRAMEnd = end
	lowLo, lowHi := xenLowRAMRange(entries) // the map lies where sbrk goes next
	xenStashRamdisk()
	xenFindHole(entries)
	xenAllocCPUs()
	xenInitPaging()
	xenBalloonInit(ramPages)
	xenBootMark(xenBootPaging)
	xenMemBase = bloc
	if lowLo < lowHi {
		memFree(unsafe.Pointer(lowLo), lowHi-lowLo)
		xenLowRAM = lowHi - lowLo
	}
	xenCheckArenaRoom()
}

// xenCheckArenaRoom stops the boot of a domain too small for the heap's
// first arena, with the memory it needs: the heap takes RAM in 4 MiB
// arenas aligned to 4 MiB from the break up, so such a domain would die
// out of memory at its first allocation (and, that early, the fatal
// error's report did not end: the domain hung instead of crashing).
func xenCheckArenaRoom() {
	need := alignUp(bloc, heapArenaBytes) + heapArenaBytes
	if need <= xenRAMEnd {
		return
	}
	var buf [64]byte
	n := copy(buf[:], "give it at least ")
	n += xenItoa(buf[n:], int32((need+(1<<20)-1)>>20))
	n += copy(buf[n:], " MiB")
	xenFatalEarly("xen: the domain's memory is too small for the heap's first 4 MiB arena: ", unsafe.String(&buf[0], n))
}

// xenLowRAMStart is where the RAM below the image that the runtime may
// use begins: page 0 stays unmapped and rt0's scratch stack is below.
const xenLowRAMStart = 64 << 10

// xenLowRAMRange is the RAM below the image (cmd/link places xen images
// at 1 MiB) that xenMemInit puts on sbrk's free list, last, once what
// the start info points to has been read. The runtime's metadata (heap
// arena index, page summaries, spans) is taken from that list first.
// Otherwise that metadata, half a megabyte at start, comes from the
// break and pushes the first 4 MiB-aligned heap arena up by 4 MiB:
// hello did not fit in an 8 MiB domain.
func xenLowRAMRange(entries []xenboot.MemmapEntry) (lo, hi uintptr) {
	si := &xenStartInfo
	avoid := [...]uint64{uint64(xenStartInfoPA), si.memmapPaddr, si.cmdlinePaddr, si.modlistPaddr, si.rsdpPaddr}
	imageStart := alignDown(firstmoduledata.text, pageSize4K) - pageSize4K // the ELF header's page
	l, h := xenboot.LowRAM(entries, xenLowRAMStart, uint64(imageStart), avoid[:])
	return uintptr(l), uintptr(h)
}

// xenLowRAM is how much RAM below the image xenGiveLowRAM gave.
var xenLowRAM uintptr

// sbrk grows the heap by n bytes of zeroed memory.
func sbrk(n uintptr) unsafe.Pointer {
	bl := bloc
	n = memRound(n)
	if bl+n > blocMax {
		if bl+n > xenRAMEnd || bl+n < bl {
			return nil
		}
		// Pages handed back to Xen come back first (balloon_xen.go).
		if !xenBalloonTake(blocMax, bl+n-blocMax) {
			return nil
		}
		// Xen does not promise zeroed pages; the heap needs them.
		memclrNoHeapPointers(unsafe.Pointer(blocMax), bl+n-blocMax)
		blocMax = bl + n
	}
	bloc += n
	return unsafe.Pointer(bl)
}

// xenAllocPages takes n zeroed pages for the runtime's own use (page
// tables), before the heap starts.
func xenAllocPages(n uintptr) uintptr {
	p := sbrk(n * 4096)
	if p == nil {
		xenFatalEarly("xen: out of memory for page tables", "")
	}
	return uintptr(p)
}

func init() {
	// Let a goroutine stack take at most a quarter of the domain's
	// memory after the image, so that runaway recursion ends as "stack
	// overflow", as on linux, rather than as out of memory. Runs after
	// runtime.main has set the default limit. (Counted from xenMemBase,
	// not the current break: in a small domain the first heap arenas
	// may already have taken nearly all of it; and with the ramdisk's
	// memory, which the heap gets before main.)
	if lim := xenMemAvail() / 4; lim < maxstacksize {
		maxstacksize = lim
		maxstackceiling = 2 * lim
	}
}
