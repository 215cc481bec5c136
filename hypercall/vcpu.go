// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=VCPUOp -trimprefix=VCPUOp
//go:generate go tool stringer -type=RunstateState -trimprefix=Runstate

// VCPUOp is the command of OpVCPUOp (VCPUOP_*); the hypercall takes
// (cmd, vcpu id, argument).
type VCPUOp uint32

const (
	VCPUOpInitialise                 VCPUOp = 0
	VCPUOpUp                         VCPUOp = 1
	VCPUOpDown                       VCPUOp = 2
	VCPUOpIsUp                       VCPUOp = 3
	VCPUOpGetRunstateInfo            VCPUOp = 4 // VCPURunstateInfo
	VCPUOpRegisterRunstateMemoryArea VCPUOp = 5
	VCPUOpSetPeriodicTimer           VCPUOp = 6  // VCPUSetPeriodicTimer
	VCPUOpStopPeriodicTimer          VCPUOp = 7  // arg nil: no periodic tick, singleshot timers only
	VCPUOpSetSingleshotTimer         VCPUOp = 8  // VCPUSetSingleshotTimer
	VCPUOpStopSingleshotTimer        VCPUOp = 9  // arg nil
	VCPUOpRegisterVCPUInfo           VCPUOp = 10 // VCPURegisterVCPUInfo
	VCPUOpSendNMI                    VCPUOp = 11
	VCPUOpGetPhysid                  VCPUOp = 12
	VCPUOpRegisterVCPUTimeMemoryArea VCPUOp = 13
)

// VCPURunstateInfo is struct vcpu_runstate_info.
type VCPURunstateInfo struct {
	State          RunstateState
	_              [4]byte   // implicit
	StateEntryTime uint64    // system time of the last state change
	Time           [4]uint64 // ns spent in each RunstateState
}

// RunstateState is VCPURunstateInfo.State (RUNSTATE_*).
type RunstateState int32

const (
	RunstateRunning  RunstateState = 0
	RunstateRunnable RunstateState = 1
	RunstateBlocked  RunstateState = 2
	RunstateOffline  RunstateState = 3
)

// XenRunstateUpdate is set in StateEntryTime while Xen updates the area
// (XEN_RUNSTATE_UPDATE, with VMASST_TYPE_runstate_update_flag).
const XenRunstateUpdate = 1 << 63

// VCPUSetPeriodicTimer is struct vcpu_set_periodic_timer.
type VCPUSetPeriodicTimer struct {
	PeriodNs uint64
}

// VCPUSetSingleshotTimer is struct vcpu_set_singleshot_timer: raise
// VIRQTimer once system time reaches TimeoutAbsNs.
type VCPUSetSingleshotTimer struct {
	TimeoutAbsNs uint64
	Flags        uint32  // VCPUSshottmrFuture
	_            [4]byte // implicit tail padding
}

// VCPUSshottmrFuture asks VCPUOpSetSingleshotTimer to fail with ETIME if
// the timeout has passed instead of firing at once (VCPU_SSHOTTMR_future).
// Xen may ignore it, so a guest must still handle an immediate VIRQTimer.
const VCPUSshottmrFuture = 1 << 0

// VCPURegisterVCPUInfo is struct vcpu_register_vcpu_info: move this vCPU's
// VCPUInfo to byte Offset of guest frame MFN (GFN for PVH). Needed past
// LegacyMaxVCPUs; the VCPUInfo must not cross a page boundary.
type VCPURegisterVCPUInfo struct {
	MFN    uint64
	Offset uint32
	Rsvd   uint32
}
