// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// XEN_THIS_CPU_AX loads the running vCPU's *xenCPU into AX: the word at
// -16(FS), its TLS block's first slot (cpu_xen.go). MOVQ %fs:-16, AX,
// which the Go assembler cannot express.
#define XEN_THIS_CPU_AX BYTE $0x64; BYTE $0x48; BYTE $0x8b; BYTE $0x04; BYTE $0x25; BYTE $0xf0; BYTE $0xff; BYTE $0xff; BYTE $0xff

// XEN_LOAD_DATA_SEGMENTS loads the GDT's data selector (0x10) into DS,
// ES, SS, FS and GS (which the Go assembler cannot express), clobbering
// AX. Loading FS resets its base: set it after.
#define XEN_LOAD_DATA_SEGMENTS MOVL $0x10, AX; BYTE $0x8e; BYTE $0xd8; BYTE $0x8e; BYTE $0xc0; BYTE $0x8e; BYTE $0xd0; BYTE $0x8e; BYTE $0xe0; BYTE $0x8e; BYTE $0xe8
