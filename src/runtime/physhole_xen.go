// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// The physical hole: guest-physical addresses that neither RAM nor any
// reserved range of the memory map covers, inside the identity map.
// Package xen/gnttab maps grant-table frames and other domains' pages
// there, so that they take no page of RAM away and need no page tables
// of their own. Nothing is populated there until something is mapped.

var xenHoleLo, xenHoleHi uintptr

// xenHoleCeiling keeps clear of the local APIC and of the firmware
// tables Xen puts just below 4 GiB for PVH guests.
const xenHoleCeiling = 0xfc000000

// xenFindHole chooses the lowest gap of at least 2 MiB after the RAM the
// image is in.
func xenFindHole(entries []hvmMemmapEntry) {
	lo := alignUp(xenRAMEnd, pageSize2M)
	for lo < xenHoleCeiling {
		hi := uintptr(xenHoleCeiling)
		for _, e := range entries {
			a, end := uintptr(e.addr), uintptr(e.addr+e.size)
			if a <= lo && lo < end {
				hi = 0 // lo is inside this entry
				lo = alignUp(end, pageSize2M)
				break
			}
			if lo < a && a < hi {
				hi = alignDown(a, pageSize4K)
			}
		}
		if hi >= lo+pageSize2M {
			xenHoleLo, xenHoleHi = lo, hi
			return
		}
		if hi != 0 {
			lo = alignUp(hi+1, pageSize2M)
		}
	}
}

func xenMemmap() []hvmMemmapEntry {
	n := uintptr(0)
	if xenStartInfo.version >= 1 {
		n = uintptr(xenStartInfo.memmapEntries)
	}
	return unsafe.Slice((*hvmMemmapEntry)(unsafe.Pointer(uintptr(xenStartInfo.memmapPaddr))), n)
}

// xencall_physHole tells xen/gnttab where the hole is; lo == hi when
// there is none.
//
//go:linkname xencall_physHole xen/internal/xencall.physHole
func xencall_physHole() (lo, hi uintptr) {
	return xenHoleLo, xenHoleHi
}
