// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "internal/runtime/xenboot"

// XenGuardPages returns the addresses of the stack guard pages (of at
// most 8 vCPUs) and how many there are.
func XenGuardPages() (pages [8*4 + 1]uintptr, n int) {
	xenForGuardPages(func(p uintptr) {
		if n < len(pages) {
			pages[n] = p
			n++
		}
	})
	return pages, n
}

// XenG0StackGuards returns, for every started M but m0, the page below
// its g0 stack, and the guard pages of every g0 stack the runtime has
// mapped.
func XenG0StackGuards() (below, mapped []uintptr) {
	lock(&sched.lock)
	for mp := allm; mp != nil; mp = mp.alllink {
		// allocm publishes an M in allm before it gives it a g0, and
		// another vCPU may be between the two; a g0 whose stack.lo is 0
		// has no stack until newosproc runs.
		if g0 := mp.g0; mp != &m0 && g0 != nil && g0.stack.lo != 0 {
			below = append(below, g0.stack.lo-pageSize4K)
		}
	}
	unlock(&sched.lock)
	xenForG0Guards(func(p uintptr) { mapped = append(mapped, p) })
	return below, mapped
}

// XenNumCPU is the number of vCPUs the runtime runs on.
func XenNumCPU() int { return int(xenNumCPU) }

// XenTickLeavesThreads runs the upcall's timer-tick work as a nested
// upcall would, with interrupts disabled and a waiting M whose deadline
// has passed, and reports whether it left the ready list and every M's
// state alone (the M's wait must end in thread context, not in the
// upcall). It reports false, "" if no M was waiting.
func XenTickLeavesThreads() (ok bool, why string) {
	systemstack(func() {
		intr := xenDisableInterrupts()
		xenSched.lock() // other vCPUs leave them alone too
		defer xenRestoreInterrupts(intr)
		defer xenSched.unlock()
		var waiter *m
		for mp := allm; mp != nil; mp = mp.alllink {
			if mp.state == xenThreadWaiting {
				waiter = mp
				break
			}
		}
		if waiter == nil {
			return
		}
		saved := waiter.deadline
		waiter.deadline = 1 // long past
		head, tail := xenReadyHead, xenReadyTail
		c := xenThisCPU()
		xenSetFired(c.timerPort/_evtchnWordBits, uint64(1)<<(c.timerPort%_evtchnWordBits))
		var tf xenTrapFrame
		xenMaybePreempt(&tf, c) // on g0: the tick's work only
		switch {
		case waiter.state != xenThreadWaiting:
			why = "the tick changed a waiting M's state"
		case xenReadyHead != head || xenReadyTail != tail:
			why = "the tick changed the ready list"
		default:
			ok = true
		}
		if waiter.state == xenThreadWaiting {
			waiter.deadline = saved
		}
	})
	return ok, why
}

// XenReadRandomBroken reports how many bytes the random source gives once
// it has failed its health check.
func XenReadRandomBroken() int {
	saved := xenRandBroken
	xenRandBroken = true
	var b [16]byte
	n := xenReadRandom(b[:])
	xenRandBroken = saved
	return n
}

// XenRandRetries is how often xenReadRandom draws a word again before it
// counts the generator as broken.
const XenRandRetries = xenboot.RandRetries

// XenHWRandWord draws one word from the CPU's generator (RDSEED, else
// RDRAND).
var XenHWRandWord = xenHWRandWord

// XenReadRandom is the runtime's read of the generator (readRandom).
func XenReadRandom(b []byte) int { return xenReadRandom(b) }

// XenRandBroken reports whether the generator has failed its health
// check.
func XenRandBroken() bool { return xenRandBroken }

// XenRandState is the health check's state, the sticky broken flag
// included.
type XenRandState struct {
	check  xenboot.RandCheck
	broken bool
}

// XenSetRandWord makes f (nil: the CPU's generator) the source of the
// words xenReadRandom checks and uses, and returns the health check's
// state as it was, for XenRestoreRand.
func XenSetRandWord(f func() (uint64, bool)) XenRandState {
	s := XenRandState{xenRandCheck, xenRandBroken}
	xenRandWord = f
	return s
}

// XenRestoreRand puts back the CPU's generator and the health check's
// state s, clearing the broken flag if it was clear then: only tests
// may clear it.
func XenRestoreRand(s XenRandState) {
	xenRandWord = nil
	xenRandCheck, xenRandBroken = s.check, s.broken
}

// XenClockShared reports whether every vCPU reads vCPU 0's pvclock.
func XenClockShared() bool { return xenClockShared != nil }

// XenMemAvail is the RAM the runtime's memory may take, and
// XenDefaultMemoryLimit the soft memory limit that follows from it.
func XenMemAvail() uintptr { return xenMemAvail() }

var XenDefaultMemoryLimit = defaultMemoryLimit

const XenStartingStackCap = startingStackCap
