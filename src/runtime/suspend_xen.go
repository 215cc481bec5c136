// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"unsafe"
)

// Suspending the domain (xl save, xl migrate; xen/control asks). vCPU 0
// suspends: when the toolstack cancels a suspend, libxc tells the
// domain by setting vCPU 0's RAX. Every other vCPU first parks, in its
// upcall handler or, for the one that asked, in xencall_suspend, with
// interrupts disabled, so that none holds a spin lock or runs on state
// about to vanish. vCPU 0 then asks Xen for SCHEDOP_shutdown with reason
// suspend. It returns in one of two ways:
//
//   - in a new domain (a restore, a migration): Xen kept nothing but the
//     memory and the vCPUs' registers. vCPU 0 maps shared_info again,
//     re-registers its vcpu_info, sets the upcall vector and binds its
//     timer and IPI ports; each parked vCPU then does the same for
//     itself (Xen lets a running vCPU register only its own vcpu_info).
//     The console's and xenstore's ports are new, their rings zeroed.
//   - in this domain, the suspend cancelled (a checkpoint, xl save -c,
//     or a failed save): everything is still in place.
//
// The upcall vector tells the two apart: the toolstack does not carry
// it into a new domain.
//
// Monotonic time stops while the domain is away, as CLOCK_MONOTONIC
// does while Linux sleeps: nanotime adds xenClockOffset to Xen's system
// time, which starts again from another base in a new domain. Timers
// thus run their remaining time after the gap; the wall clock is Xen's,
// right after it.

// xenClockOffset is added to Xen's system time to make nanotime.
var xenClockOffset atomic.Int64

var (
	// xenParkRequest asks every vCPU but 0 to park, and holds them
	// there while it is set.
	xenParkRequest atomic.Uint32
	// xenLeading is xenLeaderIdle, then xenLeaderRunning once vCPU 0
	// took the suspend on, or xenLeaderAborted if the asker gave up.
	xenLeading atomic.Uint32
	// xenParked counts the vCPUs parked; xenRebound those that set up
	// their events again after a move.
	xenParked  atomic.Uint32
	xenRebound atomic.Uint32
	// xenMoved tells parked vCPUs whether the domain is a new one.
	xenMoved atomic.Bool
	// The suspend's outcome, once xenSuspendDone is set.
	xenSuspendDone  atomic.Bool
	xenSuspendMoved bool
	xenSuspendOK    bool
	// xenStorePort is the event channel of the domain's xenstore ring,
	// new in a new domain (xencall.StorePort).
	xenStorePort atomic.Uint32
	// xenSuspendSema lets one suspend run at a time.
	xenSuspendSema uint32 = 1
)

const (
	xenLeaderIdle = iota
	xenLeaderRunning
	xenLeaderAborted
)

// xenParkTimeoutNS bounds each wait of a suspend for other vCPUs: one
// that runs with interrupts disabled for that long is stuck.
const xenParkTimeoutNS = 5e9

// xencall_suspend suspends the domain and reports how it came back:
// moved if in a new domain. It fails, without suspending, if a vCPU
// does not park.
//
//go:linkname xencall_suspend xen/internal/xencall.suspend
func xencall_suspend() (moved bool, ok bool) {
	semacquire(&xenSuspendSema)
	defer semrelease(&xenSuspendSema)
	// On the system stack, which cannot move or grow mid-way, with
	// interrupts disabled, so that the M stays on its vCPU.
	systemstack(func() {
		intr := xenDisableInterrupts()
		xenSuspendFrom(xenThisCPU())
		xenRestoreInterrupts(intr)
	})
	if xenSuspendMoved {
		xenWakeStalePortWaiters()
	}
	return xenSuspendMoved, xenSuspendOK
}

// xenSuspendFrom runs a suspend asked for on vCPU self. Interrupts are
// disabled.
func xenSuspendFrom(self *xenCPU) {
	xenSuspendDone.Store(false)
	xenParked.Store(0)
	xenRebound.Store(0)
	xenMoved.Store(false)
	xenLeading.Store(xenLeaderIdle)
	xenParkRequest.Store(1)
	for _, c := range xenCPUs[:xenNumCPU] {
		if c != self {
			xenNotify(c.ipiPort)
		}
	}
	if self.id == 0 {
		xenLeading.Store(xenLeaderRunning)
		xenLeadSuspend(self)
		return
	}
	// vCPU 0 leads from its upcall; this one parks meanwhile, unless
	// vCPU 0 never comes.
	for end := nanotime() + xenParkTimeoutNS; xenLeading.Load() == xenLeaderIdle; {
		if nanotime() > end && xenLeading.CompareAndSwap(xenLeaderIdle, xenLeaderAborted) {
			xenParkRequest.Store(0)
			xenWaitCount(&xenParked, 0)
			xenSuspendMoved, xenSuspendOK = false, false
			return
		}
		xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
	}
	xenPark(self)
	for !xenSuspendDone.Load() {
		xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
	}
}

// xenLeadSuspend runs on vCPU 0 (c), interrupts disabled: it waits for
// the others to park, suspends and brings the domain's events back.
func xenLeadSuspend(c *xenCPU) {
	others := xenNumCPU - 1
	for end := nanotime() + xenParkTimeoutNS; xenParked.Load() < others; {
		if nanotime() > end {
			xenParkRequest.Store(0)
			xenWaitCount(&xenParked, 0)
			xenSuspendMoved, xenSuspendOK = false, false
			xenSuspendDone.Store(true)
			return
		}
		xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
	}

	xenConsoleFlush()
	before := nanotime()
	r := uint32(_SHUTDOWN_suspend)
	xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_shutdown, uintptr(unsafe.Pointer(&r)), 0, 0, 0)
	vector, _ := xenGetParam(_HVM_PARAM_CALLBACK_IRQ)
	moved := vector == 0
	if moved {
		xenMapSharedInfo()
		for i := range xenShared.evtchnMask {
			atomic.Store64(&xenShared.evtchnMask[i], ^uint64(0))
		}
		for i := range xenPortsFired {
			xenPortsFired[i].Store(0)
		}
		xenWaiterFired.Store(0)
		// Setting the vector also has Xen fill in the wall clock.
		if !xenSetParam(_HVM_PARAM_CALLBACK_IRQ, _hvmCallbackTypeVector<<56|_xenUpcallVector) {
			xenFatalEarly("xen: resume: cannot set the event channel upcall vector", "")
		}
		xenRegisterVCPUInfo(c)
		// Time goes on from where it stopped.
		xenClockOffset.Store(before - xenPvclock(&c.info.time))
		xenClockLast.Store(before)
		xenBindCPUEvents(c)
		xenConsoleInit()
		if xenConsInputOn {
			xenUnmask(xenConsPort)
		}
		if xenStorePort.Load() != 0 {
			port, _ := xenGetParam(_HVM_PARAM_STORE_EVTCHN)
			xenStorePort.Store(uint32(port))
			xenUnmask(uint32(port))
		}
		xenMoved.Store(true)
	}
	xenParkRequest.Store(0)
	if moved {
		xenWaitCount(&xenRebound, others)
		xenInitClock()
		xenMoved.Store(false)
	}
	xenWaitCount(&xenParked, 0)
	xenSetTimer(nanotime() + xenTickNS)
	xenSuspendMoved, xenSuspendOK = moved, true
	xenSuspendDone.Store(true)
}

// xenStoreNoWB stores p, which points outside the Go heap, in the
// pointer at dst without a write barrier: a resume sets such pointers
// in an upcall, where there can be none.
//
//go:nosplit
//go:nowritebarrierrec
func xenStoreNoWB(dst unsafe.Pointer, p uintptr) { *(*uintptr)(dst) = p }

// xenWaitCount waits until *n is want.
//
//go:nosplit
func xenWaitCount(n *atomic.Uint32, want uint32) {
	for n.Load() != want {
		xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
	}
}

// xenParkIfAsked runs in vCPU c's upcall, interrupts disabled: while the
// domain suspends, vCPU 0 leads it from here and the others park.
//
//go:nosplit
//go:nowritebarrierrec
func xenParkIfAsked(c *xenCPU) {
	if xenParkRequest.Load() == 0 || c.inTrap > 1 {
		return
	}
	if c.id == 0 && !xenLeading.CompareAndSwap(xenLeaderIdle, xenLeaderRunning) {
		return // vCPU 0 asked (and leads) itself, or the asker gave up
	}
	// On the interrupt stack's own g: what follows checks the stack
	// bound.
	gp := getg()
	mp := &m0
	if gp != nil && gp.m != nil {
		mp = gp.m
	}
	setg(xenTrapGFor(c, xenISTInterrupt, mp))
	if c.id == 0 {
		xenLeadSuspend(c)
	} else {
		xenPark(c)
	}
	setg(gp)
}

// xenPark holds vCPU c, not 0, while vCPU 0 suspends the domain, then
// sets up its own events again if the domain is a new one.
//
//go:nowritebarrierrec
func xenPark(c *xenCPU) {
	xenParked.Add(1)
	for xenParkRequest.Load() != 0 {
		xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
	}
	if xenMoved.Load() {
		xenRegisterVCPUInfo(c)
		xenBindCPUEvents(c)
		xenRebound.Add(1)
		for xenMoved.Load() {
			xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
		}
	}
	// The one-shot timer did not survive a move; in place, a tick more
	// costs nothing.
	xenSetTimer(nanotime() + xenTickNS)
	xenParked.Add(-1)
}

// xenWakeStalePortWaiters wakes every goroutine waiting on a port after
// a move: the port is gone, and its driver binds another (the console
// reader finds its new port itself).
func xenWakeStalePortWaiters() {
	for port := range xenPortWaiter {
		if xenPortWaiter[port] != 0 {
			xencall_portInterrupt(uint32(port))
		}
	}
}

// xencall_storePort returns the event channel of xenstore's ring.
//
//go:linkname xencall_storePort xen/internal/xencall.storePort
func xencall_storePort() uint32 {
	if xenStorePort.Load() == 0 {
		port, _ := xenGetParam(_HVM_PARAM_STORE_EVTCHN)
		xenStorePort.CompareAndSwap(0, uint32(port))
	}
	return xenStorePort.Load()
}
