// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=ElfNote -trimprefix=ElfNote

// ElfNote is the type of an ELF note with name "Xen" (XEN_ELFNOTE_* in
// elfnote.h). The loader reads them from the kernel image; a PVH kernel
// needs at least ElfNotePhys32Entry.
type ElfNote uint32

const (
	ElfNoteInfo              ElfNote = 0
	ElfNoteEntry             ElfNote = 1 // PV entry point (virtual)
	ElfNoteHypercallPage     ElfNote = 2
	ElfNoteVirtBase          ElfNote = 3
	ElfNotePaddrOffset       ElfNote = 4
	ElfNoteXenVersion        ElfNote = 5 // string, e.g. "xen-3.0"
	ElfNoteGuestOS           ElfNote = 6 // string
	ElfNoteGuestVersion      ElfNote = 7
	ElfNoteLoader            ElfNote = 8 // string, "generic"
	ElfNotePAEMode           ElfNote = 9
	ElfNoteFeatures          ElfNote = 10
	ElfNoteBSDSymtab         ElfNote = 11
	ElfNoteHVStartLow        ElfNote = 12
	ElfNoteL1MFNValid        ElfNote = 13
	ElfNoteSuspendCancel     ElfNote = 14
	ElfNoteInitP2M           ElfNote = 15
	ElfNoteModStartPFN       ElfNote = 16
	ElfNoteSupportedFeatures ElfNote = 17
	ElfNotePhys32Entry       ElfNote = 18 // PVH: 32-bit physical entry point
	ElfNoteMax               ElfNote = 18 // highest loader note

	// Notes in crash dumps and core files, not in kernels.
	ElfNoteCrashInfo             ElfNote = 0x1000001
	ElfNoteCrashRegs             ElfNote = 0x1000002
	ElfNoteDumpcoreNone          ElfNote = 0x2000000
	ElfNoteDumpcoreHeader        ElfNote = 0x2000001
	ElfNoteDumpcoreXenVersion    ElfNote = 0x2000002
	ElfNoteDumpcoreFormatVersion ElfNote = 0x2000003
)
