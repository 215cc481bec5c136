// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// Breakpoints for a debugger in dom0 (scripts/xendebug/xen-gdbstub). It
// plants INT3s; on real hardware Xen intercepts them and reports them to
// the debugger itself, but under QEMU's TCG an INT3 reaches the guest as
// #BP. So the #BP handler first offers the trap to the debugger: a
// synchronous "guest request" vm_event holds this vCPU while the debugger
// reads and changes the trap frame (whose address travels in the third
// hypercall argument, with a magic number in the fourth), and marks the
// frame as taken (its vector). Without a debugger the hypercall returns at
// once and the #BP is SIGTRAP, as on Linux.

const (
	_HVMOP_guest_request_vm_event = 24
	xenDebugMagic                 = 0x6762642d6e65782d // "-xen-dbg"
	xenDebugTaken                 = 0x100              // no vector is that large
)

// xenDebugTrap reports whether a debugger took the #BP in tf: then tf
// holds the registers to resume with (for its own INT3, rip back on it).
//
//go:nosplit
func xenDebugTrap(tf *xenTrapFrame) bool {
	xenHypercall(_HYPERVISOR_hvm_op, _HVMOP_guest_request_vm_event, 0, uintptr(unsafe.Pointer(tf)), xenDebugMagic, 0)
	if tf.vector != xenDebugTaken {
		return false
	}
	tf.vector = 3
	return true
}
