// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=MemOp -trimprefix=MemOp
//go:generate go tool stringer -type=MapSpace -trimprefix=MapSpace

// MemOp is the command of OpMemoryOp (XENMEM_*). Ops only the toolstack
// may use (sharing, paging, claim, ...) are left out.
type MemOp uint32

const (
	MemOpIncreaseReservation   MemOp = 0 // XenMemoryReservation
	MemOpDecreaseReservation   MemOp = 1 // XenMemoryReservation: balloon out
	MemOpMaximumRAMPage        MemOp = 2 // returns the highest MFN
	MemOpCurrentReservation    MemOp = 3 // arg: *DomID; returns pages
	MemOpMaximumReservation    MemOp = 4 // arg: *DomID; returns pages
	MemOpMachphysMFNList       MemOp = 5
	MemOpPopulatePhysmap       MemOp = 6  // XenMemoryReservation: balloon in
	MemOpAddToPhysmap          MemOp = 7  // XenAddToPhysmap
	MemOpMemoryMap             MemOp = 9  // XenMemoryMap; 8 was removed
	MemOpMachineMemoryMap      MemOp = 10 // XenMemoryMap, dom0 only
	MemOpExchange              MemOp = 11
	MemOpMachphysMapping       MemOp = 12
	MemOpSetMemoryMap          MemOp = 13
	MemOpMaximumGPFN           MemOp = 14 // arg: *DomID
	MemOpRemoveFromPhysmap     MemOp = 15 // XenRemoveFromPhysmap
	MemOpSetPodTarget          MemOp = 16
	MemOpGetPodTarget          MemOp = 17
	MemOpAddToPhysmapBatch     MemOp = 23
	MemOpMachphysCompatMFNList MemOp = 25
	MemOpGetVnumainfo          MemOp = 26
	MemOpAcquireResource       MemOp = 28
)

// XenMemoryReservation is struct xen_memory_reservation, the argument of
// MemOpIncreaseReservation, MemOpDecreaseReservation and
// MemOpPopulatePhysmap. The hypercall returns how many extents it did.
type XenMemoryReservation struct {
	ExtentStart GuestHandle // *uint64 (xen_pfn_t), NrExtents entries
	NrExtents   uint64
	ExtentOrder uint32 // each extent is 2^ExtentOrder pages
	MemFlags    uint32 // XENMEMF_*; 0 is fine for a guest
	Domid       DomID
	_           [6]byte // implicit tail padding
}

// MapSpace says what XenAddToPhysmap maps (XENMAPSPACE_*).
type MapSpace uint32

const (
	MapSpaceSharedInfo  MapSpace = 0 // the SharedInfo page; Idx 0
	MapSpaceGrantTable  MapSpace = 1 // grant table frame Idx
	MapSpaceGMFN        MapSpace = 2
	MapSpaceGMFNRange   MapSpace = 3
	MapSpaceGMFNForeign MapSpace = 4
	MapSpaceDevMMIO     MapSpace = 5 // arm only
)

// XenMapIdxGrantTableStatus, or-ed into Idx with MapSpaceGrantTable, maps
// a v2 status frame instead of a grant frame (XENMAPIDX_grant_table_status).
const XenMapIdxGrantTableStatus = 0x80000000

// XenAddToPhysmap is struct xen_add_to_physmap: place a Xen-owned page
// (shared info, grant table frame) at guest frame GPFN. PVH guests get
// those pages this way.
type XenAddToPhysmap struct {
	Domid DomID
	Size  uint16 // pages, for MapSpaceGMFNRange only
	Space MapSpace
	Idx   uint64 // index within Space
	GPFN  uint64
}

// XenRemoveFromPhysmap is struct xen_remove_from_physmap.
type XenRemoveFromPhysmap struct {
	Domid DomID
	_     [6]byte // implicit
	GPFN  uint64
}

// XenMemoryMap is struct xen_memory_map, the argument of MemOpMemoryMap.
// Buffer receives up to NrEntries E820Entry records; Xen writes back how
// many it stored.
type XenMemoryMap struct {
	NrEntries uint32
	_         [4]byte     // implicit
	Buffer    GuestHandle // *E820Entry
}

// E820Entry is one record of a XenMemoryMap buffer: the BIOS INT 15h
// E820 format. Xen's public headers declare no type for it; in C (Xen's
// struct e820entry, Linux's struct boot_e820_entry) it is packed to 20
// bytes, so the 64-bit fields are split in little-endian 32-bit halves to
// keep Go from aligning them. Use Base and Length.
type E820Entry struct {
	Addr [2]uint32 // low, high
	Size [2]uint32 // low, high
	Type MemmapType
}

// Base returns the first address of the range.
func (e *E820Entry) Base() uint64 { return uint64(e.Addr[0]) | uint64(e.Addr[1])<<32 }

// Length returns the size of the range in bytes.
func (e *E820Entry) Length() uint64 { return uint64(e.Size[0]) | uint64(e.Size[1])<<32 }
