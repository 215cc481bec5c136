// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=HVMOp -trimprefix=HVMOp
//go:generate go tool stringer -type=HVMParam -trimprefix=HVMParam

// HVMOp is the command of OpHVMOp (HVMOP_*). PVH guests use it to read
// the boot-time parameters (xenstore and console pages and ports).
type HVMOp uint32

const (
	HVMOpSetParam              HVMOp = 0 // XenHVMParam
	HVMOpGetParam              HVMOp = 1 // XenHVMParam
	HVMOpFlushTLBs             HVMOp = 5
	HVMOpPagetableDying        HVMOp = 9
	HVMOpGetTime               HVMOp = 10
	HVMOpXentrace              HVMOp = 11
	HVMOpGetMemType            HVMOp = 15
	HVMOpSetEvtchnUpcallVector HVMOp = 23 // XenHVMEvtchnUpcallVector, x86 only
	HVMOpGuestRequestVMEvent   HVMOp = 24
	HVMOpAltp2m                HVMOp = 25
)

// XenHVMParam is struct xen_hvm_param.
type XenHVMParam struct {
	Domid DomID // DomIDSelf
	Pad   uint16
	Index HVMParam
	Value uint64 // in for set, out for get
}

// XenHVMEvtchnUpcallVector is struct xen_hvm_evtchn_upcall_vector:
// deliver VCPU's event upcalls as interrupt Vector in its local APIC.
type XenHVMEvtchnUpcallVector struct {
	VCPU   uint32
	Vector uint8
	_      [3]byte // implicit tail padding
}

// HVMParam indexes the per-domain HVM parameters (HVM_PARAM_*). The
// deprecated and toolstack-internal ones are left out.
type HVMParam uint32

const (
	HVMParamCallbackIRQ         HVMParam = 0 // how events are delivered; see HVMParamCallbackType*
	HVMParamStorePFN            HVMParam = 1 // xenstore ring page
	HVMParamStoreEvtchn         HVMParam = 2 // xenstore event channel
	HVMParamIoreqPFN            HVMParam = 5
	HVMParamBufioreqPFN         HVMParam = 6
	HVMParamViridian            HVMParam = 9
	HVMParamTimerMode           HVMParam = 10
	HVMParamHPETEnabled         HVMParam = 11
	HVMParamIdentPT             HVMParam = 12
	HVMParamACPISState          HVMParam = 14
	HVMParamVM86TSS             HVMParam = 15
	HVMParamVPTAlign            HVMParam = 16
	HVMParamConsolePFN          HVMParam = 17 // PV console ring page
	HVMParamConsoleEvtchn       HVMParam = 18 // PV console event channel
	HVMParamACPIIoportsLocation HVMParam = 19
	HVMParamPagingRingPFN       HVMParam = 27
	HVMParamMonitorRingPFN      HVMParam = 28
	HVMParamSharingRingPFN      HVMParam = 29
	HVMParamTripleFaultReason   HVMParam = 31
	HVMParamIoreqServerPFN      HVMParam = 32
	HVMParamNrIoreqServerPages  HVMParam = 33
	HVMParamVMGenerationIDAddr  HVMParam = 34
	HVMParamAltp2m              HVMParam = 35
	HVMParamX87FIPWidth         HVMParam = 36
	HVMParamVM86TSSSized        HVMParam = 37
	HVMParamMCACap              HVMParam = 38
)

// HVMNrParams is one past the highest parameter index (HVM_NR_PARAMS).
const HVMNrParams = 39

// HVMParamCallbackIRQ values carry a delivery type in the top byte
// (HVM_PARAM_CALLBACK_IRQ_TYPE_MASK) and its argument below.
const (
	HVMParamCallbackIRQTypeMask = 0xFF00000000000000
	HVMParamCallbackTypeGSI     = 0 // value is a GSI (0 disables)
	HVMParamCallbackTypePCIIntx = 1
	HVMParamCallbackTypeVector  = 2 // x86: value's low byte is an IDT vector
)
