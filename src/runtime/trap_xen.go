// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/abi"
	"internal/goarch"
	"unsafe"
)

// Traps. The IDT sends every vector through xen_trap_amd64.s to xenTrap
// on an interrupt stack from the TSS (IST), so that an interrupt never
// writes below a goroutine's stack pointer. Faults in Go code become Go
// panics the way signals do on Unix: the handler records the fault in
// the goroutine and makes it look as if the faulting instruction called
// sigpanic.

// xenTrapFrame is what xenTrapCommon leaves on the interrupt stack.
type xenTrapFrame struct {
	ax, bx, cx, dx, si, di, bp           uint64
	r8, r9, r10, r11, r12, r13, r14, r15 uint64
	vector, errcode                      uint64
	rip, cs, rflags, rsp, ss             uint64
}

const (
	xenISTStackSize = 32 << 10
	xenISTInterrupt = 1 // the upcall (its stack, entered without IST: see mkxentrap.go)
	xenISTFault     = 2 // exceptions
	xenISTDouble    = 3 // double fault, NMI, machine check
)

// Each vCPU has three interrupt stacks, in its TSS, and a g for each
// (cpu_xen.go), so that Go code run by a handler has a g whose stack
// bounds are the stack it runs on (as gsignal on Unix). Each stack sits
// above a guard page that xenInitPaging unmaps, so that overflowing one
// faults (into the double-fault handler, on a stack of its own) instead
// of overwriting its neighbour. The IDT is shared.
var (
	xenIDT    [256][2]uint64
	xenIDTPtr [10]byte
)

// xenVectorTable is filled by xen_trap_amd64.s: the 32 exception stubs
// then the upcall stub.
var xenVectorTable [33]uintptr

var xenGDT [5]uint64 // defined in rt0_xen_amd64.s

// xenInitTraps sets up vCPU 0's xenCPU and page, loads its TSS and
// fills and loads the IDT. The GDT and IDT are shared by all vCPUs.
func xenInitTraps() {
	xenBootCPU()
	xenSetTSSDescriptor()
	xenLTR(0x18)

	for v := 0; v < 32; v++ {
		ist := xenISTFault
		if v == 2 || v == 8 || v == 18 {
			ist = xenISTDouble
		}
		xenSetGate(v, xenVectorTable[v], ist)
	}
	xenSetGate(_xenUpcallVector, xenVectorTable[32], 0)
	*(*uint16)(unsafe.Pointer(&xenIDTPtr[0])) = uint16(unsafe.Sizeof(xenIDT) - 1)
	*(*uint64)(unsafe.Pointer(&xenIDTPtr[2])) = uint64(uintptr(unsafe.Pointer(&xenIDT)))
	xenLIDT(unsafe.Pointer(&xenIDTPtr))
}

var xenBootStack [128 << 10]byte // defined in rt0_xen_amd64.s

// xenSetGate installs a 64-bit interrupt gate (IF cleared on entry).
func xenSetGate(v int, pc uintptr, ist int) {
	p := uint64(pc)
	xenIDT[v][0] = p&0xffff | 0x08<<16 | uint64(ist)<<32 | 0x8e<<40 | (p>>16&0xffff)<<48
	xenIDT[v][1] = p >> 32
}

// xenTrap is called by xenTrapCommon on an IST stack with interrupts
// disabled. getg() is still the interrupted goroutine's g.
//
//go:nosplit
//go:nowritebarrierrec
func xenTrap(tf *xenTrapFrame) {
	c := xenThisCPU()
	c.inTrap++
	if tf.vector == _xenUpcallVector {
		xenSkipHalt(tf)
		xenUpcall(c)
		xenParkIfAsked(c)
		xenMaybePreempt(tf, c)
		c.inTrap--
		return
	}
	gp := getg()
	ist := xenISTFault
	if tf.vector == 2 || tf.vector == 8 || tf.vector == 18 {
		ist = xenISTDouble
	}
	mp := &m0
	if gp != nil && gp.m != nil {
		mp = gp.m
	}
	setg(xenTrapGFor(c, ist, mp))
	xenFault(tf, gp)
	setg(gp)
	c.inTrap--
}

// xenTrapGFor returns vCPU c's g of interrupt stack ist, lent to mp: Go
// code run by a handler on that stack runs as this g.
//
//go:nosplit
//go:nowritebarrierrec
func xenTrapGFor(c *xenCPU, ist int, mp *m) *g {
	tg := c.trapG[ist-1]
	// No write barrier: trap gs are never freed, nor are Ms while
	// running.
	*(*uintptr)(unsafe.Pointer(&tg.m)) = uintptr(unsafe.Pointer(mp))
	return tg
}

// xenFault handles an exception, running on a trap g.
//
//go:nowritebarrierrec
func xenFault(tf *xenTrapFrame, gp *g) {
	if tf.vector == 3 && xenDebugTrap(tf) {
		return // a debugger's breakpoint (debug_xen.go)
	}
	var sig uint32
	var code, addr uint64
	switch tf.vector {
	case 0: // #DE
		sig, code = _SIGFPE, _FPE_INTDIV
	case 14: // #PF
		sig, code, addr = _SIGSEGV, _SEGV_MAPERR, uint64(xenReadCR2())
		if tf.errcode&1 != 0 {
			code = _SEGV_ACCERR
		}
	case 13, 12: // #GP, #SS: linux reports these as SIGSEGV from the kernel
		sig, code = _SIGSEGV, _SI_KERNEL
	case 6: // #UD
		sig, code = _SIGILL, 2 // ILL_ILLOPN
	case 3: // #BP
		sig, code = _SIGTRAP, _SI_KERNEL
	case 16, 19: // x87 / SIMD floating point
		sig = _SIGFPE
	}
	if sig != 0 && gp != nil && gp.m != nil && gp != gp.m.g0 && gp.m.curg == gp && xenCanPanicAt(gp, uintptr(tf.rip), uintptr(tf.rsp)) {
		gp.sig = sig
		gp.sigcode0 = uintptr(code)
		gp.sigcode1 = uintptr(addr)
		gp.sigpc = uintptr(tf.rip)
		pc, sp := uintptr(tf.rip), uintptr(tf.rsp)
		if shouldPushSigpanic(gp, pc, *(*uintptr)(unsafe.Pointer(sp))) {
			sp -= goarch.PtrSize
			*(*uintptr)(unsafe.Pointer(sp)) = pc
			tf.rsp = uint64(sp)
		}
		tf.rip = uint64(abi.FuncPCABI0(sigpanic0))
		return
	}
	xenFatalTrap(tf, gp, sig, addr)
}

// xenCanPanicAt reports whether a fault at pc, with stack pointer sp,
// can become a panic: it must be in Go code the traceback can unwind, or
// a call from Go code to something that is not code (a jump into the
// heap), whose return address is on top of the stack, as
// shouldPushSigpanic assumes on Unix.
//
//go:nosplit
func xenCanPanicAt(gp *g, pc, sp uintptr) bool {
	if findfunc(pc).valid() {
		return true
	}
	return sp >= gp.stack.lo && sp < gp.stack.hi && findfunc(*(*uintptr)(unsafe.Pointer(sp))).valid()
}

//go:nowritebarrierrec
func xenFatalTrap(tf *xenTrapFrame, gp *g, sig uint32, addr uint64) {
	print("xen: unexpected trap ", tf.vector, " error ", hex(tf.errcode), " at pc=", hex(tf.rip), " sp=", hex(tf.rsp), " addr=", hex(addr), "\n")
	xenPrintRegs(tf)
	if gp != nil && sig != 0 {
		gp.sig = sig
		gp.sigcode1 = uintptr(addr)
		gp.sigpc = uintptr(tf.rip)
	}
	print("fatal error: unexpected signal during runtime execution\n")
	if gp != nil && gp.m != nil {
		traceback1(uintptr(tf.rip), uintptr(tf.rsp), 0, gp, 0)
	}
	xenExitCrashed()
}

func xenPrintRegs(tf *xenTrapFrame) {
	print("rax    ", hex(tf.ax), "\nrbx    ", hex(tf.bx), "\nrcx    ", hex(tf.cx), "\nrdx    ", hex(tf.dx), "\n")
	print("rdi    ", hex(tf.di), "\nrsi    ", hex(tf.si), "\nrbp    ", hex(tf.bp), "\nrsp    ", hex(tf.rsp), "\n")
	print("r8     ", hex(tf.r8), "\nr9     ", hex(tf.r9), "\nr10    ", hex(tf.r10), "\nr11    ", hex(tf.r11), "\n")
	print("r12    ", hex(tf.r12), "\nr13    ", hex(tf.r13), "\nr14    ", hex(tf.r14), "\nr15    ", hex(tf.r15), "\n")
	print("rip    ", hex(tf.rip), "\nrflags ", hex(tf.rflags), "\ncs     ", hex(tf.cs), "\n")
}

//go:nosplit
func xenExitCrashed() {
	if gp := getg(); gp != nil && gp.m != nil {
		gp.m.dying = 1
	}
	xenExit(2)
}
