// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/xenboot"
	"unsafe"
)

// The domain's first boot module (xl's ramdisk=) holds files for the
// in-memory file system, which syscall unpacks at init. xl loads it right
// after the image, where the heap begins, so osinit moves it to the top
// of RAM and keeps the heap below it until syscall has copied it out;
// then the heap may take that memory too.

// xenRamdiskMinFree is the least memory the heap must keep beside the
// ramdisk while it is unpacked.
const xenRamdiskMinFree = 16 << 20

var (
	xenRamdiskBase, xenRamdiskSize uintptr
	xenRAMEndAfterRamdisk          uintptr // xenRAMEnd once the ramdisk is gone
)

// xenStashRamdisk moves the ramdisk above the heap. It runs before the
// first sbrk, while the start info is intact.
func xenStashRamdisk() {
	if xenStartInfo.nrModules == 0 || xenStartInfo.modlistPaddr == 0 {
		return
	}
	mod := (*hvmModlistEntry)(unsafe.Pointer(uintptr(xenStartInfo.modlistPaddr)))
	src, n := uintptr(mod.paddr), uintptr(mod.size)
	if n == 0 {
		return
	}
	d, err := xenboot.RamdiskPlace(uint64(src), uint64(n), uint64(bloc), uint64(xenRAMEnd), xenRamdiskMinFree)
	if err != "" {
		xenFatalEarly("xen: ", err)
	}
	dst := uintptr(d)
	memmove(unsafe.Pointer(dst), unsafe.Pointer(src), n)
	xenRamdiskBase, xenRamdiskSize = dst, n
	xenRAMEndAfterRamdisk = xenRAMEnd
	xenRAMEnd = dst
}

// syscall_ramdisk returns the ramdisk's bytes; nil if there is none.
//
//go:linkname syscall_ramdisk syscall.ramdisk
func syscall_ramdisk() []byte {
	if xenRamdiskSize == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(xenRamdiskBase)), xenRamdiskSize)
}

// syscall_ramdiskDone gives the ramdisk's memory to the heap. The caller
// holds no reference to it any more.
//
//go:linkname syscall_ramdiskDone syscall.ramdiskDone
func syscall_ramdiskDone() {
	lock(&memlock)
	if xenRamdiskSize != 0 {
		xenRAMEnd = xenRAMEndAfterRamdisk
		xenRamdiskBase, xenRamdiskSize = 0, 0
	}
	unlock(&memlock)
}

// xenStartDir is the cwd: token of the command line: the working
// directory syscall creates and enters at init.
var xenStartDir *byte

//go:linkname syscall_startDir syscall.startDir
func syscall_startDir() string {
	return gostring(xenStartDir)
}
