// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Machine primitives for the xen runtime: hypercalls, privileged
// instructions, TLS, and the entry points that other operating systems
// implement as system calls (here they jump to Go code in os_xen.go).

#include "go_asm.h"
#include "go_tls.h"
#include "textflag.h"

// func xenHypercall(op, a1, a2, a3, a4, a5 uintptr) uintptr
// Calls the hypercall page stub for op; Xen takes the arguments in
// RDI, RSI, RDX, R10, R8 and returns in RAX.
TEXT runtime·xenHypercall(SB),NOSPLIT,$0-56
	MOVQ	op+0(FP), AX
	SHLQ	$5, AX
	ADDQ	runtime·xenHypercallPage(SB), AX
	MOVQ	a1+8(FP), DI
	MOVQ	a2+16(FP), SI
	MOVQ	a3+24(FP), DX
	MOVQ	a4+32(FP), R10
	MOVQ	a5+40(FP), R8
	CALL	AX
	MOVQ	AX, ret+48(FP)
	RET

// func xenCPUID(leaf, sub uint32) (a, b, c, d uint32)
TEXT runtime·xenCPUID(SB),NOSPLIT,$0-24
	MOVL	leaf+0(FP), AX
	MOVL	sub+4(FP), CX
	CPUID
	MOVL	AX, a+8(FP)
	MOVL	BX, b+12(FP)
	MOVL	CX, c+16(FP)
	MOVL	DX, d+20(FP)
	RET

// func xenRDMSR(msr uint32) uint64
TEXT runtime·xenRDMSR(SB),NOSPLIT,$0-16
	MOVL	msr+0(FP), CX
	RDMSR
	SHLQ	$32, DX
	ORQ	DX, AX
	MOVQ	AX, ret+8(FP)
	RET

// func xenWRMSR(msr uint32, v uint64)
TEXT runtime·xenWRMSR(SB),NOSPLIT,$0-16
	MOVL	msr+0(FP), CX
	MOVQ	v+8(FP), AX
	MOVQ	AX, DX
	SHRQ	$32, DX
	WRMSR
	RET

// func xenReadCR2() uintptr
TEXT runtime·xenReadCR2(SB),NOSPLIT,$0-8
	MOVQ	CR2, AX
	MOVQ	AX, ret+0(FP)
	RET

// func xenReadCR3() uintptr
TEXT runtime·xenReadCR3(SB),NOSPLIT,$0-8
	MOVQ	CR3, AX
	MOVQ	AX, ret+0(FP)
	RET

// func xenReadCR0() uintptr
TEXT runtime·xenReadCR0(SB),NOSPLIT,$0-8
	MOVQ	CR0, AX
	MOVQ	AX, ret+0(FP)
	RET

// func xenReadCR4() uintptr
TEXT runtime·xenReadCR4(SB),NOSPLIT,$0-8
	MOVQ	CR4, AX
	MOVQ	AX, ret+0(FP)
	RET

// func xenWriteCR3(v uintptr)
// Reloading CR3 flushes the non-global TLB entries.
TEXT runtime·xenWriteCR3(SB),NOSPLIT,$0-8
	MOVQ	v+0(FP), AX
	MOVQ	AX, CR3
	RET

// func xenLIDT(p unsafe.Pointer)
TEXT runtime·xenLIDT(SB),NOSPLIT,$0-8
	MOVQ	p+0(FP), AX
	LIDT	0(AX)
	RET

// func xenLGDT(p unsafe.Pointer)
TEXT runtime·xenLGDT(SB),NOSPLIT,$0-8
	MOVQ	p+0(FP), AX
	LGDT	0(AX)
	RET

// func xenLTR(sel uint16)
TEXT runtime·xenLTR(SB),NOSPLIT,$0-2
	MOVW	sel+0(FP), AX
	LTR	AX
	RET

// func xenDisableInterrupts() (wasEnabled bool)
TEXT runtime·xenDisableInterrupts(SB),NOSPLIT,$0-1
	PUSHFQ
	POPQ	AX
	CLI
	SHRQ	$9, AX
	ANDQ	$1, AX
	MOVB	AX, wasEnabled+0(FP)
	RET

// func xenEnableInterrupts()
TEXT runtime·xenEnableInterrupts(SB),NOSPLIT,$0-0
	STI
	RET

// func xenHalt()
// Enables interrupts and halts until the next one. STI takes effect
// after the following instruction, so an interrupt that became pending
// while they were disabled ends the HLT instead of being lost.
TEXT runtime·xenHalt(SB),NOSPLIT,$0-0
	STI
	HLT
	RET

// func xenRDRAND() (v uint64, ok bool)
TEXT runtime·xenRDRAND(SB),NOSPLIT,$0-9
	MOVL	$10, CX
retry:
	RDRANDQ	AX
	JCS	done
	DECL	CX
	JNZ	retry
	MOVQ	$0, v+0(FP)
	MOVB	$0, ok+8(FP)
	RET
done:
	MOVQ	AX, v+0(FP)
	MOVB	$1, ok+8(FP)
	RET

// func xenRDSEED() (v uint64, ok bool)
TEXT runtime·xenRDSEED(SB),NOSPLIT,$0-9
	MOVL	$100, CX
retry:
	BYTE	$0x48; BYTE $0x0f; BYTE $0xc7; BYTE $0xf8 // RDSEED AX
	JCS	done
	PAUSE
	DECL	CX
	JNZ	retry
	MOVQ	$0, v+0(FP)
	MOVB	$0, ok+8(FP)
	RET
done:
	MOVQ	AX, v+0(FP)
	MOVB	$1, ok+8(FP)
	RET

// settls sets the FS base so that -8(FS) is m.tls[0], as on linux.
// DI holds &m.tls[0].
TEXT runtime·settls(SB),NOSPLIT,$0
	ADDQ	$8, DI
	MOVQ	DI, AX
	MOVQ	DI, DX
	SHRQ	$32, DX
	MOVL	$0xc0000100, CX // MSR_FS_BASE
	WRMSR
	RET

// The functions other systems implement as system calls.
TEXT runtime·write1(SB),NOSPLIT,$0-28
	JMP	runtime·xenWrite(SB)

TEXT runtime·read(SB),NOSPLIT,$0-28
	JMP	runtime·xenRead(SB)

TEXT runtime·open(SB),NOSPLIT,$0-20
	JMP	runtime·xenOpen(SB)

TEXT runtime·closefd(SB),NOSPLIT,$0-12
	JMP	runtime·xenClose(SB)

TEXT runtime·exit(SB),NOSPLIT,$0-4
	JMP	runtime·xenExit(SB)

TEXT runtime·usleep(SB),NOSPLIT,$0-4
	JMP	runtime·xenUsleep(SB)

TEXT runtime·exitThread(SB),NOSPLIT,$0-8
	JMP	runtime·xenExitThread(SB)

TEXT runtime·nanotime1(SB),NOSPLIT,$0-8
	JMP	runtime·xenNanotime(SB)

TEXT runtime·walltime(SB),NOSPLIT,$0-12
	JMP	runtime·xenWalltime(SB)

TEXT runtime·madvise(SB),NOSPLIT,$0-28
	MOVL	$0, ret+24(FP)
	RET

// func xenOutb(port uint16, v uint8)
TEXT runtime·xenOutb(SB),NOSPLIT,$0-3
	MOVW	port+0(FP), DX
	MOVB	v+2(FP), AX
	OUTB
	RET
