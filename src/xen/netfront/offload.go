// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"xen/hypercall"
	"xen/internal/xenbus"
)

// GSOType names the segmentation a backend performs on a frame
// (XEN_NETIF_GSO_TYPE_*).
type GSOType uint8

const (
	GSONone  GSOType = hypercall.XenNetifGSOTypeNone
	GSOTCPv4 GSOType = hypercall.XenNetifGSOTypeTCPv4
	GSOTCPv6 GSOType = hypercall.XenNetifGSOTypeTCPv6
)

// MaxGSOFrame is the longest frame SendOffload accepts with a GSO type:
// the tx ring's size field is 16 bits.
const MaxGSOFrame = hypercall.XenNetifMaxTxSize

// Offload asks the backend to finish a frame for the wire.
type Offload struct {
	// ChecksumPartial says the frame's TCP or UDP checksum field holds
	// only the sum of the pseudo-header (Linux's CHECKSUM_PARTIAL): the
	// backend computes the rest.
	ChecksumPartial bool
	// GSO, unless GSONone, makes the frame one TCP packet of up to
	// MaxGSOFrame bytes that the backend cuts into segments of MSS
	// payload bytes (TSO). It needs ChecksumPartial and the backend's
	// support (Features).
	GSO GSOType
	MSS uint16
}

// Features are the transmit offloads the backend offered.
type Features struct {
	GSOTCPv4, GSOTCPv6 bool
}

// backendFeatures reads what the backend at dir offers. Segmentation
// needs frames of several slots, so it counts only with feature-sg.
func backendFeatures(s xenbus.Store, dir string) Features {
	on := func(name string) bool { return xenbus.Flag(s, dir+"/"+name) }
	if !on("feature-sg") {
		return Features{}
	}
	return Features{GSOTCPv4: on("feature-gso-tcpv4"), GSOTCPv6: on("feature-gso-tcpv6")}
}

// supports reports whether f lets the backend segment frames of type t.
func (f Features) supports(t GSOType) bool {
	switch t {
	case GSOTCPv4:
		return f.GSOTCPv4
	case GSOTCPv6:
		return f.GSOTCPv6
	}
	return false
}

// flags are the first slot's checksum flags for o.
func (o Offload) flags() uint16 {
	if o.ChecksumPartial {
		return hypercall.NetTxfCsumBlank | hypercall.NetTxfDataValidated
	}
	return 0
}

// putGSOExtra writes the netif_extra_info slot that carries o's
// segmentation into a tx ring entry.
func (o Offload) putGSOExtra(b []byte) {
	clear(b)
	b[0] = hypercall.XenNetifExtraTypeGSO
	b[1] = 0 // no further extra slot
	b[2], b[3] = byte(o.MSS), byte(o.MSS>>8)
	b[4] = byte(o.GSO)
}
