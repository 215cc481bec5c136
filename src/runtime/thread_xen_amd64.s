// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

#include "go_asm.h"
#include "go_tls.h"
#include "textflag.h"

// func xenSwitch(from, to *xenContext)
// Saves the running M's stack pointer and g in from and resumes the M
// whose context is to: its g into the TLS slot, then its stack, then it
// returns from its own call of xenSwitch. ABI0 has no callee-saved
// registers but BP. Interrupts must be disabled by the caller.
//
// All Ms share one TLS block (one vCPU runs one M at a time), so the FS
// base is written once at boot: switching only swaps the g in its slot.
// Rewriting FS_BASE on every switch, as per-M TLS blocks would need,
// also proved to upset Xen under QEMU's SVM emulation (dom0 processes
// crashed with bad TLS pointers).
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
