// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/abi"
	"internal/runtime/atomic"
	"internal/runtime/xenboot"
	"unsafe"
)

// Per-vCPU state. Every vCPU of the domain runs the switcher of
// thread_xen.go; what each needs of its own is an xenCPU: its TLS block
// (so the switcher only swaps the g there), its TSS with three
// interrupt stacks and their gs, its vcpu_info, its timer and IPI
// ports, the M it runs, and the idle context it runs when no M is
// ready. vCPU 0's lives in the image, so that traps work before there
// is memory to allocate; the others' come from memory taken before
// paging is set up (xenAllocCPUs), so that their stacks can sit above
// unmapped guard pages too.
//
// The TLS block and the TSS are in the vCPU's page (xenPerCPU), which
// every vCPU sees at the same virtual address, xenPerCPUPage: each vCPU
// has its own page tables (xenCPUPaging), which differ only in the
// physical page mapped there. So the FS base and the task register hold
// one value on every vCPU, written once: the per-vCPU state lives in
// what CR3 selects, which Xen keeps per vCPU in the VMCB itself, and the
// guest never rewrites FS_BASE (which upset Xen under QEMU's SVM
// emulation when the switcher once did it at every switch).

const (
	xenMaxCPUs       = 128 // HVM_MAX_VCPUS
	xenIdleStackSize = 16 << 10
	// xenCPUStacksSize is a vCPU's stacks, each above a guard page:
	// the three interrupt stacks, then the idle stack.
	xenCPUStacksSize = 3*(pageSize4K+xenISTStackSize) + pageSize4K + xenIdleStackSize
)

type xenCPU struct {
	id      uint32
	online  atomic.Bool
	page    uintptr // the physical page seen at xenPerCPUPage
	cr3     uintptr // the vCPU's page tables
	info    *vcpuInfo
	current muintptr // the M this vCPU runs; 0 while idle
	idleCtx xenContext
	idleG   *g
	trapG   [3]*g // the gs of the three interrupt stacks

	// The upcall stack's bounds, for its entry stub (trap_xen_amd64.s).
	upcallLo, upcallTop uintptr

	timerPort, ipiPort uint32

	// Read by other vCPUs under xenSched: halted in the idle loop
	// (with the timer set for idleUntil, 0 for none), and whether an
	// IPI is already on its way.
	idling    bool
	kicked    bool
	idleUntil int64

	anyFired atomic.Uint32 // set by the upcall, cleared by the idle loop

	// inTrap counts the trap handlers running on this vCPU (nested
	// ones too). An M in one must not switch: its context would be
	// saved on this vCPU's interrupt stack, and resumed there by
	// another vCPU (sigprof, in the upcall, may osyield).
	inTrap uint32

	// The time slice and preemption ticks (preempt_xen.go) and the CPU
	// profile (cpuprof_xen.go) of the M this vCPU runs.
	sliceStart    int64
	tickSchedtick uint32
	tickSince     int64
	profLast      int64
	profDue       int64

	// exitWait is an exiting M's freeWait, set by whatever runs next
	// on this vCPU, once nothing runs on the M's stack any more; it
	// then frees exitStack, the bottom of that stack.
	exitWait  uintptr // *atomic.Uint32, as a uintptr: no write barriers here
	exitStack uintptr

	infoArea [2 * 64]byte
}

// xenPerCPU is the layout of a vCPU's page: its TLS block, then its
// TSS. FS points 16 bytes into it, so -8(FS) is the g slot, as on linux, and
// -16(FS) the vCPU's xenCPU, which xenThisCPU reads.
type xenPerCPU struct {
	cpu uintptr // *xenCPU
	g   uintptr
	_   [6]uintptr
	tss [26]uint32 // the 104-byte 64-bit TSS
}

var (
	xenNumCPU uint32 = 1
	xenCPUs   [xenMaxCPUs]*xenCPU
	xenCPU0   xenCPU
	xenTrapG0 [4]g // vCPU 0's interrupt stacks' gs and its idle g

	// xenPerCPUPage is the page-aligned address in xenPerCPUArea where
	// each vCPU sees its own page; vCPU 0's is that page itself.
	xenPerCPUArea [2 * pageSize4K]byte
	xenPerCPUPage uintptr

	// vCPU 0's stacks (the others' are allocated), and a page more to
	// align them.
	xenCPU0Stacks [xenCPUStacksSize + pageSize4K]byte
)

// xenThisCPU returns the running vCPU's xenCPU. Unless interrupts are
// disabled, the M may run on another vCPU by the time it returns.
func xenThisCPU() *xenCPU

// xenCPUStack returns stack i of the vCPU whose stacks start at base:
// interrupt stacks 0 to 2, then the idle stack (3), each with the guard
// page below it.
//
//go:nosplit
func xenCPUStack(base uintptr, i int) (guard, lo, hi uintptr) {
	guard = base + uintptr(i)*(pageSize4K+xenISTStackSize)
	size := uintptr(xenISTStackSize)
	if i == 3 {
		size = xenIdleStackSize
	}
	return guard, guard + pageSize4K, guard + pageSize4K + size
}

// xenCPUStacks returns where vCPU c's stacks start.
func xenCPUStacks(c *xenCPU) uintptr {
	if c.id == 0 {
		return alignUp(uintptr(unsafe.Pointer(&xenCPU0Stacks)), pageSize4K)
	}
	return xenAPStacks[c.id]
}

var xenAPStacks [xenMaxCPUs]uintptr

// xenBootCPU sets up vCPU 0's xenCPU and page and points FS at the TLS
// block there.
func xenBootCPU() {
	xenPerCPUPage = alignUp(uintptr(unsafe.Pointer(&xenPerCPUArea)), pageSize4K)
	c := &xenCPU0
	c.page = xenPerCPUPage
	xenCPUs[0] = c
	xenSetupCPU(c, 0, &xenTrapG0)
	intr := xenDisableInterrupts()
	pc := (*xenPerCPU)(unsafe.Pointer(c.page))
	pc.g = uintptr(unsafe.Pointer(getg()))
	xenWRMSR(_MSR_FS_BASE, uint64(xenPerCPUPage+16))
	xenRestoreInterrupts(intr)
}

// xenSetupCPU fills in c for vCPU id, and its page: its stacks and their
// gs, and its TSS.
func xenSetupCPU(c *xenCPU, id uint32, gs *[4]g) {
	c.id = id
	pc := (*xenPerCPU)(unsafe.Pointer(c.page))
	pc.cpu = uintptr(unsafe.Pointer(c))
	base := xenCPUStacks(c)
	for i := range gs {
		_, lo, hi := xenCPUStack(base, i)
		gp := &gs[i]
		gp.stack.lo = lo
		gp.stack.hi = hi
		gp.stackguard0 = lo + stackGuard
		gp.stackguard1 = gp.stackguard0
		if i < 3 {
			c.trapG[i] = gp
			// IST i+1 is the top of interrupt stack i.
			pc.tss[9+2*i] = uint32(hi)
			pc.tss[10+2*i] = uint32(hi >> 32)
		}
	}
	pc.tss[25] = uint32(unsafe.Sizeof(pc.tss)) << 16 // I/O map base: none
	c.idleG = &gs[3]
	c.upcallLo = c.trapG[xenISTInterrupt-1].stack.lo
	c.upcallTop = c.trapG[xenISTInterrupt-1].stack.hi
	// The idle context starts in xenIdleStart on top of the idle stack.
	sp := (c.idleG.stack.hi - 64) &^ 15
	*(*uintptr)(unsafe.Pointer(sp)) = 0 // BP
	*(*uintptr)(unsafe.Pointer(sp + 8)) = abi.FuncPCABI0(xenIdleStart)
	c.idleCtx.sp = sp
	c.idleCtx.g = uintptr(unsafe.Pointer(c.idleG))
}

// xenSetTSSDescriptor points the GDT's TSS descriptor (0x18) at the TSS
// in the per-vCPU page, as available (not busy), for LTR.
//
//go:nosplit
func xenSetTSSDescriptor() {
	tss := uint64(xenPerCPUPage + unsafe.Offsetof(xenPerCPU{}.tss))
	limit := uint64(unsafe.Sizeof(xenPerCPU{}.tss) - 1)
	xenGDT[3] = limit&0xffff | (tss&0xffffff)<<16 | 0x89<<40 | (tss>>24&0xff)<<56
	xenGDT[4] = tss >> 32
}

// xenCountCPUs counts the vCPUs to run on: those the domain has (Xen
// answers VCPUOP_is_up for each, up or not) that its ACPI tables list as
// online. A domain with maxvcpus above vcpus has the rest for hotplug,
// which the runtime does not do.
func xenCountCPUs() {
	n := uint32(1)
	for n < xenMaxCPUs && int(xenHypercall(_HYPERVISOR_vcpu_op, _VCPUOP_is_up, uintptr(n), 0, 0, 0)) >= 0 {
		n++
	}
	if online, ok := xenboot.ACPIOnlineCPUs(xenStartInfo.rsdpPaddr, xenReadPhys); ok && uint32(online) < n {
		n = uint32(online)
	}
	xenNumCPU = n
}

// xenReadPhys returns n bytes of the domain's memory at physical address
// addr, through the boot page tables' identity map, or nil beyond it.
func xenReadPhys(addr uint64, n uint32) []byte {
	if addr == 0 || addr >= xenIdentityMapped || uint64(n) > xenIdentityMapped-addr {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(uintptr(addr))), n)
}

// xenAllocCPUs takes the memory of the other vCPUs' xenCPUs, pages,
// page tables and stacks, before paging is set up so that their guard
// pages can be unmapped.
func xenAllocCPUs() {
	for id := uint32(1); id < xenNumCPU; id++ {
		stacks := xenAllocPages(xenCPUStacksSize / pageSize4K)
		meta := xenAllocPages((unsafe.Sizeof(xenCPU{}) + unsafe.Sizeof([4]g{}) + pageSize4K - 1) / pageSize4K)
		c := (*xenCPU)(unsafe.Pointer(meta))
		gs := (*[4]g)(unsafe.Pointer(alignUp(meta+unsafe.Sizeof(xenCPU{}), 64)))
		c.page = xenAllocPages(1)
		c.cr3 = xenAllocPages(xenCPUTables)
		xenAPStacks[id] = stacks
		xenCPUs[id] = c
		xenSetupCPU(c, id, gs)
	}
}

// xenCPUAreaEnd is the end of the memory xenAllocCPUs took (0: none):
// paging maps it with 4 KiB pages, for the guard pages.
func xenCPUAreaEnd() uintptr {
	end := uintptr(0)
	for id := uint32(1); id < xenNumCPU; id++ {
		end = max(end, xenAPStacks[id]+xenCPUStacksSize)
	}
	return end
}

// xenForGuardPages calls f with each guard page: below each vCPU's
// stacks, and below m0's g0 stack, the boot stack (rt0_go takes its top
// 64 KiB; the rest of xenBootStack is never used). The g0 stacks of
// other Ms have theirs in their own window (g0stack_xen.go).
func xenForGuardPages(f func(uintptr)) {
	for id := uint32(0); id < xenNumCPU; id++ {
		base := xenCPUStacks(xenCPUs[id])
		for i := range 4 {
			guard, _, _ := xenCPUStack(base, i)
			f(guard)
		}
	}
	boot := alignDown(m0.g0.stack.lo, pageSize4K) - pageSize4K
	if boot < uintptr(unsafe.Pointer(&xenBootStack)) {
		throw("xen: no room for a guard page below the boot stack")
	}
	f(boot)
}

// xenRegisterVCPUInfo moves vCPU c's vcpu_info out of shared_info (which
// has room for 32 vCPUs only) into c.infoArea, and points c.info at it.
func xenRegisterVCPUInfo(c *xenCPU) {
	a := alignUp(uintptr(unsafe.Pointer(&c.infoArea)), 64) // so it cannot cross a page
	r := vcpuRegisterVCPUInfo{mfn: uint64(a >> 12), offset: uint32(a & (pageSize4K - 1))}
	if xenHypercall(_HYPERVISOR_vcpu_op, _VCPUOP_register_vcpu_info, uintptr(c.id), uintptr(unsafe.Pointer(&r)), 0, 0) != 0 {
		xenFatalEarly("xen: VCPUOP_register_vcpu_info failed", "")
	}
	xenStoreNoWB(unsafe.Pointer(&c.info), a)
}
