// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/abi"
	"internal/runtime/atomic"
	"unsafe"
)

// Ms as threads on one vCPU; see the package comment in os_xen.go.
//
// All thread state changes happen with interrupts disabled, on the
// running M. Interrupts only go one way, trap -> events -> scheduler:
// the upcall records events and may send the interrupted M to
// xenPreemptM, but never changes the ready list or an M's state, so an
// upcall nested in another (QEMU delivers the vector twice under load)
// cannot corrupt them. So there is no lock: there is one vCPU, and an M
// runs until it parks itself or its time slice ends.

// xenContext is what xenSwitch saves and restores.
type xenContext struct {
	sp uintptr
	g  uintptr // the M's current g (not a *g: no write barriers here)
}

const (
	xenThreadNew = iota
	xenThreadRunning
	xenThreadReady
	xenThreadWaiting
	xenThreadDead
)

// xenThread is embedded in mOS.
type xenThread struct {
	ctx      xenContext
	xenID    uint32
	state    uint32
	waitAddr uintptr // futex address while waiting; 0 for a plain sleep
	deadline int64   // nanotime at which a waiting M wakes; 0: none
	next     muintptr

	xenPreemptRequest atomic.Bool // see preemptM
}

var (
	xenCurrent   muintptr // the M on the vCPU
	xenReadyHead muintptr
	xenReadyTail muintptr
	xenNextID    uint32 = 1
)

func xenThreadsInit() {
	mp := getg().m
	mp.xenID = xenNextID
	xenNextID++
	mp.state = xenThreadRunning
	xenCurrent.set(mp)
	xenHaltInit()
}

// newosproc makes mp a thread that starts in mstart on its g0 stack.
func newosproc(mp *m) {
	intr := xenDisableInterrupts()
	sp := (mp.g0.stack.hi - 64) &^ 15
	*(*uintptr)(unsafe.Pointer(sp)) = 0 // BP
	*(*uintptr)(unsafe.Pointer(sp + 8)) = abi.FuncPCABI0(xenThreadStart)
	mp.ctx.sp = sp
	mp.ctx.g = uintptr(unsafe.Pointer(mp.g0))
	mp.xenID = xenNextID
	xenNextID++
	xenMakeReady(mp)
	xenRestoreInterrupts(intr)
}

//go:nosplit
func xenRestoreInterrupts(enabled bool) {
	if enabled {
		xenEnableInterrupts()
	}
}

//go:nosplit
func xenMakeReady(mp *m) {
	mp.state = xenThreadReady
	mp.waitAddr = 0
	mp.deadline = 0
	mp.next = 0
	if t := xenReadyTail.ptr(); t != nil {
		t.next.set(mp)
	} else {
		xenReadyHead.set(mp)
	}
	xenReadyTail.set(mp)
}

//go:nosplit
func xenPopReady() *m {
	mp := xenReadyHead.ptr()
	if mp != nil {
		xenReadyHead = mp.next
		if xenReadyHead == 0 {
			xenReadyTail = 0
		}
		mp.next = 0
	}
	return mp
}

// xenReschedule gives the vCPU to the next ready M, idling until one is
// ready. The current M must already be marked waiting, ready (and
// queued) or dead. Interrupts are disabled.
//
//go:nosplit
func xenReschedule() {
	cur := xenCurrent.ptr()
	xenWakeExpired(nanotime())
	for {
		next := xenPopReady()
		if next == nil {
			xenIdle()
			continue
		}
		next.state = xenThreadRunning
		if next == cur {
			return
		}
		xenSliceStart = 0 // the next tick starts the slice
		xenCurrent.set(next)
		xenSwitch(&cur.ctx, &next.ctx)
		return // resumed by another M's xenReschedule
	}
}

// xenWakeExpired makes ready the waiting Ms whose deadline has passed.
// It returns the earliest deadline still to come (0: none) and whether
// it woke an M. Besides the idle loop, reschedules and the M switches
// that timer ticks force (xenYieldM) call it: while other Ms keep the
// vCPU busy the loop never runs, and a timed wait (notetsleep in
// stopTheWorld, sysmon's usleep) would never end.
//
//go:nosplit
func xenWakeExpired(now int64) (earliest int64, woke bool) {
	for mp := allm; mp != nil; mp = mp.alllink {
		if mp.state != xenThreadWaiting || mp.deadline == 0 {
			continue
		}
		if mp.deadline <= now {
			xenMakeReady(mp)
			woke = true
		} else if earliest == 0 || mp.deadline < earliest {
			earliest = mp.deadline
		}
	}
	return earliest, woke
}

// xenAnyExpired reports whether a waiting M's deadline has passed. The
// timer tick asks, without changing any M's state.
//
//go:nosplit
//go:nowritebarrierrec
func xenAnyExpired(now int64) bool {
	for mp := allm; mp != nil; mp = mp.alllink {
		if mp.state == xenThreadWaiting && mp.deadline != 0 && mp.deadline <= now {
			return true
		}
	}
	return false
}

// xenIdle wakes the Ms whose deadline has passed and, if none was woken,
// blocks the vCPU until the earliest deadline or any event.
//
//go:nosplit
func xenIdle() {
	earliest, woke := xenWakeExpired(nanotime())
	if xenNetpollWake() {
		woke = true
	}
	if woke {
		return
	}
	if xenAnyFired.Load() == 0 {
		// Replace the tick by the next deadline, or none.
		xenSetTimer(earliest)
		xenIdling = true
		xenProfLast = 0 // halted time is not running time
		xenHalt()       // STI; HLT: an upcall or the timer ends it
		xenDisableInterrupts()
		xenIdling = false
		xenArmTick()
	}
	xenAnyFired.Store(0)
	xenTakeFired(xenTimerPort)
}

// xenHaltPC is the address of the HLT in xenHalt, which follows its
// one-byte STI.
var xenHaltPC uintptr

func xenHaltInit() {
	xenHaltPC = abi.FuncPCABI0(xenHalt) + 1
	if *(*byte)(unsafe.Pointer(xenHaltPC)) != 0xf4 {
		throw("xen: xenHalt does not start with STI; HLT")
	}
}

// xenSkipHalt makes an upcall that interrupted xenHalt between its STI
// and its HLT return past the HLT. STI's interrupt shadow forbids that,
// but nested under QEMU's TCG it happens under load: the upcall then
// takes the very event the HLT waits for, and the vCPU would sleep with
// nothing pending and no timer armed, forever.
//
//go:nosplit
//go:nowritebarrierrec
func xenSkipHalt(tf *xenTrapFrame) {
	if uintptr(tf.rip) == xenHaltPC {
		tf.rip++
	}
}

// xenWait parks the running M until futexwakeup(addr) (if addr is not
// nil) or until ns nanoseconds have passed (if ns >= 0).
//
//go:nosplit
func xenWait(addr *uint32, ns int64) {
	mp := xenCurrent.ptr()
	if mp == nil {
		xenWaitEarly(ns)
		return
	}
	mp.state = xenThreadWaiting
	mp.waitAddr = uintptr(unsafe.Pointer(addr))
	mp.deadline = 0
	if ns >= 0 {
		// A timer at the end of time (time.Sleep(math.MaxInt64))
		// gives netpoll a delay that would wrap the deadline into the
		// past and spin the vCPU: cap it, as Linux's netpoll does.
		ns = min(ns, xenMaxWaitNS)
		mp.deadline = nanotime() + ns
		if mp.deadline == 0 {
			mp.deadline = 1
		}
	}
	xenReschedule()
}

// xenMaxWaitNS bounds one wait (about 13 days); a longer one ends early
// and its caller waits again.
const xenMaxWaitNS = 1 << 50

// xenWaitEarly waits before the threads and the timer exist, as a
// fatal error before main does (freezetheworld's usleep): there is no
// other M to switch to and no timer to wake the vCPU, so a timed wait
// spins, and an untimed one could only end the program in a hang.
//
//go:nosplit
func xenWaitEarly(ns int64) {
	if ns < 0 {
		xenFatalEarly("xen: fatal error: a wait without end before the scheduler started", "")
	}
	for end := nanotime() + min(ns, xenMaxWaitNS); nanotime() < end; {
	}
}

//go:nosplit
func futexsleep(addr *uint32, val uint32, ns int64) {
	intr := xenDisableInterrupts()
	if atomic.Load(addr) == val && ns != 0 {
		xenWait(addr, ns)
	}
	xenRestoreInterrupts(intr)
}

//go:nosplit
func futexwakeup(addr *uint32, cnt uint32) {
	intr := xenDisableInterrupts()
	for mp := allm; mp != nil && cnt > 0; mp = mp.alllink {
		if mp.state == xenThreadWaiting && mp.waitAddr == uintptr(unsafe.Pointer(addr)) {
			xenMakeReady(mp)
			cnt--
		}
	}
	xenRestoreInterrupts(intr)
}

// xenUsleep implements usleep.
//
//go:nosplit
func xenUsleep(usec uint32) {
	if usec == 0 {
		osyield()
		return
	}
	intr := xenDisableInterrupts()
	xenWait(nil, int64(usec)*1000)
	xenRestoreInterrupts(intr)
}

//go:nosplit
func osyield() {
	intr := xenDisableInterrupts()
	if xenReadyHead != 0 {
		xenMakeReady(xenCurrent.ptr())
		xenReschedule()
	}
	xenRestoreInterrupts(intr)
}

// Time slices. Ms otherwise change only when the running one blocks, so
// with more Ps than the one vCPU an M spinning on another M's progress
// (GOMAXPROCS(4) and goroutines busy-waiting on each other) would starve
// it for good. At a timer tick, an M that has run for xenSliceNS while
// others are ready is sent through xenPreemptM.

const (
	xenSliceNS = 10 * 1000 * 1000
	// xenPreemptMStack bounds what xenPreemptM and the switch use below
	// the interrupted stack pointer (registers, 512 bytes of SSE state,
	// xenYieldM's frames).
	xenPreemptMStack = 1024
)

var xenSliceStart int64 // the first tick in the running M's slice; 0 after a switch

// xenMaybePreemptM makes the interrupted M yield the vCPU when its slice
// is over and another M is ready, by making the interrupted context call
// xenPreemptM. gp is the interrupted g. It reports whether it did.
//
//go:nosplit
//go:nowritebarrierrec
func xenMaybePreemptM(tf *xenTrapFrame, gp *g, now int64) bool {
	if xenSliceStart == 0 {
		xenSliceStart = now
	}
	// Slicing applies with one P too: an M woken from a blocking wait
	// (the CPU profile's reader in notetsleepg, say) must run to give
	// its goroutine back, and the P's M never blocks while goroutines
	// are runnable, so without a slice that M would wait forever.
	if now-xenSliceStart < xenSliceNS || gp == nil || xenReadyHead == 0 && !xenAnyExpired(now) {
		return false
	}
	sp := uintptr(tf.rsp)
	// Only on the stack of the interrupted g, with room: not on an
	// interrupt stack, nor between a stack switch and the g's.
	if sp < gp.stack.lo+xenPreemptMStack || sp > gp.stack.hi || uintptr(tf.rip) == abi.FuncPCABI0(xenPreemptM) {
		return false
	}
	sp -= 8
	*(*uint64)(unsafe.Pointer(sp)) = tf.rip
	tf.rsp = uint64(sp)
	tf.rip = uint64(abi.FuncPCABI0(xenPreemptM))
	xenSliceStart = now
	return true
}

// xenYieldM is called by xenPreemptM with interrupts disabled. It, not
// the upcall that sent the M here, wakes the Ms whose wait has timed
// out: the ready list changes only in thread context.
//
//go:nosplit
//go:nowritebarrierrec
func xenYieldM() {
	xenWakeExpired(nanotime())
	if xenReadyHead != 0 {
		xenMakeReady(xenCurrent.ptr())
		xenReschedule()
	}
}

// xenExitThread implements exitThread: the M never runs again, and its
// g0 stack may be freed once we have switched away from it, which
// happens before anything else runs.
//
//go:nosplit
func xenExitThread(wait *atomic.Uint32) {
	xenDisableInterrupts()
	mp := xenCurrent.ptr()
	mp.state = xenThreadDead
	wait.Store(0)
	xenReschedule()
	throw("xen: exited thread resumed")
}
