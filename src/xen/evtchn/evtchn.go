// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

// Package evtchn binds and uses Xen event channels (2-level ABI) from Go.
// A goroutine that waits on a port sleeps until the event upcall reports
// it; the vCPU halts when nothing else runs.
package evtchn

import (
	"errors"
	"sync"
	"unsafe"

	"xen/hypercall"
	"xen/internal/lifecycle"
	"xen/internal/xencall"
)

// Port is a local event-channel port.
type Port = hypercall.EvtchnPort

func op(cmd hypercall.EvtchnOp, arg unsafe.Pointer) error {
	_, err := xencall.Call(hypercall.OpEventChannelOp, uintptr(cmd), uintptr(arg), 0, 0, 0)
	return err
}

// Ports bound here are gone in a new domain after a suspend. While one
// is open whose owner does not bind it again (see FollowsSuspend), the
// domain refuses to suspend.
var (
	portsMu      sync.Mutex
	stayPorts    = map[Port]bool{} // open, and not followed
	registerOnce sync.Once
)

type refuseSuspend struct{}

func (refuseSuspend) Suspend() error {
	portsMu.Lock()
	defer portsMu.Unlock()
	if len(stayPorts) > 0 {
		return errors.New("event channels bound by the program cannot follow a suspend")
	}
	return nil
}

func (refuseSuspend) Resume(moved bool) {}

// bound records a newly bound port.
func bound(p Port) {
	registerOnce.Do(func() { lifecycle.Register("evtchn", refuseSuspend{}) })
	portsMu.Lock()
	stayPorts[p] = true
	portsMu.Unlock()
}

// FollowsSuspend tells that p's owner takes part in suspends
// (xen/internal/lifecycle) and, after a move to a new domain, forgets p
// (without closing it: its number may be another port's by then) and
// binds another: p no longer stops the domain from suspending.
func FollowsSuspend(p Port) {
	portsMu.Lock()
	delete(stayPorts, p)
	portsMu.Unlock()
}

// AllocUnbound allocates a port that domain remote may bind to.
func AllocUnbound(remote hypercall.DomID) (Port, error) {
	a := hypercall.EvtchnAllocUnbound{Dom: hypercall.DomIDSelf, RemoteDom: remote}
	if err := op(hypercall.EvtchnOpAllocUnbound, unsafe.Pointer(&a)); err != nil {
		return 0, err
	}
	bound(a.Port)
	return a.Port, unmask(a.Port)
}

// BindInterdomain connects a local port to remotePort of domain remote.
func BindInterdomain(remote hypercall.DomID, remotePort Port) (Port, error) {
	b := hypercall.EvtchnBindInterdomain{RemoteDom: remote, RemotePort: remotePort}
	if err := op(hypercall.EvtchnOpBindInterdomain, unsafe.Pointer(&b)); err != nil {
		return 0, err
	}
	bound(b.LocalPort)
	return b.LocalPort, unmask(b.LocalPort)
}

// BindVIRQ binds virtual interrupt v of vCPU 0 to a new port.
func BindVIRQ(v hypercall.VIRQ) (Port, error) {
	b := hypercall.EvtchnBindVirq{Virq: v}
	if err := op(hypercall.EvtchnOpBindVirq, unsafe.Pointer(&b)); err != nil {
		return 0, err
	}
	bound(b.Port)
	return b.Port, unmask(b.Port)
}

// BindVCPU makes Xen deliver p's events to vCPU vcpu (0 to
// runtime.NumCPU()-1) instead of vCPU 0, where every port starts: a busy
// driver can spread its interrupts. A goroutine waiting on p is woken
// whichever vCPU takes the event. Ports of virtual interrupts bound to a
// vCPU of their own (VIRQ_TIMER) cannot move.
func BindVCPU(p Port, vcpu uint32) error {
	b := hypercall.EvtchnBindVCPU{Port: p, VCPU: vcpu}
	return op(hypercall.EvtchnOpBindVCPU, unsafe.Pointer(&b))
}

// Notify signals the other end of p.
func Notify(p Port) error {
	s := hypercall.EvtchnSend{Port: p}
	return op(hypercall.EvtchnOpSend, unsafe.Pointer(&s))
}

// Close closes p. A goroutine waiting on it is woken, and p's number,
// which a later binding may get, keeps no event of p's.
func Close(p Port) error {
	c := hypercall.EvtchnClose{Port: p}
	if err := op(hypercall.EvtchnOpClose, unsafe.Pointer(&c)); err != nil {
		return err
	}
	portsMu.Lock()
	delete(stayPorts, p)
	portsMu.Unlock()
	xencall.PortClosed(uint32(p))
	return nil
}

// Wait blocks the calling goroutine until p fires. Events do not queue:
// several events before a Wait wake it once. One goroutine at a time may
// wait on a port.
func Wait(p Port) { xencall.PortWait(uint32(p)) }

// Mask holds back p's events: they stay pending, and a Wait on p does
// not return for them until Unmask.
func Mask(p Port) { xencall.PortMask(uint32(p)) }

// Unmask lets p's events through again, delivering one that came while
// it was masked.
func Unmask(p Port) error { return unmask(p) }

// unmask lets events on p through: every port starts masked.
func unmask(p Port) error {
	u := hypercall.EvtchnUnmask{Port: p}
	return op(hypercall.EvtchnOpUnmask, unsafe.Pointer(&u))
}

// Interrupt makes a Wait on p return as if p had fired, without telling
// the other end: a driver uses it to stop its own waiting goroutine.
func Interrupt(p Port) { xencall.PortInterrupt(uint32(p)) }
