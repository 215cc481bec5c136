// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/abi"
	"unsafe"
)

// Bringing up the other vCPUs. Xen starts a PVH vCPU from a register
// context (VCPUOP_initialise with a 64-bit vcpu_hvm_context, then
// VCPUOP_up): it starts in long mode with its own page tables
// (paging_xen.go) and vCPU 0's control registers at xenAPStart, which
// loads the descriptor tables and TLS block and enters xenAPMain. Page
// tables never change after boot, so no vCPU ever needs another's TLB
// flushed.

// xenAPStartTimeoutNS bounds the wait for a started vCPU to report.
const xenAPStartTimeoutNS = 5e9

// xenStartCPUs starts vCPUs 1 to xenNumCPU-1, each into its idle loop,
// and waits until each runs. osinit calls it last: their events and
// vcpu_info are set up (xenEventsInit), and all they do until the
// scheduler readies Ms is halt.
func xenStartCPUs() {
	for id := uint32(1); id < xenNumCPU; id++ {
		c := xenCPUs[id]
		ctx := vcpuHVMContext{
			mode:   _VCPU_HVM_MODE_64B,
			rip:    uint64(abi.FuncPCABI0(xenAPStart)),
			rsp:    uint64(c.idleCtx.sp),
			rdi:    uint64(uintptr(unsafe.Pointer(c))),
			rflags: 2, // the reserved bit; interrupts off
			cr0:    uint64(xenReadCR0()),
			cr3:    uint64(c.cr3),
			cr4:    uint64(xenReadCR4()),
			efer:   xenRDMSR(_MSR_EFER),
		}
		if rc := int(xenHypercall(_HYPERVISOR_vcpu_op, _VCPUOP_initialise, uintptr(id), uintptr(unsafe.Pointer(&ctx)), 0, 0)); rc != 0 {
			print("xen: VCPUOP_initialise of vCPU ", id, ": error ", -rc, "\n")
			throw("xen: cannot start a vCPU")
		}
		if rc := int(xenHypercall(_HYPERVISOR_vcpu_op, _VCPUOP_up, uintptr(id), 0, 0, 0)); rc != 0 {
			print("xen: VCPUOP_up of vCPU ", id, ": error ", -rc, "\n")
			throw("xen: cannot start a vCPU")
		}
		for end := nanotime() + xenAPStartTimeoutNS; !c.online.Load(); {
			if nanotime() > end {
				print("xen: vCPU ", id, " did not start within ", xenAPStartTimeoutNS/1e9, " s\n")
				throw("xen: cannot start a vCPU")
			}
			xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
		}
	}
}

// xenAPMain runs on vCPU c, started by xenStartCPUs, on its idle stack
// with its idle g, with interrupts disabled: it becomes the vCPU's idle
// context.
//
//go:nosplit
func xenAPMain(c *xenCPU) {
	c.online.Store(true)
	xenSched.lock()
	xenIdleLoop()
}
