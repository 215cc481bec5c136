// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// The TCP/IP stack of GOOS=xen runs inside the program, on the goroutine
// that calls into it, but it is to a testing/synctest bubble what the
// kernel is on Linux: outside. So a goroutine calling into it leaves its
// bubble until it returns. While out, it runs on real time, its timers
// and channels belong to no bubble, and its waiting for the network keeps
// the bubble busy, as a goroutine parked in netpoll does, instead of
// blocking durably. It counts as running in the bubble all along: the
// status changes it goes through outside are not reported to the bubble,
// and they end where they began (running).

//go:linkname xencall_leaveBubble xen/internal/xencall.leaveBubble
func xencall_leaveBubble() unsafe.Pointer {
	gp := getg()
	b := gp.bubble
	gp.bubble = nil
	return unsafe.Pointer(b)
}

//go:linkname xencall_enterBubble xen/internal/xencall.enterBubble
func xencall_enterBubble(b unsafe.Pointer) {
	getg().bubble = (*synctestBubble)(b)
}
