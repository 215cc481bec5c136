// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"unsafe"
)

// Time comes from Xen's pvclock in vcpu_info: system time (ns since the
// domain's clock base) at the last update, and how to scale TSC ticks
// since then. The wall clock is shared_info's wc_* plus system time.
//
// Each vCPU has its own pvclock. When Xen says the TSC is stable
// across vCPUs, every vCPU reads vCPU 0's, as Linux's vDSO does;
// otherwise each reads its own (an M moved to another vCPU mid-read
// mixes two, which are close), and xenMonotonic keeps the time seen by
// all vCPUs from going back.

var (
	xenClockShared *vcpuInfo // vCPU 0's vcpu_info, if its pvclock serves all vCPUs
	xenClockLast   atomic.Int64
)

// xenInitClock decides how nanotime reads the pvclock, once vCPU 0's
// vcpu_info is where it stays.
func xenInitClock() {
	shared := uintptr(0)
	if xenNumCPU == 1 || xenCPU0.info.time.flags&_XEN_PVCLOCK_TSC_STABLE_BIT != 0 {
		shared = uintptr(unsafe.Pointer(xenCPU0.info))
	}
	xenStoreNoWB(unsafe.Pointer(&xenClockShared), shared)
}

// xenNanotime implements nanotime1.
//
//go:nosplit
func xenNanotime() int64 {
	if info := xenClockShared; info != nil {
		return xenPvclock(&info.time) + xenClockOffset.Load()
	}
	return xenMonotonic(xenPvclock(&xenThisCPU().info.time) + xenClockOffset.Load())
}

// xenSystemTime returns Xen's system time, which is nanotime without
// the time the domain spent suspended (suspend_xen.go).
//
//go:nosplit
func xenSystemTime() int64 {
	return xenNanotime() - xenClockOffset.Load()
}

// xenMonotonic returns t, or the latest time nanotime returned if that
// is later.
//
//go:nosplit
func xenMonotonic(t int64) int64 {
	for {
		last := xenClockLast.Load()
		if t <= last {
			return last
		}
		if xenClockLast.CompareAndSwap(last, t) {
			return t
		}
	}
}

// xenPvclock reads a pvclock.
//
//go:nosplit
func xenPvclock(t *vcpuTimeInfo) int64 {
	for {
		v := atomic.Load(&t.version)
		if v&1 != 0 {
			continue // Xen is updating it
		}
		tsc := uint64(cputicks())
		stamp := atomic.Load64(&t.tscTimestamp)
		sys := atomic.Load64(&t.systemTime)
		mul := atomic.Load(&t.tscToSystemMul)
		shift := t.tscShift
		if atomic.Load(&t.version) != v {
			continue
		}
		return int64(sys + pvclockScale(tsc-stamp, mul, shift))
	}
}

// pvclockScale converts a TSC delta to nanoseconds: shift, then multiply
// by the 32.32 fixed-point factor with a full 128-bit product, so that no
// delta overflows (AtmanOS's 64-bit product did after 2^32 cycles).
//
//go:nosplit
func pvclockScale(delta uint64, mul uint32, shift int8) uint64 {
	if shift < 0 {
		delta >>= uint(-shift)
	} else {
		delta <<= uint(shift)
	}
	hi, lo := xenMul64(delta, uint64(mul))
	return hi<<32 | lo>>32
}

// xenWalltime implements walltime.
//
//go:nosplit
func xenWalltime() (sec int64, nsec int32) {
	s := xenShared
	for {
		v := atomic.Load(&s.wcVersion)
		if v&1 != 0 {
			continue
		}
		wsec := uint64(atomic.Load(&s.wcSecHi))<<32 | uint64(atomic.Load(&s.wcSec))
		wnsec := uint64(atomic.Load(&s.wcNsec))
		if atomic.Load(&s.wcVersion) != v {
			continue
		}
		t := wsec*1e9 + wnsec + uint64(xenSystemTime())
		return int64(t / 1e9), int32(t % 1e9)
	}
}

// xenSetTimer asks Xen for a VIRQ_TIMER event at nanotime deadline
// (0 cancels). Interrupts are disabled: a suspend in between would change
// the offset to Xen's system time. Xen takes a deadline already past for a wrapped one and
// fires it 100 ms later, so a deadline is never set in the past.
//
//go:nosplit
func xenSetTimer(deadline int64) {
	if deadline != 0 {
		if soon := nanotime() + 20_000; deadline < soon {
			deadline = soon
		}
	}
	if deadline != 0 {
		deadline -= xenClockOffset.Load()
	}
	xenHypercall(_HYPERVISOR_set_timer_op, uintptr(deadline), 0, 0, 0, 0)
}

// xenMul64 returns the 128-bit product of x and y (math/bits.Mul64,
// which the runtime cannot import).
//
//go:nosplit
func xenMul64(x, y uint64) (hi, lo uint64) {
	const mask32 = 1<<32 - 1
	x0, x1 := x&mask32, x>>32
	y0, y1 := y&mask32, y>>32
	w0 := x0 * y0
	t := x1*y0 + w0>>32
	w1, w2 := t&mask32, t>>32
	w1 += x0 * y1
	hi = x1*y1 + w2 + w1>>32
	lo = x * y
	return
}
