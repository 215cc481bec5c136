// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

// A domain's RAM is all the memory there is: no swap, no page cache to
// give back, and the sbrk heap (mem_sbrk.go) never returns memory to Xen.
// Two defaults follow from that.

// xenMemAvail is the RAM the runtime's memory may take: from xenMemBase
// (the end of the image and the boot page tables) to the end of the RAM
// range, the ramdisk's memory included (the heap gets it once syscall
// has unpacked the archive, see ramdisk_xen.go).
func xenMemAvail() uintptr {
	end := max(xenRAMEnd, xenRAMEndAfterRamdisk)
	if end <= xenMemBase {
		return 0
	}
	return end - xenMemBase
}

// defaultMemoryLimit is the soft memory limit when GOMEMLIMIT is unset
// (readGOMEMLIMIT, patch 0029): the RAM the runtime may take less a
// sixteenth of it, and at least one heap arena (but at most half).
// GOMEMLIMIT=off removes it, and an explicit value replaces it, as
// elsewhere.
//
// Near the limit the collector works harder instead of the heap growing
// until the program dies out of memory with garbage left to collect.
// The limit is compared with what the runtime counts as in use: memory
// in the Ready state (gcController.mappedReady). On xen that is not all
// the RAM the runtime holds:
//
//   - The heap takes RAM in whole 4 MiB arenas (palloc chunks), as
//     reserved and aligned sbrk ranges, and counts the pages it has not
//     used yet as released. Its metadata (mark bits, spans, persistent
//     allocations) comes from the rest of the sbrk range, which heap
//     arenas cannot give back to. So once the heap has taken the last
//     arena that fits, the next 64 KiB of mark bits fails ("cannot
//     allocate memory") although the heap has megabytes free: gcheavy in
//     a 16 MB domain (9.4 MB after the image) died so with a limit of
//     6.5 MB, and passed with 5.4 MB. Hence the one arena.
//   - What the scavenger "releases" is not counted either, although
//     sysUnused gives nothing back here. That is harmless: the pages
//     stay in the heap, which takes them again before it grows.
//   - Gaps left to align arenas and freed metadata wait on the sbrk free
//     list for later metadata; free heap pages can be too scattered for
//     a large span, which then grows the heap. And a soft limit can be
//     overshot. The sixteenth is for these in large domains.
//
// Under a memory target lower than the domain's RAM (xl mem-set,
// balloon_xen.go), the RAM it leaves out is not available.
func defaultMemoryLimit() int64 {
	avail, headroom := xenBalloonShrink(xenMemAvail())
	xenBalloon.limit = int64(avail - headroom)
	return xenBalloon.limit
}

// startingStackCap bounds the stack a new goroutine starts with
// (gcComputeStartingStackSize, patch 0030). Upstream starts each new
// goroutine with the average stack size the last GC scanned, which a few
// goroutines deep in recursion make megabytes; on linux the untouched
// part of such a stack costs address space only, on xen every byte of it
// is RAM. runtime/pprof's TestMorestack (stacks of 64 MiB) left a
// starting size of 4 MiB, and TestGoroutineCounts' 100 goroutines then
// took 400 MB of a 512 MB domain and died out of memory in stackalloc.
// 32 KiB keeps the start 16 times the minimum; a goroutine that needs
// more grows its stack as it would without adaptive starting sizes.
const startingStackCap = 32 << 10
