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
//
// Above the identity map, a window of its own holds the g0 stacks of the
// Ms other than m0, each above a guard page (g0stack_xen.go).

const (
	ptePresent  = 1 << 0
	pteWritable = 1 << 1
	pteNX       = 1 << 63
	pageSize4K  = 4096
	pageSize2M  = 2 << 20
)

var xenBootTables [7 * 4096]byte // defined in rt0_xen_amd64.s

// xenNX is the no-execute bit of a page table entry, if the CPU has one.
func xenNX() uint64 {
	if xenHasNX {
		return pteNX
	}
	return 0
}

func xenInitPaging() {
	nx := xenNX()
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
	xenG0StackInit(tables + pageSize4K)
	xenWriteCR3(xenReadCR3()) // flush the TLB
	xenCPUPaging(tables, pd, pts)
}

// xenCPUTables is how many pages of page tables each vCPU but 0 has of
// its own: the path from its PML4 to the page table entry of
// xenPerCPUPage, where it sees its own page (cpu_xen.go). Below that
// path it shares vCPU 0's tables.
const xenCPUTables = 4

// pteAddr is the address part of a page table entry.
const pteAddr = (1<<52 - 1) &^ (pageSize4K - 1)

// xenSetPTEAddr points entry i of the table at table to addr, keeping
// its flags.
func xenSetPTEAddr(table, i, addr uintptr) {
	p := (*uint64)(unsafe.Pointer(table + 8*i))
	*p = *p&^pteAddr | uint64(addr)
}

// xenCPUPaging fills in the page tables of vCPUs 1 and up, which
// xenAllocCPUs took, from vCPU 0's: the PML4 at tables, the PDPT after
// it, then the page directories pd, whose entries below the image's end
// point to the page tables pts.
func xenCPUPaging(tables uintptr, pd []uint64, pts uintptr) {
	v := xenPerCPUPage
	pdi := v / pageSize2M // v's entry in pd, which spans 4 GiB
	if v >= xenIdentityMapped || pd[pdi]&pteAddr != uint64(pts+pdi*pageSize4K) {
		throw("xen: the per-vCPU page is not mapped by a page table")
	}
	pml4Src := tables
	pdptSrc := tables + pageSize4K
	pdSrc := uintptr(unsafe.Pointer(&pd[pdi&^511]))
	ptSrc := pts + pdi*pageSize4K
	for id := uint32(1); id < xenNumCPU; id++ {
		c := xenCPUs[id]
		pml4, pdpt, pdir, pt := c.cr3, c.cr3+pageSize4K, c.cr3+2*pageSize4K, c.cr3+3*pageSize4K
		for _, cp := range [...][2]uintptr{{pml4, pml4Src}, {pdpt, pdptSrc}, {pdir, pdSrc}, {pt, ptSrc}} {
			memmove(unsafe.Pointer(cp[0]), unsafe.Pointer(cp[1]), pageSize4K)
		}
		xenSetPTEAddr(pml4, 0, pdpt)
		xenSetPTEAddr(pdpt, v>>30, pdir)
		xenSetPTEAddr(pdir, pdi%512, pt)
		xenSetPTEAddr(pt, v/pageSize4K%512, c.page)
	}
}
