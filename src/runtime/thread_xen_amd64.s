// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

#include "go_asm.h"
#include "textflag.h"

// func xenSwitch(from, to *xenContext)
// Saves the running M's stack pointer in from and resumes the M whose
// context is to: its TLS base, then its stack, then it returns from its
// own call of xenSwitch. ABI0 has no callee-saved registers but BP.
// Interrupts must be disabled by the caller.
TEXT runtime·xenSwitch(SB),NOSPLIT|NOFRAME,$0-16
	MOVQ	from+0(FP), AX
	MOVQ	to+8(FP), BX
	PUSHQ	BP
	MOVQ	SP, xenContext_sp(AX)
	MOVQ	xenContext_fsbase(BX), AX
	MOVQ	AX, DX
	SHRQ	$32, DX
	MOVL	$0xc0000100, CX // MSR_FS_BASE
	WRMSR
	MOVQ	xenContext_sp(BX), SP
	POPQ	BP
	RET

// xenThreadStart is where a new M's first xenSwitch returns to, on the
// top of its g0 stack, with its TLS already holding g0. It runs with
// interrupts enabled, like every M outside the switcher.
TEXT runtime·xenThreadStart(SB),NOSPLIT|TOPFRAME|NOFRAME,$0
	STI
	CALL	runtime·mstart(SB)
	CALL	runtime·abort(SB) // mstart does not return
	RET
