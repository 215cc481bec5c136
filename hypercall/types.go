// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

// Scalar typedefs from the public headers. Named types keep a port number
// from being passed where a grant reference is expected.
type (
	DomID       uint16 // domid_t
	EvtchnPort  uint32 // evtchn_port_t
	GrantRef    uint32 // grant_ref_t
	GrantHandle uint32 // grant_handle_t: names a mapping made by a backend

	// GuestHandle is XEN_GUEST_HANDLE(T) in a structure: the guest
	// virtual (PV) or physical (PVH/HVM) address of a T. It is 8 bytes on
	// x86_64 and on arm, where handles are always 64-bit.
	GuestHandle uint64
)

// Reserved domain IDs (xen.h). Real domains are below DomIDFirstReserved.
const (
	DomIDFirstReserved DomID = 0x7FF0
	DomIDSelf          DomID = 0x7FF0 // the calling domain
	DomIDIO            DomID = 0x7FF1
	DomIDXen           DomID = 0x7FF2
	DomIDCOW           DomID = 0x7FF3
	DomIDInvalid       DomID = 0x7FF4
	DomIDIdle          DomID = 0x7FFF
	DomIDMask          DomID = 0x7FFF
)
