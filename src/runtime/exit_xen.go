// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// xenExit implements exit. The status is written on the console as a
// line "\x00go-xen-exit:N" (the harness turns it back into an exit
// status; a NUL never appears in ordinary text output), then the domain
// powers off (reboots, if the toolstack asked for that), or crashes if
// the program is dying of a panic or fatal error.
//
//go:nosplit
func xenExit(code int32) {
	var buf [32]byte
	n := copy(buf[:], "\x00go-xen-exit:")
	n += xenItoa(buf[n:], code)
	buf[n] = '\n'
	xenConsoleWrite(buf[:n+1])
	reason := uint32(_SHUTDOWN_poweroff)
	if xenRebootAsked {
		reason = _SHUTDOWN_reboot
	}
	if gp := getg(); gp != nil && gp.m != nil && gp.m.dying > 0 {
		reason = _SHUTDOWN_crash // a fatal panic or error (startpanic_m)
	}
	xenShutdown(reason)
}

// xenShutdown flushes the console and ends the domain.
//
//go:nosplit
func xenShutdown(reason uint32) {
	xenConsoleFlush()
	if reason == _SHUTDOWN_crash {
		xenDebugWrite("go: domain crashed\n")
	}
	r := reason
	for {
		xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_shutdown, uintptr(unsafe.Pointer(&r)), 0, 0, 0)
	}
}

//go:nosplit
func xenItoa(b []byte, v int32) int {
	var tmp [12]byte
	i := len(tmp)
	u := uint32(v)
	if v < 0 {
		u = uint32(-v)
	}
	for {
		i--
		tmp[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if v < 0 {
		i--
		tmp[i] = '-'
	}
	return copy(b, tmp[i:])
}
