// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"xen/evtchn"
	"xen/hypercall"
	"xen/internal/lifecycle"
	"xen/internal/xencall"
)

// The guest's own connection: xenstored's ring page and event channel
// come from the HVM parameters the toolstack set when it built us.

var (
	openOnce   sync.Once
	openClient *Client
	openErr    error
)

// Open returns the domain's connection to xenstored, connecting on first
// use. All callers share one Client.
func Open() (*Client, error) {
	openOnce.Do(func() {
		xencall.ClaimXenstore()
		var t *guestTransport
		t, openErr = newGuestTransport()
		if openErr == nil {
			openClient, openErr = NewClient(t)
		}
		if openErr == nil {
			lifecycle.Register("xenstore", guestSuspender{openClient})
		}
	})
	return openClient, openErr
}

// guestSuspendWait bounds how long a suspend waits for the requests and
// transactions under way.
const guestSuspendWait = 10 * time.Second

// guestSuspender takes the domain's connection through suspends.
type guestSuspender struct{ c *Client }

func (s guestSuspender) Suspend() error    { return s.c.Suspend(guestSuspendWait) }
func (s guestSuspender) Resume(moved bool) { s.c.Resume(moved) }

type guestTransport struct {
	page   *DomainInterface
	closed atomic.Bool
}

func newGuestTransport() (*guestTransport, error) {
	pfn, err := hvmParam(hypercall.HVMParamStorePFN)
	if err != nil {
		return nil, errors.New("xenstore: no ring page: " + err.Error())
	}
	port := xencall.StorePort()
	if pfn == 0 || port == 0 {
		return nil, errors.New("xenstore: the toolstack gave this domain no xenstore ring")
	}
	// The runtime maps all guest-physical memory below 4 GiB one to one.
	if pfn >= 1<<20 {
		return nil, errors.New("xenstore: ring page above 4 GiB")
	}
	t := &guestTransport{page: (*DomainInterface)(unsafe.Pointer(uintptr(pfn << 12)))}
	if err := evtchn.Unmask(t.port()); err != nil {
		return nil, errors.New("xenstore: unmasking its event channel: " + err.Error())
	}
	return t, nil
}

// port is the ring's event channel: the runtime keeps it, since a
// domain restored or migrated has another.
func (t *guestTransport) port() evtchn.Port { return evtchn.Port(xencall.StorePort()) }

func hvmParam(index hypercall.HVMParam) (uint64, error) {
	p := hypercall.XenHVMParam{Domid: hypercall.DomIDSelf, Index: index}
	_, err := xencall.Call(hypercall.OpHVMOp, uintptr(hypercall.HVMOpGetParam), uintptr(unsafe.Pointer(&p)), 0, 0, 0)
	return p.Value, err
}

func (t *guestTransport) Page() *DomainInterface { return t.page }

func (t *guestTransport) Notify() error { return evtchn.Notify(t.port()) }

func (t *guestTransport) Wait() error {
	if t.closed.Load() {
		return errClosedTransport
	}
	evtchn.Wait(t.port())
	if t.closed.Load() {
		return errClosedTransport
	}
	return nil
}

// Close stops Wait; the port stays bound: it is the domain's only
// connection to xenstored, which Open's callers share.
func (t *guestTransport) Close() error {
	t.closed.Store(true)
	evtchn.Interrupt(t.port())
	return nil
}

var errClosedTransport = errors.New("xenstore: connection closed")
