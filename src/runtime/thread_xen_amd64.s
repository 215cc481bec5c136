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
