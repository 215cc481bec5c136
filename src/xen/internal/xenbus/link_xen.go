// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenbus

import (
	"errors"
	"time"

	"xen/evtchn"
	"xen/hypercall"
	"xen/internal/ring"
)

// A Link is what a frontend holds of one connection to its backend: the
// grants of the pages it shares with the backend's domain, the event
// channel bound to it, and the watch on the backend's state. After a
// move to a new domain the driver forgets the link (those were the old
// domain's) and makes another.
type Link struct {
	Front, Backend string // the devices' xenstore directories
	Grants         *ring.Grants
	Port           evtchn.Port   // 0 once closed or forgotten
	stop           chan struct{} // ends the watch; nil when not watching
}

// NewLink binds an event channel to the backend in domain backendID
// for the device at front; its owner takes it through suspends.
func NewLink(front, backend string, backendID hypercall.DomID) (*Link, error) {
	p, err := evtchn.AllocUnbound(backendID)
	if err != nil {
		return nil, err
	}
	evtchn.FollowsSuspend(p)
	return &Link{Front: front, Backend: backend, Grants: ring.GrantsTo(backendID), Port: p}, nil
}

// Follow watches the backend's state until Unfollow: once it leaves
// Connected, gone is called with the state, unless Unfollow ended the
// watch first (a suspend is not the backend's doing).
func (l *Link) Follow(s Store, gone func(hypercall.XenbusState)) error {
	stop := make(chan struct{})
	l.stop = stop
	return FollowBackend(s, l.Front, l.Backend, stop, func(st hypercall.XenbusState) {
		select {
		case <-stop:
		default:
			gone(st)
		}
	})
}

// Unfollow ends the watch Follow started, if any.
func (l *Link) Unfollow() {
	if l.stop != nil {
		close(l.stop)
		l.stop = nil
	}
}

// Close runs the closing handshake (timeout at most for each of the
// backend's two steps) and releases the link.
func (l *Link) Close(s Store, timeout time.Duration) error {
	l.Unfollow()
	return errors.Join(Disconnect(s, l.Front, l.Backend, timeout), l.Release())
}

// Release ends the grants (once the backend has unmapped the pages:
// Grants.Release waits for that in the background) and closes the port.
func (l *Link) Release() error {
	err := l.Grants.Release()
	if l.Port != 0 {
		err = errors.Join(err, evtchn.Close(l.Port))
		l.Port = 0
	}
	return err
}

// Forget drops the grants and the port without ending them: after a move
// they were the old domain's, and the port's number may be another's now.
func (l *Link) Forget() {
	l.Grants.Forget()
	l.Port = 0
}
