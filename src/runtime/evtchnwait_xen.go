// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"unsafe"
)

// Goroutines wait for event-channel ports here, for the device packages
// under xen/. A waiting goroutine is parked like one blocked on a
// network descriptor: the upcall only records that its port fired, and
// the netpoller (netpoll_xen.go) readies it. Nothing polls.

const xenMaxPorts = _evtchnWords * _evtchnWordBits

// xenPortWaiter holds the goroutine parked on each port, if any.
var xenPortWaiter [xenMaxPorts]guintptr

// xenPortLock makes a port's waiter and its fired bit change together
// for everything but the upcall, which only sets fired bits. Without it
// a scheduler that read a port as fired could take the waiter that its
// goroutine registered again after another scheduler had already woken
// it for that event, and wake it a second time. Taken with interrupts
// disabled.
var xenPortLock xenSpinLock

// xencall_portWait parks the calling goroutine until port fires. An event
// that arrived since the last wait returns at once.
//
//go:linkname xencall_portWait xen/internal/xencall.portWait
func xencall_portWait(port uint32) {
	if port >= xenMaxPorts {
		panic(plainError("xen: event channel port out of range"))
	}
	if xenTakeFired(port) {
		return
	}
	netpollGenericInit()
	gopark(xenParkOnPort, unsafe.Pointer(uintptr(port)), waitReasonIOWait, traceBlockNet, 1)
}

// xenParkOnPort commits the park unless the port fired meanwhile.
func xenParkOnPort(gp *g, p unsafe.Pointer) bool {
	port := uint32(uintptr(p))
	intr := xenDisableInterrupts()
	xenPortLock.lock()
	parked := false
	if !xenTakeFired(port) {
		if !xenPortWaiter[port].cas(0, guintptr(unsafe.Pointer(gp))) {
			xenPortLock.unlock()
			xenRestoreInterrupts(intr)
			throw("xen: two goroutines wait on one event channel port")
		}
		netpollAdjustWaiters(1)
		parked = true
		// The port may have fired on another vCPU between the check
		// and the waiter's store, and that upcall found no waiter:
		// make this M's scheduler look (netpollPending).
		if xenPortsFired[port/_evtchnWordBits].Load()&(1<<(port%_evtchnWordBits)) != 0 {
			xenWaiterFired.Store(1)
		}
	}
	xenPortLock.unlock()
	xenRestoreInterrupts(intr)
	return parked
}

// xenReadyPortWaiters moves the goroutines whose ports fired to toRun and
// returns how many it moved.
func xenReadyPortWaiters(toRun *gList) int32 {
	n := int32(0)
	intr := xenDisableInterrupts()
	xenPortLock.lock()
	for w := range xenPortsFired {
		bits := xenPortsFired[w].Load()
		for bits != 0 {
			b := uint32(ctz64(bits))
			bits &^= 1 << b
			port := uint32(w)*_evtchnWordBits + b
			gp := xenPortWaiter[port].ptr()
			if gp == nil || !xenTakeFired(port) {
				continue
			}
			xenPortWaiter[port].set(nil)
			toRun.push(gp)
			n++
		}
	}
	xenPortLock.unlock()
	xenRestoreInterrupts(intr)
	return n
}

// xenWaiterIn reports whether a goroutine waits on one of the ports of
// word w set in bits.
//
//go:nosplit
func xenWaiterIn(w uint32, bits uint64) bool {
	for bits != 0 {
		b := uint32(ctz64(bits))
		bits &^= 1 << b
		if xenPortWaiter[w*_evtchnWordBits+b] != 0 {
			return true
		}
	}
	return false
}

// netpollPending is findRunnable's first stop on xen: when a port some
// goroutine waits on has fired, it readies the waiters and returns one
// to run now. Upstream polls the network only once the run queues are
// empty (or from sysmon, which cannot run while goroutines keep the one
// vCPU busy), so without this a waiter would wait behind every runnable
// goroutine; the upcall preempts the running goroutine to get here.
func netpollPending() *g {
	if xenWaiterFired.Load() == 0 || !xenWaiterFired.CompareAndSwap(1, 0) {
		return nil
	}
	list, delta := netpoll(0)
	netpollAdjustWaiters(delta)
	if list.empty() {
		return nil
	}
	gp := list.pop()
	injectglist(&list)
	trace := traceAcquire()
	casgstatus(gp, _Gwaiting, _Grunnable)
	if trace.ok() {
		trace.GoUnpark(gp, 0)
		traceRelease(trace)
	}
	return gp
}

// xenPortWaiterFired reports whether a port some goroutine waits on has
// fired. It runs in the idle loop with interrupts off.
//
//go:nosplit
func xenPortWaiterFired() bool {
	for w := range xenPortsFired {
		if xenWaiterIn(uint32(w), xenPortsFired[w].Load()) {
			return true
		}
	}
	return false
}

// xencall_hypercall lets the device packages make hypercalls. It returns
// Xen's result: negative values are -errno. It is nosplit, as is its
// caller xencall.Call, so that a stack that arguments point into cannot
// move before Xen is done with them.
//
//go:nosplit
//go:linkname xencall_hypercall xen/internal/xencall.rawHypercall
func xencall_hypercall(op, a1, a2, a3, a4, a5 uintptr) uintptr {
	return xenHypercall(op, a1, a2, a3, a4, a5)
}

// xencall_portInterrupt makes a wait on port return as if it had fired,
// so that a driver can stop its own waiting goroutine.
//
//go:linkname xencall_portInterrupt xen/internal/xencall.portInterrupt
func xencall_portInterrupt(port uint32) {
	if port >= xenMaxPorts {
		panic(plainError("xen: event channel port out of range"))
	}
	w, b := port/_evtchnWordBits, uint64(1)<<(port%_evtchnWordBits)
	xenSetFired(w, b)
	netpollBreak()
}

// xencall_portClosed forgets port after the device package closed it, so
// that the next binding that gets its number starts as the port did at
// boot: masked, with no event recorded and no goroutine waiting. A
// goroutine still waiting on it is woken, as closing a descriptor wakes
// its readers.
//
//go:linkname xencall_portClosed xen/internal/xencall.portClosed
func xencall_portClosed(port uint32) {
	if port >= xenMaxPorts {
		panic(plainError("xen: event channel port out of range"))
	}
	w, b := port/_evtchnWordBits, uint64(1)<<(port%_evtchnWordBits)
	atomic.Or64(&xenShared.evtchnMask[w], b)
	atomic.And64(&xenShared.evtchnPending[w], ^b)
	intr := xenDisableInterrupts()
	xenPortLock.lock()
	xenTakeFired(port)
	gp := xenPortWaiter[port].ptr()
	xenPortWaiter[port].set(nil)
	xenPortLock.unlock()
	xenRestoreInterrupts(intr)
	if gp != nil {
		netpollAdjustWaiters(-1)
		goready(gp, 0)
	}
}

// xencall_portMask stops events on port from interrupting (they stay
// pending in shared_info until the port is unmasked).
//
//go:linkname xencall_portMask xen/internal/xencall.portMask
func xencall_portMask(port uint32) {
	if port >= xenMaxPorts {
		panic(plainError("xen: event channel port out of range"))
	}
	atomic.Or64(&xenShared.evtchnMask[port/_evtchnWordBits], 1<<(port%_evtchnWordBits))
}
