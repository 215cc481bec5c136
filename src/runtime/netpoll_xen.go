// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "internal/runtime/atomic"

// The netpoller is where an idle scheduler blocks until a timer is due
// or an event arrives. There are no file descriptors to poll yet: device
// drivers will deliver their events here.

var (
	xenNetpollWord   uint32 // futex word the blocked netpoller waits on
	xenNetpollBroken atomic.Uint32
)

func netpollinit() {}

func netpollIsPollDescriptor(fd uintptr) bool { return false }

func netpollopen(fd uintptr, pd *pollDesc) uintptr { return _ENOSYS }

func netpollclose(fd uintptr) uintptr { return 0 }

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
		if xenNetpollBroken.Load() == 0 {
			xenWait(&xenNetpollWord, delay)
		}
		xenRestoreInterrupts(intr)
	}
	xenNetpollBroken.Store(0)
	return gList{}, 0
}

// xenNetpollWake is called by the idle loop: it reports whether an
// event readied the netpoller.
//
//go:nosplit
func xenNetpollWake() bool {
	return false
}

const _ENOSYS = 38
