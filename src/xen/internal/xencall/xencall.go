// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

// Package xencall is the device packages' door into the runtime: raw
// hypercalls, parking a goroutine until an event-channel port fires, and
// leaving a synctest bubble for the network stack.
package xencall

import (
	"unsafe"

	"xen/hypercall"
)

// Provided by package runtime (evtchnwait_xen.go).
func rawHypercall(op, a1, a2, a3, a4, a5 uintptr) uintptr
func portWait(port uint32)

// Call makes hypercall op and returns Xen's result, or the Xen error for
// a negative one.
//
// Arguments are often the address of a caller's local variable, as
// uintptr(unsafe.Pointer(&arg)) in the call: like syscall.Syscall, Call
// keeps such an argument alive (uintptrkeepalive) and cannot move the
// stack it points into before Xen has read and written it (nosplit,
// down to the hypercall instruction).
//
//go:uintptrkeepalive
//go:nosplit
func Call(op hypercall.Op, a1, a2, a3, a4, a5 uintptr) (uintptr, error) {
	rc := rawHypercall(uintptr(op), a1, a2, a3, a4, a5)
	if err := hypercall.CheckReturn(int64(rc)); err != nil {
		return 0, err
	}
	return rc, nil
}

// PortWait parks the calling goroutine until port fires; an event that
// arrived since the last wait returns at once. One goroutine at a time
// may wait on a port.
func PortWait(port uint32) { portWait(port) }

func portInterrupt(port uint32)

// PortInterrupt makes a PortWait on port return as if port had fired.
func PortInterrupt(port uint32) { portInterrupt(port) }

func physHole() (lo, hi uintptr)

// PhysHole returns the guest-physical range [lo, hi) where nothing is
// populated, identity-mapped and free for mapping grant-table frames and
// other domains' pages. lo == hi if the domain has no such range.
func PhysHole() (lo, hi uintptr) { return physHole() }

func claimXenstore()

// ClaimXenstore tells the runtime that package xen/xenstore is about to
// use the domain's xenstore ring; the runtime makes its own one request
// (the domain's name) first.
func ClaimXenstore() { claimXenstore() }

func portClosed(port uint32)

// PortClosed tells the runtime that port was closed: its number may be
// bound again, and must start clean. A goroutine waiting on it is woken.
func PortClosed(port uint32) { portClosed(port) }

func portMask(port uint32)

// PortMask masks port: its events stay pending without interrupting.
func PortMask(port uint32) { portMask(port) }

func netSettings() []string

// NetSettings returns the network settings of the domain's command line
// (its ip=, gw= and dns= tokens), in order.
func NetSettings() []string { return netSettings() }

func mountSettings() []string

// MountSettings returns the disks the domain's command line mounts (its
// mount: tokens, without the prefix: DISK=DIR[,ro]), in order.
func MountSettings() []string { return mountSettings() }

func fatalBeforeMain(msg string)

// FatalBeforeMain prints msg on the console and ends the domain as
// crashed, as the runtime does with a bad command line: for what the
// domain's configuration asks and cannot be done before main (a disk
// that cannot be mounted).
func FatalBeforeMain(msg string) { fatalBeforeMain(msg) }

// Provided by package runtime (synctest_xen.go).
func leaveBubble() unsafe.Pointer
func enterBubble(b unsafe.Pointer)

// A Bubble is the testing/synctest bubble a goroutine left.
type Bubble struct{ b unsafe.Pointer }

// LeaveBubble takes the calling goroutine out of its synctest bubble, if
// it is in one, until Enter: the network stack is outside bubbles, as
// Linux's kernel is (runtime/synctest_xen.go). Use it as
//
//	defer xencall.LeaveBubble().Enter()
func LeaveBubble() Bubble { return Bubble{leaveBubble()} }

// Enter puts the goroutine back in the bubble it left.
func (b Bubble) Enter() { enterBubble(b.b) }

func raise(sig uint32)

// Raise delivers signal sig to the program, as syscall.Kill does for the
// program's own pid.
func Raise(sig uint32) { raise(sig) }

func askReboot()

// AskReboot makes the domain end with reason reboot, however the program
// exits, unless it crashes.
func AskReboot() { askReboot() }

func setControlStarter(start func())

// SetControlStarter gives the runtime the function that starts
// xen/control's service, which it calls when the program first asks
// os/signal for a signal.
func SetControlStarter(start func()) { setControlStarter(start) }

func suspend() (moved, ok bool)

// Suspend suspends the domain (SCHEDOP_shutdown, reason suspend) once
// every other vCPU has parked, and returns when it runs again: moved
// reports whether in a new domain (restored or migrated), where every
// event channel but the console's and xenstore's must be bound again,
// rather than in this one (the suspend cancelled). ok is false if it
// did not suspend: a vCPU did not park.
func Suspend() (moved, ok bool) { return suspend() }

func storePort() uint32

// StorePort returns the event channel of the domain's xenstore ring,
// which is another one after a move.
func StorePort() uint32 { return storePort() }

func balloonTarget(kib uint64) (excessKiB uint64)

// BalloonTarget sets the domain's memory target in KiB (memory/target)
// and follows it as far as it can now. It returns how many KiB the
// domain holds above the target: memory in use that it cannot hand back
// yet.
func BalloonTarget(kib uint64) (excessKiB uint64) { return balloonTarget(kib) }

func balloonStats() (ram, held, target uint64)

// BalloonStats reports, in KiB, the domain's RAM, the part of it the
// domain holds now, and its memory target.
func BalloonStats() (ram, held, target uint64) { return balloonStats() }
