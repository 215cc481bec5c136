// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=MemmapType -trimprefix=MemmapType

// HVMStartMagic is hvm_start_info.magic: "xEn3" with the top bit of the
// 'E' set. A PVH kernel entered via the XEN_ELFNOTE_PHYS32_ENTRY point
// finds the physical address of an HVMStartInfo in %ebx.
const HVMStartMagic = 0x336ec578 // XEN_HVM_START_MAGIC_VALUE

// HVMStartInfo is struct hvm_start_info (arch-x86/hvm/start_info.h).
// Addresses are physical; 0 means absent. Fields from MemmapPaddr on exist
// only if Version >= 1.
type HVMStartInfo struct {
	Magic         uint32
	Version       uint32
	Flags         uint32 // SIF* bits
	NrModules     uint32
	ModlistPaddr  uint64 // array of NrModules HVMModlistEntry
	CmdlinePaddr  uint64 // NUL-terminated kernel command line
	RSDPPaddr     uint64 // ACPI RSDP
	MemmapPaddr   uint64 // array of MemmapEntries HVMMemmapTableEntry
	MemmapEntries uint32
	Reserved      uint32
}

// HVMModlistEntry is struct hvm_modlist_entry: one boot module.
type HVMModlistEntry struct {
	Paddr        uint64
	Size         uint64
	CmdlinePaddr uint64
	Reserved     uint64
}

// HVMMemmapTableEntry is struct hvm_memmap_table_entry: one range of the
// memory map, typed like E820.
type HVMMemmapTableEntry struct {
	Addr     uint64
	Size     uint64
	Type     MemmapType
	Reserved uint32
}

// MemmapType is the type of a memory map range (XEN_HVM_MEMMAP_TYPE_*),
// the ACPI address range types, the same values as E820Entry.Type.
type MemmapType uint32

const (
	MemmapTypeRAM      MemmapType = 1
	MemmapTypeReserved MemmapType = 2
	MemmapTypeACPI     MemmapType = 3
	MemmapTypeNVS      MemmapType = 4
	MemmapTypeUnusable MemmapType = 5
	MemmapTypeDisabled MemmapType = 6
	MemmapTypePMEM     MemmapType = 7
)

// Bits in HVMStartInfo.Flags (SIF_* in xen.h, shared with PV start_info).
const (
	SIFPrivileged    = 1 << 0
	SIFInitdomain    = 1 << 1 // this is dom0
	SIFMultibootMod  = 1 << 2
	SIFModStartPFN   = 1 << 3
	SIFVirtP2M4Tools = 1 << 4
	SIFPMMask        = 0xFF << 8
)
