// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

// LegacyMaxVCPUs is how many vcpu_info slots shared_info has
// (XEN_LEGACY_MAX_VCPUS, x86). vCPUs beyond it need
// VCPUOpRegisterVCPUInfo.
const LegacyMaxVCPUs = 32

// Bits in VCPUTimeInfo.Flags.
const (
	PvclockTSCStableBit = 1 << 0 // XEN_PVCLOCK_TSC_STABLE_BIT: TSC is synchronised across vCPUs
	PvclockGuestStopped = 1 << 1 // XEN_PVCLOCK_GUEST_STOPPED
)

// VCPUTimeInfo is struct vcpu_time_info (32 bytes), Xen's pvclock. Xen
// makes Version odd while it updates the other fields: read them between
// two equal, even observations of Version. See PvclockSystemTime.
type VCPUTimeInfo struct {
	Version        uint32
	Pad0           uint32
	TSCTimestamp   uint64 // TSC at the last update
	SystemTime     uint64 // ns since boot at TSCTimestamp
	TSCToSystemMul uint32 // 32.32 fixed-point ns per (shifted) TSC tick
	TSCShift       int8
	Flags          uint8 // Pvclock* bits
	Pad1           [2]uint8
}

// ArchVCPUInfo is struct arch_vcpu_info for x86_64.
type ArchVCPUInfo struct {
	CR2 uint64
	Pad uint64 // keeps sizeof(vcpu_info) == 64
}

// VCPUInfo is struct vcpu_info (64 bytes on x86), per-vCPU event and time
// state, either in SharedInfo or where VCPUOpRegisterVCPUInfo put it.
type VCPUInfo struct {
	// Set by Xen when an event is pending; the guest clears it before
	// scanning EvtchnPendingSel.
	EvtchnUpcallPending uint8
	// Non-zero blocks upcalls (x86 has XEN_HAVE_PV_UPCALL_MASK).
	EvtchnUpcallMask uint8
	_                [6]byte // implicit: xen_ulong_t is 8-aligned
	// Bit i set: word i of SharedInfo.EvtchnPending may have events.
	EvtchnPendingSel uint64
	Arch             ArchVCPUInfo
	Time             VCPUTimeInfo
}

// ArchSharedInfo is struct arch_shared_info for x86_64. On x86_64 it holds
// no wall-clock field: wc_sec_hi lives in SharedInfo itself (only i386
// keeps it here).
type ArchSharedInfo struct {
	MaxPFN                uint64
	PFNToMFNFrameListList uint64
	NMIReason             uint64
	P2MCR3                uint64
	P2MVaddr              uint64
	P2MGeneration         uint64
}

// SharedInfo is struct shared_info (x86_64), the page Xen maps with
// XenAddToPhysmap{Space: MapSpaceSharedInfo}. Xen says its size may grow,
// so only the prefix described here may be relied on.
type SharedInfo struct {
	VCPUInfo [LegacyMaxVCPUs]VCPUInfo

	// 2-level event channel bitmaps: bit p of the array is port p.
	EvtchnPending [64]uint64
	EvtchnMask    [64]uint64

	// Wall clock at system time 0, seconds since the Unix epoch split into
	// WcSec (low) and WcSecHi (high). Versioned like VCPUTimeInfo.
	WcVersion uint32
	WcSec     uint32
	WcNsec    uint32
	WcSecHi   uint32

	Arch ArchSharedInfo
}

// Evtchn2LNrChannels is the number of ports the 2-level event channel ABI
// can address with 64-bit words: 64 words of 64 bits.
const Evtchn2LNrChannels = 64 * 64
