// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// Paging. The boot page tables (rt0_xen_amd64.s) identity-map the first
// 4 GiB with writable, executable 2 MiB pages. xenInitPaging replaces the
// part holding the image with 4 KiB pages so that:
//   - page 0 is not mapped: nil dereferences fault and become panics;
//   - each ELF segment gets its own rights: text read-only and
//     executable, read-only data not executable, data and bss writable
//     and not executable (W^X);
//   - everything else is writable and not executable.

const (
	ptePresent  = 1 << 0
	pteWritable = 1 << 1
	pteLarge    = 1 << 7
	pteNX       = 1 << 63
	pageSize4K  = 4096
	pageSize2M  = 2 << 20
)

var xenBootTables [7 * 4096]byte // defined in rt0_xen_amd64.s

type elf64Phdr struct {
	typ, flags                              uint32
	off, vaddr, paddr, filesz, memsz, align uint64
}

func xenInitPaging() {
	nx := uint64(0)
	if xenHasNX {
		nx = pteNX
	}
	tables := alignUp(uintptr(unsafe.Pointer(&xenBootTables)), pageSize4K)
	pd := unsafe.Slice((*uint64)(unsafe.Pointer(tables+2*pageSize4K)), 4*512)

	imageEnd := alignUp(firstmoduledata.end, pageSize2M)
	npt := imageEnd / pageSize2M
	pts := xenAllocPages(npt)
	pte := unsafe.Slice((*uint64)(unsafe.Pointer(pts)), npt*512)
	for i := range pte {
		pte[i] = uint64(i)*pageSize4K | ptePresent | pteWritable | nx
	}
	pte[0] = 0

	for _, ph := range xenImagePhdrs() {
		if ph.typ != 1 { // PT_LOAD
			continue
		}
		rights := uint64(ptePresent) | nx
		switch {
		case ph.flags&1 != 0: // PF_X
			rights = ptePresent
		case ph.flags&2 != 0: // PF_W
			rights |= pteWritable
		}
		for a := alignDown(uintptr(ph.vaddr), pageSize4K); a < uintptr(ph.vaddr+ph.memsz); a += pageSize4K {
			pte[a/pageSize4K] = uint64(a) | rights
		}
	}
	// Xen wrote the hypercall page; it is code from now on.
	pte[xenHypercallPage/pageSize4K] = uint64(xenHypercallPage) | ptePresent

	for i := range pd {
		if uintptr(i) < npt {
			pd[i] = uint64(pts+uintptr(i)*pageSize4K) | ptePresent | pteWritable
		} else {
			pd[i] |= nx
		}
	}
	xenWriteCR3(xenReadCR3()) // flush the TLB
}

// xenImagePhdrs returns the program headers of the running image: the
// ELF header is mapped in the page before the text.
func xenImagePhdrs() []elf64Phdr {
	for a := alignDown(firstmoduledata.text, pageSize4K); a >= pageSize4K; a -= pageSize4K {
		if *(*uint32)(unsafe.Pointer(a)) == 0x464c457f { // "\x7fELF"
			phoff := *(*uint64)(unsafe.Pointer(a + 0x20))
			phnum := *(*uint16)(unsafe.Pointer(a + 0x38))
			return unsafe.Slice((*elf64Phdr)(unsafe.Pointer(a+uintptr(phoff))), phnum)
		}
		if firstmoduledata.text-a > 4*pageSize4K {
			break
		}
	}
	xenFatalEarly("xen: cannot find the image's ELF header")
	return nil
}
