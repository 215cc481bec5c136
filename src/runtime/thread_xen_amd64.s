// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

#include "go_asm.h"
#include "go_tls.h"
#include "textflag.h"
#include "xen_amd64.h"

// func xenSwitch(from, to *xenContext)
// Saves the running M's stack pointer and g in from and resumes the M
// whose context is to: its g into the TLS slot, then its stack, then it
// returns from its own call of xenSwitch. ABI0 has no callee-saved
// registers but BP. Interrupts must be disabled and xenSched held by
// the caller; whatever runs next releases it (xenFinishSwitch).
//
// Each vCPU has one TLS block, in its xenCPU, for all the Ms it runs,
// so the FS base is written once per vCPU: switching only swaps the g
// in its slot. Rewriting FS_BASE on every switch, as per-M TLS blocks
// would need, also proved to upset Xen under QEMU's SVM emulation (dom0
// processes crashed with bad TLS pointers).
TEXT runtime·xenSwitch(SB),NOSPLIT|NOFRAME,$0-16
	MOVQ	from+0(FP), AX
	MOVQ	to+8(FP), BX
	PUSHQ	BP
	MOVQ	SP, xenContext_sp(AX)
	get_tls(CX)
	MOVQ	g(CX), DX
	MOVQ	DX, xenContext_g(AX)
	MOVQ	xenContext_g(BX), DX
	MOVQ	DX, g(CX)
	MOVQ	xenContext_sp(BX), SP
	POPQ	BP
	RET

// xenThreadStart is where a new M's first xenSwitch returns to, on the
// top of its g0 stack, with its g0 in the TLS slot. It runs with
// interrupts enabled, like every M outside the switcher.
TEXT runtime·xenThreadStart(SB),NOSPLIT|TOPFRAME|NOFRAME,$0
	CALL	runtime·xenFinishSwitch(SB)
	STI
	CALL	runtime·mstart(SB)
	CALL	runtime·abort(SB) // mstart does not return
	RET

// xenPreemptM is where an upcall sends an M whose time slice is over
// (xenMaybePreempt pushed the interrupted rip as its return address): it
// saves every register and the SSE state on the interrupted stack, gives
// the vCPU to the next ready M, and returns where the M was interrupted,
// as a kernel time-slicing threads would.
TEXT runtime·xenPreemptM(SB),NOSPLIT|NOFRAME,$0
	PUSHFQ
	CLI
	PUSHQ	AX
	PUSHQ	BX
	PUSHQ	CX
	PUSHQ	DX
	PUSHQ	SI
	PUSHQ	DI
	PUSHQ	BP
	PUSHQ	R8
	PUSHQ	R9
	PUSHQ	R10
	PUSHQ	R11
	PUSHQ	R12
	PUSHQ	R13
	PUSHQ	R14
	PUSHQ	R15
	MOVQ	SP, AX
	SUBQ	$(512+16), SP
	ANDQ	$~15, SP
	MOVQ	AX, 0(SP)
	FXSAVE64	16(SP)
	CALL	runtime·xenYieldM(SB)
	FXRSTOR64	16(SP)
	MOVQ	0(SP), SP
	POPQ	R15
	POPQ	R14
	POPQ	R13
	POPQ	R12
	POPQ	R11
	POPQ	R10
	POPQ	R9
	POPQ	R8
	POPQ	BP
	POPQ	DI
	POPQ	SI
	POPQ	DX
	POPQ	CX
	POPQ	BX
	POPQ	AX
	POPFQ
	RET

// func xenThisCPU() *xenCPU
TEXT runtime·xenThisCPU(SB),NOSPLIT,$0-8
	XEN_THIS_CPU_AX
	MOVQ	AX, ret+0(FP)
	RET

// xenIdleStart is where a vCPU's idle context starts, on the top of its
// idle stack, the first time its vCPU has no M to run.
TEXT runtime·xenIdleStart(SB),NOSPLIT|TOPFRAME|NOFRAME,$0
	CALL	runtime·xenIdleLoop(SB)
	CALL	runtime·abort(SB) // the idle loop does not return
	RET

// xenAPStart is where Xen starts vCPUs other than 0 (VCPUOP_initialise,
// smp_xen.go): in long mode, with vCPU 0's page tables and control
// registers, interrupts disabled, RSP at the top of the vCPU's idle
// stack and DI pointing to its xenCPU. The descriptor tables are Xen's
// until it loads ours: the GDT (then CS, with a far return, and the data
// segments from it), the TSS, the IDT and the TLS block, all at the
// same addresses as on vCPU 0 (cpu_xen.go).
TEXT runtime·xenAPStart(SB),NOSPLIT|TOPFRAME|NOFRAME,$0
	MOVQ	$runtime·xenGDTPtr(SB), AX
	LGDT	0(AX)
	PUSHQ	$0x08
	MOVQ	$runtime·xenAPStart64(SB), AX
	PUSHQ	AX
	BYTE	$0x48; BYTE $0xcb // LRETQ: pop RIP, CS

TEXT runtime·xenAPStart64(SB),NOSPLIT|TOPFRAME|NOFRAME,$0
	XEN_LOAD_DATA_SEGMENTS
	// The TSS descriptor is busy since vCPU 0 loaded it; LTR wants
	// it available.
	MOVQ	$runtime·xenGDT(SB), AX
	ANDB	$~0x02, 0x1d(AX)
	MOVL	$0x18, AX
	LTR	AX
	MOVQ	$runtime·xenIDTPtr(SB), AX
	LIDT	0(AX)
	MOVQ	runtime·xenPerCPUPage(SB), AX // FS base: 16 bytes into the page
	ADDQ	$16, AX
	MOVQ	AX, DX
	SHRQ	$32, DX
	MOVL	$0xc0000100, CX // MSR_FS_BASE
	WRMSR
	MOVQ	xenCPU_idleG(DI), AX
	get_tls(CX)
	MOVQ	AX, g(CX)
	MOVQ	$0, BP
	MOVQ	DI, 0(SP) // xenAPMain's argument (the stack has room above)
	CALL	runtime·xenAPMain(SB)
	CALL	runtime·abort(SB) // xenAPMain does not return
	RET
