// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=EvtchnOp -trimprefix=EvtchnOp
//go:generate go tool stringer -type=EvtchnStat -trimprefix=EvtchnStat

// EvtchnOp is the command of OpEventChannelOp (EVTCHNOP_*); the argument
// is a pointer to the Evtchn* structure named in each comment.
type EvtchnOp uint32

const (
	EvtchnOpBindInterdomain EvtchnOp = 0 // EvtchnBindInterdomain
	EvtchnOpBindVirq        EvtchnOp = 1 // EvtchnBindVirq
	EvtchnOpBindPirq        EvtchnOp = 2 // dom0/passthrough only
	EvtchnOpClose           EvtchnOp = 3 // EvtchnClose
	EvtchnOpSend            EvtchnOp = 4 // EvtchnSend
	EvtchnOpStatus          EvtchnOp = 5 // EvtchnStatus
	EvtchnOpAllocUnbound    EvtchnOp = 6 // EvtchnAllocUnbound
	EvtchnOpBindIPI         EvtchnOp = 7 // EvtchnBindIPI
	EvtchnOpBindVCPU        EvtchnOp = 8 // EvtchnBindVCPU
	EvtchnOpUnmask          EvtchnOp = 9 // EvtchnUnmask
	EvtchnOpReset           EvtchnOp = 10

	// FIFO event channel ABI; the 2-level ABI in SharedInfo needs none.
	EvtchnOpInitControl EvtchnOp = 11
	EvtchnOpExpandArray EvtchnOp = 12
	EvtchnOpSetPriority EvtchnOp = 13
)

// EvtchnAllocUnbound is struct evtchn_alloc_unbound: allocate Port in Dom
// (DomIDSelf) for RemoteDom to bind to later.
type EvtchnAllocUnbound struct {
	Dom       DomID
	RemoteDom DomID
	Port      EvtchnPort // out
}

// EvtchnBindInterdomain is struct evtchn_bind_interdomain.
type EvtchnBindInterdomain struct {
	RemoteDom  DomID
	_          [2]byte // implicit
	RemotePort EvtchnPort
	LocalPort  EvtchnPort // out
}

// EvtchnBindVirq is struct evtchn_bind_virq.
type EvtchnBindVirq struct {
	Virq VIRQ
	VCPU uint32
	Port EvtchnPort // out
}

// EvtchnBindIPI is struct evtchn_bind_ipi.
type EvtchnBindIPI struct {
	VCPU uint32
	Port EvtchnPort // out
}

// EvtchnBindVCPU is struct evtchn_bind_vcpu: deliver Port to VCPU.
type EvtchnBindVCPU struct {
	Port EvtchnPort
	VCPU uint32
}

// EvtchnClose is struct evtchn_close.
type EvtchnClose struct {
	Port EvtchnPort
}

// EvtchnSend is struct evtchn_send.
type EvtchnSend struct {
	Port EvtchnPort
}

// EvtchnUnmask is struct evtchn_unmask. Unmasking through Xen (rather than
// clearing the mask bit directly) re-raises an event that arrived while
// the port was masked.
type EvtchnUnmask struct {
	Port EvtchnPort
}

// EvtchnStat is EvtchnStatus.Status (EVTCHNSTAT_*).
type EvtchnStat uint32

const (
	EvtchnStatClosed      EvtchnStat = 0
	EvtchnStatUnbound     EvtchnStat = 1
	EvtchnStatInterdomain EvtchnStat = 2
	EvtchnStatPirq        EvtchnStat = 3
	EvtchnStatVirq        EvtchnStat = 4
	EvtchnStatIPI         EvtchnStat = 5
)

// EvtchnStatus is struct evtchn_status. U is the C union u, whose member
// depends on Status; read it with the accessors.
type EvtchnStatus struct {
	Dom    DomID
	_      [2]byte // implicit
	Port   EvtchnPort
	Status EvtchnStat // out
	VCPU   uint32     // out
	U      [2]uint32  // out
}

// UnboundDom is u.unbound.dom (EvtchnStatUnbound).
func (s *EvtchnStatus) UnboundDom() DomID { return DomID(s.U[0]) }

// InterdomainDom is u.interdomain.dom (EvtchnStatInterdomain).
func (s *EvtchnStatus) InterdomainDom() DomID { return DomID(s.U[0]) }

// InterdomainPort is u.interdomain.port (EvtchnStatInterdomain).
func (s *EvtchnStatus) InterdomainPort() EvtchnPort { return EvtchnPort(s.U[1]) }

// Pirq is u.pirq (EvtchnStatPirq).
func (s *EvtchnStatus) Pirq() uint32 { return s.U[0] }

// Virq is u.virq (EvtchnStatVirq).
func (s *EvtchnStatus) Virq() VIRQ { return VIRQ(s.U[0]) }
