// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

// Network frontend/backend ring entries (io/netif.h). The tx ring carries
// NetifTxRequest (and NetifExtraInfo slots after NetTxfExtraInfo) and
// NetifTxResponse; the rx ring NetifRxRequest and NetifRxResponse.

// Ring sizes for one XenPageSize page: RingSize(XenPageSize, entry size).
const (
	NetifTxRingSize = 256
	NetifRxRingSize = 256
)

// Protocol limits.
const (
	XenNetifNrSlotsMin = 18     // slots a packet may use that a backend must accept
	XenNetifMaxTxSize  = 0xFFFF // largest packet on the tx ring
)

// NetifTxRequest is struct netif_tx_request: one slot of a packet to send.
// The first slot's Size is the whole packet's length.
type NetifTxRequest struct {
	Gref   GrantRef
	Offset uint16
	Flags  uint16 // NetTxf*
	ID     uint16 // echoed in the response
	Size   uint16
}

// NetifTxRequest.Flags bits.
const (
	NetTxfCsumBlank     = 1 << 0
	NetTxfDataValidated = 1 << 1
	NetTxfMoreData      = 1 << 2 // another slot of this packet follows
	NetTxfExtraInfo     = 1 << 3 // a NetifExtraInfo slot follows
)

// NetifTxResponse is struct netif_tx_response.
type NetifTxResponse struct {
	ID     uint16
	Status int16 // NetifRsp*
}

// NetifExtraInfo is struct netif_extra_info, an 8-byte slot following a
// request flagged NetTxfExtraInfo / NetRxfExtraInfo. U is the union u
// (2-aligned, hence uint16s), interpreted by Type.
type NetifExtraInfo struct {
	Type  uint8 // XenNetifExtraType*
	Flags uint8 // XenNetifExtraFlagMore
	U     [3]uint16
}

// GSOSize is u.gso.size, the MSS (XenNetifExtraTypeGSO).
func (e *NetifExtraInfo) GSOSize() uint16 { return e.U[0] }

// GSOType is u.gso.type (XenNetifGSOType*).
func (e *NetifExtraInfo) GSOType() uint8 { return uint8(e.U[1]) }

// GSOFeatures is u.gso.features.
func (e *NetifExtraInfo) GSOFeatures() uint16 { return e.U[2] }

// MulticastAddr is u.mcast.addr (XenNetifExtraTypeMcastAdd/Del).
func (e *NetifExtraInfo) MulticastAddr() [6]byte {
	var a [6]byte
	for i, w := range e.U {
		a[2*i], a[2*i+1] = byte(w), byte(w>>8)
	}
	return a
}

// NetifExtraInfo.Type values and flags.
const (
	XenNetifExtraTypeNone     = 0
	XenNetifExtraTypeGSO      = 1
	XenNetifExtraTypeMcastAdd = 2
	XenNetifExtraTypeMcastDel = 3
	XenNetifExtraTypeHash     = 4
	XenNetifExtraTypeMax      = 5

	XenNetifExtraFlagMore = 1 << 0 // another extra slot follows

	XenNetifGSOTypeNone  = 0
	XenNetifGSOTypeTCPv4 = 1
	XenNetifGSOTypeTCPv6 = 2
)

// NetifRxRequest is struct netif_rx_request: a granted page to receive
// into.
type NetifRxRequest struct {
	ID   uint16 // echoed in the response
	Pad  uint16
	Gref GrantRef
}

// NetifRxResponse is struct netif_rx_response. Status is the received
// length, or a negative NetifRsp* on error.
type NetifRxResponse struct {
	ID     uint16
	Offset uint16 // of the data within the page
	Flags  uint16 // NetRxf*
	Status int16
}

// NetifRxResponse.Flags bits.
const (
	NetRxfDataValidated = 1 << 0
	NetRxfCsumBlank     = 1 << 1
	NetRxfMoreData      = 1 << 2
	NetRxfExtraInfo     = 1 << 3
	NetRxfGSOPrefix     = 1 << 4
)

// Response statuses (NETIF_RSP_*).
const (
	NetifRspDropped = -2
	NetifRspError   = -1
	NetifRspOkay    = 0
	NetifRspNull    = 1 // no response: a slot used by extra info
)
