// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import "xen/hypercall"

// Ring entries as bytes (xen/io/netif.h, little endian). Entries written
// by the backend are read field by field exactly once, into Go values,
// so a backend that rewrites them meanwhile cannot make a checked value
// change after the check.

const (
	pageSize   = hypercall.XenPageSize
	headerSize = hypercall.SringHeaderSize

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
	putLE32(b[0:], q.gref)
	putLE16(b[4:], q.offset)
	putLE16(b[6:], q.flags)
	putLE16(b[8:], q.id)
	putLE16(b[10:], q.size)
}

func getTxRequest(b []byte) txRequest {
	return txRequest{gref: le32(b[0:]), offset: le16(b[4:]), flags: le16(b[6:]), id: le16(b[8:]), size: le16(b[10:])}
}

type txResponse struct {
	id     uint16
	status int16
}

func getTxResponse(b []byte) txResponse {
	return txResponse{id: le16(b[0:]), status: int16(le16(b[2:]))}
}

func (r txResponse) put(b []byte) {
	putLE16(b[0:], r.id)
	putLE16(b[2:], uint16(r.status))
}

type rxRequest struct {
	id   uint16
	gref uint32
}

func (q rxRequest) put(b []byte) {
	putLE16(b[0:], q.id)
	putLE16(b[2:], 0)
	putLE32(b[4:], q.gref)
}

func getRxRequest(b []byte) rxRequest {
	return rxRequest{id: le16(b[0:]), gref: le32(b[4:])}
}

type rxResponse struct {
	id     uint16
	offset uint16
	flags  uint16
	status int16
}

func getRxResponse(b []byte) rxResponse {
	return rxResponse{id: le16(b[0:]), offset: le16(b[2:]), flags: le16(b[4:]), status: int16(le16(b[6:]))}
}

func (r rxResponse) put(b []byte) {
	putLE16(b[0:], r.id)
	putLE16(b[2:], r.offset)
	putLE16(b[4:], r.flags)
	putLE16(b[6:], uint16(r.status))
}

// extraFlags is the flags byte of a netif_extra_info slot.
func extraFlags(b []byte) uint8 { return b[1] }

// Little-endian fields (encoding/binary sits above the device packages
// in std's layering).

func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func putLE16(b []byte, v uint16) { b[0], b[1] = byte(v), byte(v>>8) }

func putLE32(b []byte, v uint32) {
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}
