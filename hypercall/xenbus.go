// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=XenbusState -trimprefix=XenbusState

// XenbusState is the state a frontend or backend publishes in its
// xenstore "state" node, as a decimal string (enum xenbus_state).
type XenbusState uint32

const (
	XenbusStateUnknown       XenbusState = 0
	XenbusStateInitialising  XenbusState = 1
	XenbusStateInitWait      XenbusState = 2 // waiting for the peer's details
	XenbusStateInitialised   XenbusState = 3 // details published
	XenbusStateConnected     XenbusState = 4
	XenbusStateClosing       XenbusState = 5
	XenbusStateClosed        XenbusState = 6
	XenbusStateReconfiguring XenbusState = 7
	XenbusStateReconfigured  XenbusState = 8
)
