// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// Pollable descriptors. The file descriptors of the xen syscall package
// are in-memory objects; those that can block (pipes) take part in the
// netpoller as epoll descriptors do on Linux, so that os.File deadlines
// work on them: syscall attaches a descriptor's pollDesc when poll.FD
// opens it, returns EAGAIN where Linux would, and reports readiness with
// pollReady, which wakes the goroutine parked on that pollDesc.

// The descriptor hooks syscall registers at init: open reports whether
// fd can be polled and remembers pd for it; close forgets it.
var (
	xenPollOpen  func(fd uintptr, pd uintptr) bool
	xenPollClose func(fd uintptr)
)

//go:linkname syscall_setPollHooks syscall.setPollHooks
func syscall_setPollHooks(open func(fd uintptr, pd uintptr) bool, close func(fd uintptr)) {
	xenPollOpen, xenPollClose = open, close
}

func netpollopen(fd uintptr, pd *pollDesc) uintptr {
	if xenPollOpen == nil || !xenPollOpen(fd, uintptr(unsafe.Pointer(pd))) {
		return _EPERM // as epoll_ctl for a regular file: not pollable
	}
	return 0
}

func netpollclose(fd uintptr) uintptr {
	if xenPollClose != nil {
		xenPollClose(fd)
	}
	return 0
}

// syscall_pollReady wakes what waits on pd for mode ('r', 'w' or
// 'r'+'w'), or makes its next wait return at once. syscall calls it
// while the descriptor is still attached, so pd is not freed meanwhile.
//
//go:linkname syscall_pollReady syscall.pollReady
func syscall_pollReady(pd uintptr, mode int32) {
	p := (*pollDesc)(unsafe.Pointer(pd))
	var rg, wg *g
	delta := int32(0)
	if mode == 'r' || mode == 'r'+'w' {
		rg = netpollunblock(p, 'r', true, &delta)
	}
	if mode == 'w' || mode == 'r'+'w' {
		wg = netpollunblock(p, 'w', true, &delta)
	}
	netpollAdjustWaiters(delta)
	if rg != nil {
		netpollgoready(rg, 3)
	}
	if wg != nil {
		netpollgoready(wg, 3)
	}
}

const _EPERM = 1
