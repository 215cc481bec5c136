// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/abi"
	"internal/runtime/atomic"
	"unsafe"
)

// Ms as threads on the domain's vCPUs; see the package comment in
// os_xen.go.
//
// Every vCPU runs the same switcher. The ready list and every M's
// thread state are guarded by xenSched, a spin lock taken with
// interrupts disabled. It is held across each switch and released by
// whatever runs next (xenFinishSwitch), so that an M another vCPU
// readied is never resumed there while this vCPU still runs on its
// stack. A vCPU with no M to run switches to its own idle context, on
// its own stack, and halts until an event, its timer or an IPI from a
// vCPU that readied an M.
//
// Interrupts only go one way, trap -> events -> scheduler: the upcall
// records events and may send the interrupted M to xenPreemptM, but
// takes no lock and never changes the ready list or an M's state, so an
// upcall nested in another (QEMU delivers the vector twice under load)
// cannot corrupt them, nor deadlock on a lock its vCPU holds.

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

	xenPreemptRequest atomic.Bool   // see preemptM
	xenOnCPU          atomic.Uint32 // the vCPU that last ran the M, for preemptM's IPI
}

var (
	xenSched     xenSpinLock
	xenReadyHead muintptr
	xenReadyTail muintptr
	xenNextID    uint32 = 1
	xenThreadsUp bool
)

func xenThreadsInit() {
	mp := getg().m
	mp.xenID = xenNextID
	xenNextID++
	mp.state = xenThreadRunning
	xenCPU0.current.set(mp)
	xenThreadsUp = true
	xenHaltInit()
}

// newosproc makes mp a thread that starts in mstart on its g0 stack.
func newosproc(mp *m) {
	mp.g0.stack = xenG0StackAlloc()
	mp.g0.stackguard0 = mp.g0.stack.lo + stackGuard
	mp.g0.stackguard1 = mp.g0.stackguard0
	intr := xenDisableInterrupts()
	xenSched.lock()
	sp := (mp.g0.stack.hi - 64) &^ 15
	*(*uintptr)(unsafe.Pointer(sp)) = 0 // BP
	*(*uintptr)(unsafe.Pointer(sp + 8)) = abi.FuncPCABI0(xenThreadStart)
	mp.ctx.sp = sp
	mp.ctx.g = uintptr(unsafe.Pointer(mp.g0))
	mp.xenID = xenNextID
	xenNextID++
	xenMakeReady(mp)
	xenSched.unlock()
	xenRestoreInterrupts(intr)
}

//go:nosplit
func xenRestoreInterrupts(enabled bool) {
	if enabled {
		xenEnableInterrupts()
	}
}

// xenMakeReady queues mp and wakes an idle vCPU to run it. xenSched is
// held.
//
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
	xenKickIdle(0)
}

// xenKickIdle sends an IPI to one idle vCPU other than this one, if
// there is one: to run a ready M if before is 0, else to set its timer
// again if it is idle until later than before (or forever).
//
//go:nosplit
func xenKickIdle(before int64) {
	self := xenThisCPU()
	for _, c := range &xenCPUs {
		if c == nil {
			return
		}
		if c == self || !c.idling || c.kicked {
			continue
		}
		if before != 0 && c.idleUntil != 0 && c.idleUntil <= before {
			continue
		}
		c.kicked = true
		xenNotify(c.ipiPort)
		return
	}
}

// xenKickBusy sends an IPI to one vCPU other than this one that runs an
// M.
//
//go:nosplit
func xenKickBusy() {
	self := xenThisCPU()
	for _, c := range &xenCPUs {
		if c == nil {
			return
		}
		if c != self && !c.idling {
			xenNotify(c.ipiPort)
			return
		}
	}
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

// xenReschedule gives the vCPU to the next ready M, or to its idle
// context if none is ready. The current M must already be marked
// waiting, ready (and queued) or dead. Interrupts are disabled and
// xenSched is held; it returns, maybe on another vCPU, with xenSched
// released.
//
//go:nosplit
func xenReschedule() {
	c := xenThisCPU()
	cur := c.current.ptr()
	xenWakeExpired(nanotime())
	next := xenPopReady()
	switch next {
	case cur:
		cur.state = xenThreadRunning
		xenSched.unlock()
		return
	case nil:
		c.current = 0
		xenSwitch(&cur.ctx, &c.idleCtx)
	default:
		xenRun(c, next, &cur.ctx)
	}
	xenFinishSwitch() // resumed by a vCPU's xenReschedule or idle loop
}

// xenRun switches vCPU c from the context saved in from to M next.
//
//go:nosplit
func xenRun(c *xenCPU, next *m, from *xenContext) {
	next.state = xenThreadRunning
	next.xenOnCPU.Store(c.id)
	c.current.set(next)
	c.sliceStart = 0 // the next tick starts the slice
	xenSwitch(from, &next.ctx)
}

// xenFinishSwitch runs first in whatever a switch resumed: it clears an
// exited M's freeWait, now that its stack is no longer in use, and
// releases xenSched.
//
//go:nosplit
func xenFinishSwitch() {
	xenClearExitWait(xenThisCPU())
	xenSched.unlock()
}

//go:nosplit
func xenClearExitWait(c *xenCPU) {
	if w := c.exitWait; w != 0 {
		xenG0StackFree(c.exitStack)
		c.exitWait, c.exitStack = 0, 0
		(*atomic.Uint32)(unsafe.Pointer(w)).Store(freeMRef)
	}
}

// xenIdleLoop is a vCPU's idle context: it runs the ready Ms and wakes
// those whose wait timed out, and when there are none it blocks the
// vCPU until the earliest deadline, an event or an IPI. It is entered,
// and resumed after each M it ran, with interrupts disabled and
// xenSched held.
//
//go:nosplit
func xenIdleLoop() {
	c := xenThisCPU()
	for {
		xenClearExitWait(c)
		earliest, _ := xenWakeExpired(nanotime())
		if !xenNetpollWake() && xenWaiterFired.Load() != 0 {
			// A goroutine's port fired here, and no M waits in
			// netpoll: a busy vCPU's upcall must preempt its
			// goroutine so that its scheduler readies the waiter
			// (netpollPending).
			xenKickBusy()
		}
		if next := xenPopReady(); next != nil {
			xenArmTick()
			xenRun(c, next, &c.idleCtx)
			continue
		}
		c.idling = true
		c.idleUntil = earliest
		xenSched.unlock()
		// Xen under QEMU has been seen to leave a vCPU's upcall
		// pending, its ports pending and unmasked, without ever
		// delivering the vector: HLT then returned at once, and the
		// events waited for ever. Take them here.
		if atomic.Load8(&c.info.upcallPending) != 0 {
			xenUpcall(c)
		}
		if c.anyFired.Load() == 0 {
			xenSetTimer(earliest)
			c.profLast = 0 // halted time is not running time
			xenHalt()      // STI; HLT: an upcall, the timer or an IPI ends it
			xenDisableInterrupts()
		}
		c.anyFired.Store(0)
		xenTakeFired(c.timerPort)
		xenTakeFired(c.ipiPort)
		xenSched.lock()
		c.idling = false
		c.kicked = false
	}
}

// xenWakeExpired makes ready the waiting Ms whose deadline has passed.
// It returns the earliest deadline still to come (0: none) and whether
// it woke an M. Besides the idle loop, reschedules and the M switches
// that timer ticks force (xenYieldM) call it: while other Ms keep the
// vCPUs busy the idle loop never runs, and a timed wait (notetsleep in
// stopTheWorld, sysmon's usleep) would never end. xenSched is held.
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
// timer tick asks, without the lock and without changing any M's
// state: a stale answer costs one needless or one late switch.
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
// nil) or until ns nanoseconds have passed (if ns >= 0). Interrupts are
// disabled and xenSched is held; it returns with xenSched released.
//
//go:nosplit
func xenWait(addr *uint32, ns int64) {
	if !xenThreadsUp {
		xenSched.unlock()
		xenWaitEarly(ns)
		return
	}
	c := xenThisCPU()
	if c.inTrap != 0 {
		xenSched.unlock()
		throw("xen: a wait in a trap handler")
	}
	mp := c.current.ptr()
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
		// This vCPU will set its timer for the deadline if it idles
		// now; if it runs another M instead, an idle vCPU whose timer
		// is set later must set it again.
		if xenReadyHead != 0 {
			xenKickIdle(mp.deadline)
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
	xenSched.lock()
	if atomic.Load(addr) == val && ns != 0 {
		xenWait(addr, ns)
	} else {
		xenSched.unlock()
	}
	xenRestoreInterrupts(intr)
}

//go:nosplit
func futexwakeup(addr *uint32, cnt uint32) {
	intr := xenDisableInterrupts()
	xenSched.lock()
	for mp := allm; mp != nil && cnt > 0; mp = mp.alllink {
		if mp.state == xenThreadWaiting && mp.waitAddr == uintptr(unsafe.Pointer(addr)) {
			xenMakeReady(mp)
			cnt--
		}
	}
	xenSched.unlock()
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
	xenSched.lock()
	xenWait(nil, int64(usec)*1000)
	xenRestoreInterrupts(intr)
}

//go:nosplit
func osyield() {
	intr := xenDisableInterrupts()
	xenSched.lock()
	xenYieldLocked()
	xenRestoreInterrupts(intr)
}

// xenYieldLocked gives the vCPU to a ready M, if there is one, and puts
// the current M at the back of the ready list. xenSched is held; it
// returns with xenSched released.
//
//go:nosplit
func xenYieldLocked() {
	c := xenThisCPU()
	if xenReadyHead == 0 || c.current == 0 || c.inTrap != 0 {
		xenSched.unlock() // in a trap handler, osyield only spins
		return
	}
	xenMakeReady(c.current.ptr())
	xenReschedule()
}

// Time slices. Ms otherwise change only when the running one blocks, so
// with more Ps than vCPUs an M spinning on another M's progress
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

// xenMaybePreemptM makes the interrupted M yield the vCPU when its slice
// is over and another M is ready, by making the interrupted context call
// xenPreemptM. gp is the interrupted g. It reports whether it did.
//
//go:nosplit
//go:nowritebarrierrec
func xenMaybePreemptM(c *xenCPU, tf *xenTrapFrame, gp *g, now int64) bool {
	if c.sliceStart == 0 {
		c.sliceStart = now
	}
	// Slicing applies with one P too: an M woken from a blocking wait
	// (the CPU profile's reader in notetsleepg, say) must run to give
	// its goroutine back, and the P's M never blocks while goroutines
	// are runnable, so without a slice that M would wait forever.
	if now-c.sliceStart < xenSliceNS || gp == nil || xenReadyHead == 0 && !xenAnyExpired(now) {
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
	c.sliceStart = now
	return true
}

// xenYieldM is called by xenPreemptM with interrupts disabled. It, not
// the upcall that sent the M here, wakes the Ms whose wait has timed
// out: the ready list changes only in thread context.
//
//go:nosplit
//go:nowritebarrierrec
func xenYieldM() {
	xenSched.lock()
	xenWakeExpired(nanotime())
	xenYieldLocked()
}

// mdestroy ends mp, the M running it (mexit), for good: it never
// returns. Whatever this vCPU runs next, once nothing runs on mp's g0
// stack, frees the stack and lets allocm drop mp (xenFinishSwitch).
// Upstream's exit for system-allocated stacks would instead return
// from mstart, into xenThreadStart.
//
//go:nosplit
func mdestroy(mp *m) {
	xenDisableInterrupts()
	xenSched.lock()
	c := xenThisCPU()
	c.current.ptr().state = xenThreadDead
	c.exitWait = uintptr(unsafe.Pointer(&mp.freeWait))
	c.exitStack = mp.g0.stack.lo
	xenReschedule()
	throw("xen: exited thread resumed")
}

// xenExitThread is exitThread, which only Ms whose g0 stack comes from
// the stack allocator call: none on xen.
func xenExitThread() {
	throw("xen: exitThread called")
}
