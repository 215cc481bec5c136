// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "internal/runtime/atomic"

// xenSpinLock is the lock of the switcher and the console: taken with
// interrupts disabled (so that no upcall runs on this vCPU while it is
// held, and the upcall takes no lock), it spins while another vCPU
// holds it. Holders run a few hundred instructions, but the vCPU that
// holds it may be descheduled by Xen, so a long spin gives the
// physical CPU back instead of burning it.
type xenSpinLock struct {
	key atomic.Uint32
}

// xenSpinYieldAfter is how many spins pass before asking Xen to run
// another vCPU (the holder, with luck) on this physical CPU.
const xenSpinYieldAfter = 1 << 12

// lock takes l. Interrupts must be disabled.
//
//go:nosplit
func (l *xenSpinLock) lock() {
	for spins := 0; ; spins++ {
		if l.key.Load() == 0 && l.key.CompareAndSwap(0, 1) {
			return
		}
		procyield(1)
		if spins >= xenSpinYieldAfter {
			xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
			spins = 0
		}
	}
}

//go:nosplit
func (l *xenSpinLock) unlock() {
	l.key.Store(0)
}

//go:nosplit
func (l *xenSpinLock) held() bool {
	return l.key.Load() != 0
}
