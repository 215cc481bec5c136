// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ld

import (
	"encoding/binary"
	"internal/buildcfg"
)

// Xen ELF notes (xen/include/public/elfnote.h). A PVH loader needs only
// PHYS32_ENTRY: the 32-bit physical address at which the guest starts in
// protected mode with paging off. The xen runtime's entry symbol is that
// 32-bit code, and the image is linked at equal virtual and physical
// addresses, so the note carries the ELF entry address.
//
// This file is not named *_xen.go: that would build it only into a
// linker running on xen.
const (
	xenNoteGuestOS      = 6
	xenNoteGuestVersion = 7
	xenNotePhys32Entry  = 18
)

const xenNoteSection = ".note.xen"

// xenNoteName is the owner name of every Xen note.
var xenNoteName = []byte("Xen\x00")

type xenNote struct {
	typ  uint32
	desc []byte
}

// isXenImage reports whether the linker is building a GOOS=xen image.
func isXenImage() bool {
	return buildcfg.GOOS == "xen"
}

func xenNotes(ctxt *Link) []xenNote {
	entry := make([]byte, 4)
	binary.LittleEndian.PutUint32(entry, uint32(Entryvalue(ctxt)))
	return []xenNote{
		{xenNoteGuestOS, []byte("Go\x00")},
		{xenNoteGuestVersion, []byte(buildcfg.Version + "\x00")},
		{xenNotePhys32Entry, entry},
	}
}

// xenNotesSize is the size of the note section; the descriptors' sizes do
// not depend on addresses, so it can be computed before layout.
func xenNotesSize(ctxt *Link) int {
	n := 0
	for _, note := range xenNotes(ctxt) {
		n += 12 + len(xenNoteName) + int(Rnd(int64(len(note.desc)), 4))
	}
	return n
}

// elfxennotes reserves the note section in the ELF header area.
func elfxennotes(ctxt *Link, sh *ElfShdr, startva uint64, resoff uint64) int {
	return elfnote(sh, startva, resoff, xenNotesSize(ctxt)-12)
}

// elfwritexennotes writes the notes reserved by elfxennotes.
func elfwritexennotes(ctxt *Link) int {
	out := ctxt.Out
	sh := elfshname(xenNoteSection)
	out.SeekSet(int64(sh.Off))
	for _, note := range xenNotes(ctxt) {
		out.Write32(uint32(len(xenNoteName)))
		out.Write32(uint32(len(note.desc)))
		out.Write32(note.typ)
		out.Write(xenNoteName)
		out.Write(note.desc)
		for i := len(note.desc); i%4 != 0; i++ {
			out.Write8(0)
		}
	}
	return int(sh.Size)
}
