// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"unsafe"
)

// The netpoller is where an idle scheduler blocks until a timer is due
// or an event arrives. Goroutines wait on event-channel ports
// (evtchnwait_xen.go) and are readied here; the in-memory descriptors
// that can block (pipes) wake their waiters themselves (netpollfd_xen.go).

var (
	xenNetpollWord   uint32 // futex word the blocked netpoller waits on
	xenNetpollBroken atomic.Uint32
)

func netpollinit() {}

func netpollIsPollDescriptor(fd uintptr) bool { return false }

func netpollarm(pd *pollDesc, mode int) { throw("xen: netpollarm") }

// netpollBreak wakes a netpoll blocked in another M.
func netpollBreak() {
	if xenNetpollBroken.CompareAndSwap(0, 1) {
		futexwakeup(&xenNetpollWord, 1)
	}
}

// netpoll blocks for up to delay ns (forever if delay < 0) unless woken
// by netpollBreak.
func netpoll(delay int64) (gList, int32) {
	if delay != 0 {
		intr := xenDisableInterrupts()
		xenSched.lock()
		if xenNetpollBroken.Load() == 0 && !xenPortWaiterFired() {
			xenWait(&xenNetpollWord, delay)
		} else {
			xenSched.unlock()
		}
		xenRestoreInterrupts(intr)
		// Only a blocking poll consumes a break, as on Linux: one
		// meant for an M about to block must not be lost to a
		// non-blocking poll in between.
		xenNetpollBroken.Store(0)
	}
	var toRun gList
	n := xenReadyPortWaiters(&toRun)
	return toRun, -n
}

// xenNetpollWake is called by the idle loop, with xenSched held: when a
// port a goroutine waits on has fired, it wakes the blocked netpoller
// and reports true.
//
//go:nosplit
func xenNetpollWake() bool {
	if !xenPortWaiterFired() {
		return false
	}
	for mp := allm; mp != nil; mp = mp.alllink {
		if mp.state == xenThreadWaiting && mp.waitAddr == uintptr(unsafe.Pointer(&xenNetpollWord)) {
			xenMakeReady(mp)
			return true
		}
	}
	return false // no M in netpoll: the next one to enter it will not block
}
