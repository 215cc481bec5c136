// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

// The few Xen ABI numbers and layouts the runtime needs, from Xen's
// public headers. The full ABI, with String methods and a layout test
// against the C headers, is package xen/hypercall; the runtime cannot
// import it (it imports strconv), and a test there checks these agree.

// Hypercall numbers (xen.h).
const (
	_HYPERVISOR_set_timer_op     = 15
	_HYPERVISOR_memory_op        = 12
	_HYPERVISOR_vcpu_op          = 24
	_HYPERVISOR_sched_op         = 29
	_HYPERVISOR_event_channel_op = 32
	_HYPERVISOR_hvm_op           = 34
	_SCHEDOP_yield               = 0
	_SCHEDOP_shutdown            = 2
	_SCHEDOP_poll                = 3
	_SHUTDOWN_poweroff           = 0
	_SHUTDOWN_reboot             = 1
	_SHUTDOWN_suspend            = 2
	_SHUTDOWN_crash              = 3
	_EVTCHNOP_bind_virq          = 1
	_EVTCHNOP_send               = 4
	_EVTCHNOP_unmask             = 9
	_EVTCHNOP_bind_ipi           = 7
	_HVMOP_set_param             = 0
	_HVMOP_get_param             = 1
	_HVM_PARAM_CALLBACK_IRQ      = 0
	_HVM_PARAM_STORE_PFN         = 1
	_HVM_PARAM_STORE_EVTCHN      = 2
	_HVM_PARAM_CONSOLE_PFN       = 17
	_HVM_PARAM_CONSOLE_EVTCHN    = 18
	_XENMEM_add_to_physmap       = 7
	_XENMEM_decrease_reservation = 1
	_XENMEM_populate_physmap     = 6
	_XENMAPSPACE_shared_info     = 0
	_VCPUOP_stop_periodic_timer  = 7
	_VCPUOP_initialise           = 0
	_VCPUOP_up                   = 1
	_VCPUOP_is_up                = 3
	_VCPUOP_register_vcpu_info   = 10
	_VCPUOP_get_runstate_info    = 4
	_VCPU_HVM_MODE_64B           = 1
	_XEN_PVCLOCK_TSC_STABLE_BIT  = 1 << 0
	_VIRQ_TIMER                  = 0
	_DOMID_SELF                  = 0x7ff0
	_XEN_LEGACY_MAX_VCPUS        = 32
	_hvmStartMagic               = 0x336ec578
	_hvmMemmapTypeRAM            = 1
	_hvmCallbackTypeVector       = 2
	_xenconsOutSize              = 2048
	_xenconsInSize               = 1024
	_XENSTORE_RING_SIZE          = 1024
	_XS_READ                     = 2
	_XS_ERROR                    = 16
	_evtchnWordBits              = 64
	_evtchnWords                 = 64
	_xenCPUIDBase                = 0x40000000
	_xenCPUIDBaseLast            = 0x40010000
	_xenUpcallVector             = 0xf3
	_MSR_FS_BASE                 = 0xc0000100
	_MSR_EFER                    = 0xc0000080
	_EFER_NXE                    = 1 << 11
)

// hvmStartInfo is struct hvm_start_info (hvm/start_info.h).
type hvmStartInfo struct {
	magic         uint32
	version       uint32
	flags         uint32
	nrModules     uint32
	modlistPaddr  uint64
	cmdlinePaddr  uint64
	rsdpPaddr     uint64
	memmapPaddr   uint64
	memmapEntries uint32
	reserved      uint32
}

// hvmModlistEntry is struct hvm_modlist_entry: a boot module.
type hvmModlistEntry struct {
	paddr        uint64
	size         uint64
	cmdlinePaddr uint64
	reserved     uint64
}

// hvmMemmapEntry is struct hvm_memmap_table_entry.
type hvmMemmapEntry struct {
	addr     uint64
	size     uint64
	typ      uint32
	reserved uint32
}

// vcpuTimeInfo is struct vcpu_time_info: the pvclock.
type vcpuTimeInfo struct {
	version        uint32
	pad0           uint32
	tscTimestamp   uint64
	systemTime     uint64
	tscToSystemMul uint32
	tscShift       int8
	flags          uint8
	pad1           [2]uint8
}

// vcpuRunstateInfo is struct vcpu_runstate_info.
type vcpuRunstateInfo struct {
	state          int32
	pad            uint32
	stateEntryTime uint64
	time           [4]uint64 // running, runnable, blocked, offline
}

// vcpuInfo is struct vcpu_info on x86_64.
type vcpuInfo struct {
	upcallPending uint8
	upcallMask    uint8
	pad           [6]uint8
	pendingSel    uint64
	cr2           uint64
	archPad       uint64
	time          vcpuTimeInfo
}

// sharedInfo is the start of struct shared_info on x86_64.
type sharedInfo struct {
	vcpu          [_XEN_LEGACY_MAX_VCPUS]vcpuInfo
	evtchnPending [_evtchnWords]uint64
	evtchnMask    [_evtchnWords]uint64
	wcVersion     uint32
	wcSec         uint32
	wcNsec        uint32
	wcSecHi       uint32
}

// xenconsInterface is struct xencons_interface (io/console.h).
type xenconsInterface struct {
	in      [_xenconsInSize]byte
	out     [_xenconsOutSize]byte
	inCons  uint32
	inProd  uint32
	outCons uint32
	outProd uint32
}

// xenstoreDomainInterface is struct xenstore_domain_interface
// (io/xs_wire.h), up to the indices.
type xenstoreDomainInterface struct {
	req     [_XENSTORE_RING_SIZE]byte
	rsp     [_XENSTORE_RING_SIZE]byte
	reqCons uint32
	reqProd uint32
	rspCons uint32
	rspProd uint32
}

// xsdSockmsg is struct xsd_sockmsg, a xenstore message header.
type xsdSockmsg struct {
	typ   uint32
	reqID uint32
	txID  uint32
	len   uint32
}

// schedPoll is struct sched_poll.
type schedPoll struct {
	ports   uint64 // guest handle: *uint32
	nrPorts uint32
	pad     uint32
	timeout uint64
}

type xenHVMParam struct {
	domid uint16
	pad   uint16
	index uint32
	value uint64
}

type xenAddToPhysmap struct {
	domid uint16
	size  uint16
	space uint32
	idx   uint64
	gpfn  uint64
}

type xenMemoryReservation struct {
	extentStart uintptr // a guest handle: the frame list
	nrExtents   uint64
	extentOrder uint32
	memFlags    uint32
	domid       uint16
}

type evtchnBindVirq struct {
	virq uint32
	vcpu uint32
	port uint32
}

type evtchnBindIPI struct {
	vcpu uint32
	port uint32
}

type vcpuRegisterVCPUInfo struct {
	mfn    uint64
	offset uint32
	rsvd   uint32
}

// vcpuHVMContext is struct vcpu_hvm_context (hvm/hvm_vcpu.h) in its
// 64-bit form; pad makes it as large as the C union's 32-bit member.
type vcpuHVMContext struct {
	mode                                   uint32
	pad0                                   uint32
	rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi uint64
	rip, rflags, cr0, cr3, cr4, efer       uint64
	pad                                    [8]byte
}
