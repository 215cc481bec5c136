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
//   - the guard pages below each vCPU's stacks and the boot stack are
//     not mapped (cpu_xen.go);
//   - everything else is writable and not executable.

const (
	ptePresent  = 1 << 0
	pteWritable = 1 << 1
	pteNX       = 1 << 63
	pageSize4K  = 4096
	pageSize2M  = 2 << 20
)

var xenBootTables [7 * 4096]byte // defined in rt0_xen_amd64.s

func xenInitPaging() {
	nx := uint64(0)
	if xenHasNX {
		nx = pteNX
	}
	tables := alignUp(uintptr(unsafe.Pointer(&xenBootTables)), pageSize4K)
	pd := unsafe.Slice((*uint64)(unsafe.Pointer(tables+2*pageSize4K)), 4*512)

	imageEnd := alignUp(max(firstmoduledata.end, xenCPUAreaEnd()), pageSize2M)
	npt := imageEnd / pageSize2M
	pts := xenAllocPages(npt)
	pte := unsafe.Slice((*uint64)(unsafe.Pointer(pts)), npt*512)
	for i := range pte {
		pte[i] = uint64(i)*pageSize4K | ptePresent | pteWritable | nx
	}
	pte[0] = 0

	// The image's segments (cmd/link's layout: text; read-only data up to
	// .go.module, which the runtime writes; then data and bss).
	textLo := alignDown(firstmoduledata.text, pageSize4K) - pageSize4K // ELF header page
	textHi := alignUp(firstmoduledata.etext, pageSize4K)
	dataLo := alignDown(uintptr(unsafe.Pointer(&firstmoduledata)), pageSize4K)
	for a := textLo; a < textHi; a += pageSize4K {
		pte[a/pageSize4K] = uint64(a) | ptePresent
	}
	for a := textHi; a < dataLo; a += pageSize4K {
		pte[a/pageSize4K] = uint64(a) | ptePresent | nx
	}
	// Xen wrote the hypercall page; it is code from now on.
	pte[xenHypercallPage/pageSize4K] = uint64(xenHypercallPage) | ptePresent
	xenForGuardPages(func(g uintptr) { pte[g/pageSize4K] = 0 })

	for i := range pd {
		if uintptr(i) < npt {
			pd[i] = uint64(pts+uintptr(i)*pageSize4K) | ptePresent | pteWritable
		} else {
			pd[i] |= nx
		}
	}
	xenWriteCR3(xenReadCR3()) // flush the TLB
}
