// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/abi"
	"internal/goarch"
	"unsafe"
)

// Preemption. While Go code runs, a Xen one-shot timer fires every
// xenTickNS, or sooner when the P's next Go timer is due (the idle loop
// replaces it with the next deadline). At each tick the upcall does what
// sysmon's retake and the preemption signal do on Unix: a goroutine that
// has run for forcePreemptNS, or holds the P while a timer is due, is
// asked to stop, and if it is at an async safe point the interrupt
// returns into asyncPreempt instead, so a tight loop cannot starve other
// goroutines or timers. preemptM requests are served the same way.

const xenTickNS = 10 * 1000 * 1000

// Each vCPU follows the P it runs (xenCPU.tickSchedtick: the P's
// schedtick at its last tick, and tickSince: when that last changed).

// xenArmTick programs the next tick.
//
//go:nosplit
func xenArmTick() {
	xenSetTimer(nanotime() + xenTickNS)
}

// xenMaybePreempt runs at the end of an upcall on vCPU c, on the
// interrupt stack with the interrupted goroutine's g.
//
//go:nosplit
//go:nowritebarrierrec
func xenMaybePreempt(tf *xenTrapFrame, c *xenCPU) {
	if c.idling {
		return // the idle loop reprograms the timer itself
	}
	xenTakeFired(c.ipiPort) // an IPI only makes the checks below run
	tick := xenTakeFired(c.timerPort)
	gp := getg()
	mp := (*m)(nil)
	if gp != nil {
		mp = gp.m
	}
	var pp *p
	if mp != nil {
		pp = mp.p.ptr()
	}
	now := nanotime()
	timerDue := int64(0) // when the P's next Go timer is due
	if pp != nil {
		// As timers.wakeTime, which cannot be called on this stack.
		timerDue = pp.timers.minWhenHeap.Load()
		if m := pp.timers.minWhenModified.Load(); m != 0 && (timerDue == 0 || m < timerDue) {
			timerDue = m
		}
	}
	if tick {
		next := now + xenTickNS
		if timerDue > now && timerDue < next {
			next = timerDue
		}
		xenSetTimer(next)
		xenProfileTick(c, tf, gp, mp, now)
		if xenMaybePreemptM(c, tf, gp, now) {
			return
		}
	}
	if mp == nil || gp != mp.curg {
		return // not running a goroutine: runtime or idle code
	}
	want := mp.xenPreemptRequest.Load()
	if pp != nil && xenWaiterFired.Load() != 0 {
		// A goroutine's port fired: reschedule, so that
		// netpollPending readies it now rather than after every
		// runnable goroutine.
		gp.preempt = true
		gp.stackguard0 = stackPreempt
		want = true
	}
	if pp != nil {
		if pp.schedtick != c.tickSchedtick {
			c.tickSchedtick = pp.schedtick
			c.tickSince = now
		}
		// As sysmon's retake: a goroutine that has run for 10 ms, or
		// one that holds the P while a timer is due, is asked to stop,
		// cooperatively and then asynchronously below.
		if now-c.tickSince >= forcePreemptNS || (timerDue != 0 && timerDue <= now) {
			gp.preempt = true
			gp.stackguard0 = stackPreempt
			pp.preempt = true
			want = true
			c.tickSince = now
		}
	}
	if !want {
		return
	}
	mp.xenPreemptRequest.Store(false)
	setg(xenTrapGFor(c, xenISTInterrupt, mp))
	xenAsyncPreempt(tf, gp)
	setg(gp)
}

// xenAsyncPreempt makes the interrupted goroutine call asyncPreempt if it
// wants to be preempted and is at an async safe point (doSigPreempt).
//
//go:nowritebarrierrec
func xenAsyncPreempt(tf *xenTrapFrame, gp *g) {
	if wantAsyncPreempt(gp) {
		if ok, newpc := isAsyncSafePoint(gp, uintptr(tf.rip), uintptr(tf.rsp), 0); ok {
			sp := uintptr(tf.rsp) - goarch.PtrSize
			*(*uintptr)(unsafe.Pointer(sp)) = newpc
			tf.rsp = uint64(sp)
			tf.rip = uint64(abi.FuncPCABI0(asyncPreempt))
		}
	}
	gp.m.preemptGen.Add(1)
	gp.m.signalPending.Store(0)
}
