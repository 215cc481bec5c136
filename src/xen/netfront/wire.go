// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"internal/byteorder"
	"xen/hypercall"
)

// Ring entries as bytes (xen/io/netif.h, little endian). Entries written
// by the backend are read field by field exactly once, into Go values,
// so a backend that rewrites them meanwhile cannot make a checked value
// change after the check.

const (
	pageSize = hypercall.XenPageSize

	txEntrySize = 12 // union of netif_tx_request (12) and netif_tx_response (4)
	rxEntrySize = 8  // netif_rx_request and netif_rx_response are both 8

	ringSize = 256 // entries of either ring in one page
)

type txRequest struct {
	gref   uint32
	offset uint16
	flags  uint16
	id     uint16
	size   uint16
}

func (q txRequest) put(b []byte) {
	byteorder.LEPutUint32(b[0:], q.gref)
	byteorder.LEPutUint16(b[4:], q.offset)
	byteorder.LEPutUint16(b[6:], q.flags)
	byteorder.LEPutUint16(b[8:], q.id)
	byteorder.LEPutUint16(b[10:], q.size)
}

func getTxRequest(b []byte) txRequest {
	return txRequest{gref: byteorder.LEUint32(b[0:]), offset: byteorder.LEUint16(b[4:]), flags: byteorder.LEUint16(b[6:]), id: byteorder.LEUint16(b[8:]), size: byteorder.LEUint16(b[10:])}
}

type txResponse struct {
	id     uint16
	status int16
}

func getTxResponse(b []byte) txResponse {
	return txResponse{id: byteorder.LEUint16(b[0:]), status: int16(byteorder.LEUint16(b[2:]))}
}

func (r txResponse) put(b []byte) {
	byteorder.LEPutUint16(b[0:], r.id)
	byteorder.LEPutUint16(b[2:], uint16(r.status))
}

type rxRequest struct {
	id   uint16
	gref uint32
}

func (q rxRequest) put(b []byte) {
	byteorder.LEPutUint16(b[0:], q.id)
	byteorder.LEPutUint16(b[2:], 0)
	byteorder.LEPutUint32(b[4:], q.gref)
}

func getRxRequest(b []byte) rxRequest {
	return rxRequest{id: byteorder.LEUint16(b[0:]), gref: byteorder.LEUint32(b[4:])}
}

type rxResponse struct {
	id     uint16
	offset uint16
	flags  uint16
	status int16
}

func getRxResponse(b []byte) rxResponse {
	return rxResponse{id: byteorder.LEUint16(b[0:]), offset: byteorder.LEUint16(b[2:]), flags: byteorder.LEUint16(b[4:]), status: int16(byteorder.LEUint16(b[6:]))}
}

func (r rxResponse) put(b []byte) {
	byteorder.LEPutUint16(b[0:], r.id)
	byteorder.LEPutUint16(b[2:], r.offset)
	byteorder.LEPutUint16(b[4:], r.flags)
	byteorder.LEPutUint16(b[6:], uint16(r.status))
}

// extraFlags is the flags byte of a netif_extra_info slot.
func extraFlags(b []byte) uint8 { return b[1] }

// extraInfo is a netif_extra_info slot, as far as GSO goes.
type extraInfo struct {
	typ, flags uint8
	gsoSize    uint16 // u.gso.size
	gsoType    uint8  // u.gso.type
}

func getExtra(b []byte) extraInfo {
	return extraInfo{typ: b[0], flags: b[1], gsoSize: byteorder.LEUint16(b[2:]), gsoType: b[4]}
}
