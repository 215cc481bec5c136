// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"unsafe"
)

// Event channels (2-level ABI). Xen sets a port's bit in shared_info's
// evtchn_pending and raises the upcall vector; the interrupt handler
// moves pending, unmasked ports into xenPortsFired and clears them in
// Xen's bitmap. Nothing else happens in interrupt context: the idle loop
// and the netpoller (netpoll_xen.go) act on xenPortsFired.
//
// Each vCPU's upcall scans the words its own vcpu_info flags, and takes
// every pending port of those words, whichever vCPU the port is bound
// to: fired ports are recorded for all vCPUs alike. Each vCPU has its
// own timer port (VIRQ_TIMER is per vCPU) and an IPI port, by which
// other vCPUs wake it (xenKickIdle) or ask it to preempt its M.

var (
	xenPortsFired [_evtchnWords]atomic.Uint64
	// xenWaiterFired is set by the upcall when a port some goroutine
	// waits on fired, and cleared by the scheduler that readies it
	// (netpollPending).
	xenWaiterFired atomic.Uint32
)

func xenEventsInit() {
	// Mask every port but the ones we bind.
	for i := range xenShared.evtchnMask {
		atomic.Store64(&xenShared.evtchnMask[i], ^uint64(0))
	}
	if !xenSetParam(_HVM_PARAM_CALLBACK_IRQ, _hvmCallbackTypeVector<<56|_xenUpcallVector) {
		xenFatalEarly("xen: cannot set the event channel upcall vector", "")
	}
	for id := uint32(0); id < xenNumCPU; id++ {
		xenCPUEventsInit(xenCPUs[id])
	}
}

// xenCPUEventsInit binds vCPU c's timer and IPI ports and lets its
// upcall run.
func xenCPUEventsInit(c *xenCPU) {
	if c.id != 0 {
		xenRegisterVCPUInfo(c) // vCPU 0 did so at boot
	}
	xenBindCPUEvents(c)
}

// xenBindCPUEvents binds vCPU c's timer and IPI ports, at boot and in a
// new domain after a suspend.
func xenBindCPUEvents(c *xenCPU) {
	bind := evtchnBindVirq{virq: _VIRQ_TIMER, vcpu: c.id}
	if xenHypercall(_HYPERVISOR_event_channel_op, _EVTCHNOP_bind_virq, uintptr(unsafe.Pointer(&bind)), 0, 0, 0) != 0 {
		xenFatalEarly("xen: cannot bind VIRQ_TIMER", "")
	}
	c.timerPort = bind.port
	ipi := evtchnBindIPI{vcpu: c.id}
	if xenHypercall(_HYPERVISOR_event_channel_op, _EVTCHNOP_bind_ipi, uintptr(unsafe.Pointer(&ipi)), 0, 0, 0) != 0 {
		xenFatalEarly("xen: cannot bind an IPI port", "")
	}
	c.ipiPort = ipi.port
	c.info.upcallMask = 0
	xenUnmask(c.timerPort)
	xenUnmask(c.ipiPort)
	// PVH vCPUs may start with a periodic timer; we program one-shot
	// deadlines instead.
	xenHypercall(_HYPERVISOR_vcpu_op, _VCPUOP_stop_periodic_timer, uintptr(c.id), 0, 0, 0)
}

// xenUnmask unmasks port (Xen re-raises it if it became pending).
//
//go:nosplit
func xenUnmask(port uint32) {
	p := port
	xenHypercall(_HYPERVISOR_event_channel_op, _EVTCHNOP_unmask, uintptr(unsafe.Pointer(&p)), 0, 0, 0)
}

// xenNotify signals the other end of port.
//
//go:nosplit
func xenNotify(port uint32) {
	p := port
	xenHypercall(_HYPERVISOR_event_channel_op, _EVTCHNOP_send, uintptr(unsafe.Pointer(&p)), 0, 0, 0)
}

// xenUpcall runs in interrupt context on the upcall vector of vCPU c.
//
//go:nosplit
//go:nowritebarrierrec
func xenUpcall(c *xenCPU) {
	v := c.info
	for atomic.Load8(&v.upcallPending) != 0 {
		atomic.Store8(&v.upcallPending, 0)
		sel := atomic.Xchg64(&v.pendingSel, 0)
		for sel != 0 {
			w := uint(ctz64(sel))
			sel &^= 1 << w
			bits := xenTakePending(w)
			if bits == 0 {
				continue
			}
			xenSetFired(uint32(w), bits)
			if xenWaiterIn(uint32(w), bits) {
				xenWaiterFired.Store(1)
			}
		}
	}
	c.anyFired.Store(1)
}

// xenTakePending clears the pending, unmasked ports of word w in Xen's
// bitmap and returns them. Every vCPU's upcall may scan the same word:
// taking the bits in one compare-and-swap records each event once.
// Loading them and clearing them apart let two upcalls both record an
// event, and a waiter that had already taken the first woke twice.
//
//go:nosplit
func xenTakePending(w uint) uint64 {
	pending := &xenShared.evtchnPending[w]
	for {
		old := atomic.Load64(pending)
		bits := old &^ atomic.Load64(&xenShared.evtchnMask[w])
		if bits == 0 || atomic.Cas64(pending, old, old&^bits) {
			return bits
		}
	}
}

// xenSetFired records that the ports of word w set in bits fired.
//
//go:nosplit
func xenSetFired(w uint32, bits uint64) {
	for old := xenPortsFired[w].Load(); !xenPortsFired[w].CompareAndSwap(old, old|bits); old = xenPortsFired[w].Load() {
	}
}

// xenTakeFired reports whether port fired since the last call, and
// clears it.
//
//go:nosplit
func xenTakeFired(port uint32) bool {
	w, b := (port/_evtchnWordBits)%_evtchnWords, uint64(1)<<(port%_evtchnWordBits)
	for {
		old := xenPortsFired[w].Load()
		if old&b == 0 {
			return false
		}
		if xenPortsFired[w].CompareAndSwap(old, old&^b) {
			return true
		}
	}
}

//go:nosplit
func ctz64(x uint64) int {
	n := 0
	for x&1 == 0 {
		x >>= 1
		n++
	}
	return n
}
