// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// Implemented in sys_xen_amd64.s, xen_thread_amd64.s and
// xen_trap_amd64.s.

//go:noescape
func xenHypercall(op, a1, a2, a3, a4, a5 uintptr) uintptr

func xenCPUID(leaf, sub uint32) (a, b, c, d uint32)
func xenRDMSR(msr uint32) uint64
func xenWRMSR(msr uint32, v uint64)
func xenReadCR2() uintptr
func xenReadCR3() uintptr
func xenReadCR0() uintptr
func xenReadCR4() uintptr
func xenWriteCR3(v uintptr)
func xenLIDT(p unsafe.Pointer)
func xenLGDT(p unsafe.Pointer)
func xenLTR(sel uint16)
func xenDisableInterrupts() (wasEnabled bool)
func xenEnableInterrupts()
func xenHalt()
func xenOutb(port uint16, v uint8)
func xenRDRAND() (v uint64, ok bool)
func xenRDSEED() (v uint64, ok bool)

//go:noescape
func xenSwitch(from, to *xenContext)

func xenThreadStart()
func xenIdleStart()
func xenAPStart()
func xenPreemptM()
