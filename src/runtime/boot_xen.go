// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// Set by rt0_xen_amd64.s from %ebx at the PVH entry.
var xenStartInfoPA uintptr

var (
	// xenStartInfo is a copy of the PVH start info: its page lies in RAM
	// the heap takes over, and a Go pointer to it would make the
	// collector take that page for a heap object (a free one, once the
	// heap hands out its span: "found pointer to free object").
	xenStartInfo     hvmStartInfo
	xenHypercallPage uintptr
	xenShared        *sharedInfo
	xenHasRDRAND     bool
	xenHasRDSEED     bool
	xenHasNX         bool
)

// Page-aligned pages inside the image for the hypercall page and the
// shared_info mapping (aligned at run time: Go data is 32-byte aligned).
var xenHypercallArea [2 * 4096]byte
var xenSharedArea [2 * 4096]byte

func xenAlignPage(p unsafe.Pointer) uintptr {
	return alignUp(uintptr(p), 4096)
}

// xenEarlyInit brings up the CPU features, hypercalls, the console and
// trap handling: everything printing and fault reports need.
func xenEarlyInit() {
	xenCPUFeatures()
	xenInitHypercalls()
	if xenStartInfoPA == 0 {
		xenFatalEarly("xen: started without a PVH start info: boot the image as type=\"pvh\"", "")
	}
	xenStartInfo = *(*hvmStartInfo)(unsafe.Pointer(xenStartInfoPA))
	if xenStartInfo.magic != _hvmStartMagic {
		xenFatalEarly("xen: the PVH start info has a bad magic number", "")
	}
	xenCountCPUs()
	xenInitTraps()
	xenMapSharedInfo()
	xenCPU0.info = &xenShared.vcpu[0]
	xenRegisterVCPUInfo(&xenCPU0)
	xenInitClock()
	xenConsoleInit()
}

func xenCPUFeatures() {
	_, _, c, _ := xenCPUID(1, 0)
	xenHasRDRAND = c&(1<<30) != 0
	max, _, _, _ := xenCPUID(0, 0)
	if max >= 7 {
		_, b, _, _ := xenCPUID(7, 0)
		xenHasRDSEED = b&(1<<18) != 0
	}
	_, _, _, d := xenCPUID(0x80000001, 0)
	xenHasNX = d&(1<<20) != 0
	if xenHasNX {
		xenWRMSR(_MSR_EFER, xenRDMSR(_MSR_EFER)|_EFER_NXE)
	}
}

// xenInitHypercalls finds Xen's CPUID leaves and asks Xen to fill in the
// hypercall page, through the MSR that leaf base+2 names.
func xenInitHypercalls() {
	for base := uint32(_xenCPUIDBase); base < _xenCPUIDBaseLast; base += 0x100 {
		_, b, c, d := xenCPUID(base, 0)
		if b == 0x566e6558 && c == 0x65584d4d && d == 0x4d4d566e { // "XenVMMXenVMM"
			_, msr, _, _ := xenCPUID(base+2, 0)
			page := xenAlignPage(unsafe.Pointer(&xenHypercallArea))
			xenWRMSR(msr, uint64(page))
			xenHypercallPage = page
			return
		}
	}
	// Not running on Xen: there is no one to report to but a debug
	// console (QEMU's -debugcon), and no way to end but halting.
	xenDebugWrite("go: this image runs only as a Xen PVH guest\n")
	xenHalt()
}

func xenMapSharedInfo() {
	page := xenAlignPage(unsafe.Pointer(&xenSharedArea))
	xatp := xenAddToPhysmap{
		domid: _DOMID_SELF,
		space: _XENMAPSPACE_shared_info,
		idx:   0,
		gpfn:  uint64(page >> 12),
	}
	if rc := xenHypercall(_HYPERVISOR_memory_op, _XENMEM_add_to_physmap, uintptr(unsafe.Pointer(&xatp)), 0, 0, 0); rc != 0 {
		xenFatalEarly("xen: cannot map shared_info", "")
	}
	xenStoreNoWB(unsafe.Pointer(&xenShared), page)
}

// xenGetParam reads an HVM parameter of this domain.
func xenGetParam(index uint32) (uint64, bool) {
	p := xenHVMParam{domid: _DOMID_SELF, index: index}
	rc := xenHypercall(_HYPERVISOR_hvm_op, _HVMOP_get_param, uintptr(unsafe.Pointer(&p)), 0, 0, 0)
	return p.value, rc == 0
}

func xenSetParam(index uint32, value uint64) bool {
	p := xenHVMParam{domid: _DOMID_SELF, index: index, value: value}
	return xenHypercall(_HYPERVISOR_hvm_op, _HVMOP_set_param, uintptr(unsafe.Pointer(&p)), 0, 0, 0) == 0
}

// xenFatalEarly reports a failure before the scheduler runs (msg, then
// detail, which may be empty) on the console, and on Xen's own in case
// the console ring is not up yet, and crashes the domain. It allocates
// nothing: the heap may not exist yet.
func xenFatalEarly(msg, detail string) {
	for _, s := range [...]string{msg, detail, "\n"} {
		xenDebugWrite(s)
		if xenCons != nil {
			xenConsoleWrite(unsafe.Slice(unsafe.StringData(s), len(s)))
		}
	}
	xenShutdown(_SHUTDOWN_crash)
}
