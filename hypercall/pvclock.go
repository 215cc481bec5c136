// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

import "math/bits"

// PvclockScaleDelta converts a TSC delta to nanoseconds the way Xen
// defines it for vcpu_time_info:
//
//	((delta << shift) * mul) >> 32      (shift < 0 shifts right)
//
// The shift is done in 64 bits, as Xen and Linux do. The multiplication
// is a full 64x32-bit product whose 96-bit result is shifted back down,
// so it cannot overflow for any delta: a plain 64-bit delta*mul
// overflows once delta exceeds 2^32 cycles, about a second.
func PvclockScaleDelta(delta uint64, mul uint32, shift int8) uint64 {
	if shift < 0 {
		delta >>= uint(-int(shift))
	} else {
		delta <<= uint(shift)
	}
	hi, lo := bits.Mul64(delta, uint64(mul))
	// The product is below 2^96, so hi < 2^32 and nothing is lost.
	return hi<<32 | lo>>32
}

// PvclockSystemTime returns Xen system time (ns since boot) at TSC value
// tsc, from a consistent snapshot t of a VCPUTimeInfo (read while Version
// was even and unchanged). The TSC difference is taken modulo 2^64, as in
// Xen; a tsc before t.TSCTimestamp is not meaningful.
func PvclockSystemTime(t VCPUTimeInfo, tsc uint64) uint64 {
	return t.SystemTime + PvclockScaleDelta(tsc-t.TSCTimestamp, t.TSCToSystemMul, t.TSCShift)
}

// PvclockTSCFrequency returns the TSC frequency in Hz implied by the scale
// factors: ((10^9 << 32) / mul) >> shift, or 0 if mul is 0.
func PvclockTSCFrequency(mul uint32, shift int8) uint64 {
	if mul == 0 {
		return 0
	}
	f := (uint64(1e9) << 32) / uint64(mul)
	if shift < 0 {
		return f << uint(-int(shift))
	}
	return f >> uint(shift)
}

// WcSeconds returns the 64-bit wall clock seconds, wc_sec | wc_sec_hi<<32.
// The caller must read s under the WcVersion protocol.
func (s *SharedInfo) WcSeconds() uint64 {
	return uint64(s.WcSec) | uint64(s.WcSecHi)<<32
}

// WallClock returns the time since the Unix epoch at Xen system time
// systemTime, given the wall clock base of shared_info (wcSec, the 64-bit
// seconds from WcSeconds, and wcNsec). The result is normalised to
// nsec < 1e9; it is computed without a 64-bit nanosecond total, which
// would overflow for large wcSec.
func WallClock(wcSec uint64, wcNsec uint32, systemTime uint64) (sec uint64, nsec uint32) {
	const nsPerSec = 1_000_000_000
	sec = wcSec + systemTime/nsPerSec
	ns := uint64(wcNsec) + systemTime%nsPerSec
	// wcNsec should be < 1e9, but tolerate any uint32 from the shared page.
	sec += ns / nsPerSec
	return sec, uint32(ns % nsPerSec)
}
