// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

#include "go_asm.h"
#include "textflag.h"
#include "xen_amd64.h"

// PVH entry. Xen starts the guest here (XEN_ELFNOTE_PHYS32_ENTRY, written
// by cmd/link) in 32-bit protected mode with paging off, flat segments,
// no stack, and %ebx holding the physical address of hvm_start_info.
//
// The Go assembler only emits 64-bit code, so this part uses only
// instructions whose encoding means the same in 32-bit mode: no REX
// prefixes, no memory operands addressed by symbol (those would be
// RIP-relative), only register-indirect ones. xenaudit decodes it in
// 32-bit mode to check.
//
// It identity-maps the first 4 GiB with 2 MiB pages (refined later by
// xenInitPaging), enables SSE, PAE, long mode and paging, loads a GDT
// with a 64-bit code segment and far-returns into 64-bit code.
TEXT _rt0_amd64_xen(SB),NOSPLIT|NOFRAME,$0
	CLI
	CLD
	// The boot trace's first mark (boottrace_xen.go), kept in DI:CX
	// until the table's address is known.
	RDTSC
	MOVL	AX, DI
	MOVL	DX, CX
	// Symbol operands assemble RIP-relative, which 32-bit mode reads as
	// absolute addresses. So find where we run (CALL/POP on a scratch
	// stack in low memory, which nothing uses yet) and turn one such
	// operand back into an absolute address: that of xenBootAddrs, a
	// table of the absolute addresses this code needs.
	MOVL	$0x8000, SP
	BYTE	$0xe8; BYTE $0; BYTE $0; BYTE $0; BYTE $0 // CALL next instruction
	POPQ	BP // BP = address of this POP
	LEAL	xenBootAddrs<>(SB), SI // SI = xenBootAddrs - (BP + 7)
	ADDL	BP, SI
	ADDL	$7, SI
	MOVL	32(SI), AX
	MOVL	DI, 0(AX)
	MOVL	CX, 4(AX)
	// Page-align the boot page tables: PML4, PDPT, 4 PDs.
	MOVL	0(SI), DI
	ADDL	$4095, DI
	ANDL	$~4095, DI
	// PML4[0] -> PDPT
	LEAL	4096(DI), AX
	ORL	$3, AX
	MOVL	AX, 0(DI)
	// PDPT[0..3] -> PD0..PD3
	LEAL	8192(DI), AX
	ORL	$3, AX
	MOVL	AX, 4096(DI)
	ADDL	$4096, AX
	MOVL	AX, 4104(DI)
	ADDL	$4096, AX
	MOVL	AX, 4112(DI)
	ADDL	$4096, AX
	MOVL	AX, 4120(DI)
	// PD entries: 2048 x 2 MiB, present|writable|large.
	LEAL	8192(DI), BP
	MOVL	$0, CX
pdloop:
	MOVL	CX, AX
	SHLL	$21, AX
	ORL	$0x83, AX
	MOVL	AX, 0(BP)(CX*8)
	INCL	CX
	CMPL	CX, $2048
	JNE	pdloop

	// CR4: PAE | OSFXSR | OSXMMEXCPT.
	MOVQ	CR4, AX
	ORL	$0x620, AX
	MOVQ	AX, CR4
	MOVQ	DI, CR3
	// EFER.LME
	MOVL	$0xc0000080, CX
	RDMSR
	ORL	$0x100, AX
	WRMSR
	// CR0: PG | WP | MP | PE; clear EM and TS.
	MOVQ	CR0, AX
	ANDL	$~0xc, AX
	ORL	$0x80010003, AX
	MOVQ	AX, CR0

	MOVL	8(SI), AX
	LGDT	0(AX)
	MOVL	24(SI), SP
	PUSHQ	$0x08
	MOVL	16(SI), AX
	PUSHQ	AX
	BYTE	$0xcb // LRET: pop EIP, CS

// 64-bit code from here on.
TEXT rt0_xen_long(SB),NOSPLIT|NOFRAME,$0
	XEN_LOAD_DATA_SEGMENTS
	MOVL	BX, BX // zero-extend the start_info address
	MOVQ	BX, runtime·xenStartInfoPA(SB)
	MOVQ	$runtime·xenBootStack+131008(SB), SP
	MOVQ	$0, BP
	// argc and argv come from the domain's command line (sysargs).
	MOVQ	$0, DI
	MOVQ	$0, SI
	JMP	runtime·rt0_go(SB)

// Absolute addresses for the 32-bit code.
DATA xenBootAddrs<>+0(SB)/8, $runtime·xenBootTables(SB)
DATA xenBootAddrs<>+8(SB)/8, $runtime·xenGDTPtr(SB)
DATA xenBootAddrs<>+16(SB)/8, $rt0_xen_long(SB)
DATA xenBootAddrs<>+24(SB)/8, $runtime·xenBootStack+131008(SB)
DATA xenBootAddrs<>+32(SB)/8, $runtime·xenBootTSC(SB)
GLOBL xenBootAddrs<>(SB), RODATA, $40

// The GDT: null, 64-bit code (0x08), data (0x10), then the 64-bit TSS
// descriptor (0x18, 16 bytes) filled in by xenInitTraps.
DATA runtime·xenGDT+0x00(SB)/8, $0
DATA runtime·xenGDT+0x08(SB)/8, $0x00af9a000000ffff
DATA runtime·xenGDT+0x10(SB)/8, $0x00cf92000000ffff
DATA runtime·xenGDT+0x18(SB)/8, $0
DATA runtime·xenGDT+0x20(SB)/8, $0
GLOBL runtime·xenGDT(SB), NOPTR, $40

// LGDT operand: 16-bit limit, then the base. In 32-bit mode only the
// low 4 bytes of the base are read; the GDT is below 4 GiB.
DATA runtime·xenGDTPtr+0(SB)/2, $39
DATA runtime·xenGDTPtr+2(SB)/8, $runtime·xenGDT(SB)
GLOBL runtime·xenGDTPtr(SB), NOPTR, $10

// Boot page tables (6 pages) plus slack for page alignment.
GLOBL runtime·xenBootTables(SB), NOPTR, $(7*4096)

// The boot stack becomes m0's g0 stack (rt0_go uses 64 KiB of it).
GLOBL runtime·xenBootStack(SB), NOPTR, $(128*1024)
