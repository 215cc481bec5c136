// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

// MemmapEntry is struct hvm_memmap_table_entry (hvm/start_info.h).
type MemmapEntry struct {
	Addr     uint64
	Size     uint64
	Type     uint32
	Reserved uint32
}

const (
	MemmapRAM = 1 // XEN_HVM_MEMMAP_TYPE_RAM
	// MaxMemmapEntries bounds the memory map the runtime reads: Xen
	// writes a handful; a count beyond this is a corrupt start info.
	MaxMemmapEntries = 1024

	page4K = 4096
	page2M = 2 << 20
)

// end returns the end of e, saturated at the top of the address space
// so that an entry reaching it never wraps around to low memory.
func (e *MemmapEntry) end() uint64 {
	if e.Size > ^uint64(0)-e.Addr {
		return ^uint64(0)
	}
	return e.Addr + e.Size
}

// RAMEnd returns the end of the RAM entry that holds addr, at most
// limit, or 0 if no RAM entry holds addr.
func RAMEnd(entries []MemmapEntry, addr, limit uint64) uint64 {
	end := uint64(0)
	for i := range entries {
		e := &entries[i]
		if e.Type == MemmapRAM && e.Addr <= addr && addr < e.end() {
			end = e.end()
		}
	}
	return min(end, limit)
}

// FindHole returns the lowest range [lo, hi) of at least 2 MiB, starting
// 2 MiB-aligned at or above from and ending at most at ceiling, that no
// entry of the map overlaps; lo == hi == 0 if there is none.
func FindHole(entries []MemmapEntry, from, ceiling uint64) (lo, hi uint64) {
	lo, ok := alignUp(from, page2M)
	// Each turn moves lo up by at least 2 MiB, or returns.
	for ok && lo < ceiling && ceiling-lo >= page2M {
		hi = ceiling
		inside := false
		for i := range entries {
			e := &entries[i]
			if e.Size == 0 {
				continue
			}
			if e.Addr <= lo && lo < e.end() {
				inside = true
				lo, ok = alignUp(e.end(), page2M)
				break
			}
			if lo < e.Addr && e.Addr < hi {
				hi = e.Addr &^ (page4K - 1) // >= lo: lo is page-aligned
			}
		}
		if inside {
			continue
		}
		if hi-lo >= page2M {
			return lo, hi
		}
		if hi == ^uint64(0) {
			break
		}
		lo, ok = alignUp(hi+1, page2M) // past the entry that starts at hi
	}
	return 0, 0
}

// alignUp rounds x up to a multiple of a (a power of two); ok is false
// if that overflows.
func alignUp(x, a uint64) (uint64, bool) {
	if x > ^uint64(0)-(a-1) {
		return 0, false
	}
	return (x + a - 1) &^ (a - 1), true
}

// RamdiskPlace returns where the ramdisk [src, src+n) moves to: the top
// of the RAM [bloc, ramEnd) the heap grows in, page-aligned, so that the
// heap keeps at least minFree bytes below it. The move may overlap the
// ramdisk's old place.
func RamdiskPlace(src, n, bloc, ramEnd, minFree uint64) (dst uint64, err string) {
	if src < bloc || n > ramEnd || src > ramEnd-n {
		return 0, "the ramdisk is not in the RAM after the image"
	}
	dst = (ramEnd - n) &^ (page4K - 1)
	if dst < bloc || dst-bloc < minFree {
		return 0, "the ramdisk leaves too little memory for the program: give the domain more memory"
	}
	return dst, ""
}

// RAMPages returns the number of whole 4 KiB pages in the map's RAM
// entries: the domain's memory as the toolstack counts it in
// memory/target, which ballooning compares with.
func RAMPages(entries []MemmapEntry) uint64 {
	n := uint64(0)
	for i := range entries {
		e := &entries[i]
		if e.Type != MemmapRAM {
			continue
		}
		lo, ok := alignUp(e.Addr, page4K)
		if !ok {
			continue
		}
		if hi := e.end() &^ (page4K - 1); hi > lo {
			n += (hi - lo) / page4K
		}
	}
	return n
}
