// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/xenboot"
	"unsafe"
)

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
func xenFindHole(entries []xenboot.MemmapEntry) {
	lo, hi := xenboot.FindHole(entries, uint64(xenRAMEnd), xenHoleCeiling)
	xenHoleLo, xenHoleHi = uintptr(lo), uintptr(hi)
}

// xenboot.MemmapEntry is hvmMemmapEntry, whose layout tests/abi checks.
var (
	_ [unsafe.Sizeof(hvmMemmapEntry{}) - unsafe.Sizeof(xenboot.MemmapEntry{})]byte
	_ [unsafe.Sizeof(xenboot.MemmapEntry{}) - unsafe.Sizeof(hvmMemmapEntry{})]byte
	_ [_hvmMemmapTypeRAM - xenboot.MemmapRAM]byte
	_ [xenboot.MemmapRAM - _hvmMemmapTypeRAM]byte
)

// xenMemmap returns the PVH memory map, which has the layout of
// xenboot.MemmapEntry.
func xenMemmap() []xenboot.MemmapEntry {
	n := uintptr(0)
	if xenStartInfo.version >= 1 {
		n = uintptr(xenStartInfo.memmapEntries)
	}
	if n > xenboot.MaxMemmapEntries {
		xenFatalEarly("xen: the PVH memory map has too many entries", "")
	}
	return unsafe.Slice((*xenboot.MemmapEntry)(unsafe.Pointer(uintptr(xenStartInfo.memmapPaddr))), n)
}

// xencall_physHole tells xen/gnttab where the hole is; lo == hi when
// there is none.
//
//go:linkname xencall_physHole xen/internal/xencall.physHole
func xencall_physHole() (lo, hi uintptr) {
	return xenHoleLo, xenHoleHi
}
