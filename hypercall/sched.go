// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=SchedOp -trimprefix=SchedOp
//go:generate go tool stringer -type=ShutdownReason -trimprefix=Shutdown

// SchedOp is the command of OpSchedOp (SCHEDOP_*).
type SchedOp uint32

const (
	SchedOpYield          SchedOp = 0
	SchedOpBlock          SchedOp = 1 // sleep until an event; clears the upcall mask
	SchedOpShutdown       SchedOp = 2 // arg: *SchedShutdown
	SchedOpPoll           SchedOp = 3 // arg: *SchedPoll
	SchedOpRemoteShutdown SchedOp = 4 // arg: *SchedRemoteShutdown
	SchedOpShutdownCode   SchedOp = 5
	SchedOpWatchdog       SchedOp = 6
	SchedOpPinOverride    SchedOp = 7
)

// ShutdownReason tells the toolstack why a domain stopped (SHUTDOWN_*).
type ShutdownReason uint32

const (
	ShutdownPoweroff  ShutdownReason = 0
	ShutdownReboot    ShutdownReason = 1
	ShutdownSuspend   ShutdownReason = 2
	ShutdownCrash     ShutdownReason = 3
	ShutdownWatchdog  ShutdownReason = 4
	ShutdownSoftReset ShutdownReason = 5
	ShutdownMax       ShutdownReason = 5 // highest valid reason
)

// SchedShutdown is struct sched_shutdown.
type SchedShutdown struct {
	Reason ShutdownReason
}

// SchedPoll is struct sched_poll: block until one of Ports is pending or
// the absolute system time Timeout (ns, 0 = none) passes.
type SchedPoll struct {
	Ports   GuestHandle // *EvtchnPort
	NrPorts uint32
	_       [4]byte // implicit: Timeout is 8-aligned
	Timeout uint64
}

// SchedRemoteShutdown is struct sched_remote_shutdown.
type SchedRemoteShutdown struct {
	DomainID DomID
	_        [2]byte // implicit
	Reason   ShutdownReason
}
