// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=Op -trimprefix=Op

// Op is a hypercall number (__HYPERVISOR_* in xen.h). On x86 the call for
// Op n is the 32-byte stub at offset n*32 of the hypercall page.
type Op uint64

const (
	OpSetTrapTable               Op = 0
	OpMMUUpdate                  Op = 1
	OpSetGDT                     Op = 2
	OpStackSwitch                Op = 3
	OpSetCallbacks               Op = 4
	OpFPUTaskswitch              Op = 5
	OpSchedOpCompat              Op = 6 // superseded by OpSchedOp
	OpPlatformOp                 Op = 7
	OpSetDebugreg                Op = 8
	OpGetDebugreg                Op = 9
	OpUpdateDescriptor           Op = 10
	OpMemoryOp                   Op = 12 // 11 is unused
	OpMulticall                  Op = 13
	OpUpdateVAMapping            Op = 14
	OpSetTimerOp                 Op = 15
	OpEventChannelOpCompat       Op = 16 // superseded by OpEventChannelOp
	OpXenVersion                 Op = 17
	OpConsoleIO                  Op = 18
	OpPhysdevOpCompat            Op = 19 // superseded by OpPhysdevOp
	OpGrantTableOp               Op = 20
	OpVMAssist                   Op = 21
	OpUpdateVAMappingOtherdomain Op = 22
	OpIret                       Op = 23 // x86 only
	OpVCPUOp                     Op = 24
	OpSetSegmentBase             Op = 25 // x86_64 only
	OpMMUExtOp                   Op = 26
	OpXSMOp                      Op = 27
	OpNMIOp                      Op = 28
	OpSchedOp                    Op = 29
	OpCallbackOp                 Op = 30
	OpXenoprofOp                 Op = 31
	OpEventChannelOp             Op = 32
	OpPhysdevOp                  Op = 33
	OpHVMOp                      Op = 34
	OpSysctl                     Op = 35
	OpDomctl                     Op = 36
	OpKexecOp                    Op = 37
	OpTmemOp                     Op = 38
	OpArgoOp                     Op = 39
	OpXenpmuOp                   Op = 40
	OpDMOp                       Op = 41
	OpHypfsOp                    Op = 42

	// Architecture-specific hypercalls; meaning depends on the arch.
	OpArch0 Op = 48
	OpArch1 Op = 49
	OpArch2 Op = 50
	OpArch3 Op = 51
	OpArch4 Op = 52
	OpArch5 Op = 53
	OpArch6 Op = 54
	OpArch7 Op = 55
)
