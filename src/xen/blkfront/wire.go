// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"internal/byteorder"

	"xen/hypercall"
)

// Ring entries as bytes (xen/io/blkif.h, x86_64 layout, little
// endian); wire_test.go checks the offsets against xen/hypercall's
// structs, which are checked against the C header.

const (
	pageSize = hypercall.XenPageSize

	// entrySize is the union of blkif_request (112 bytes) and
	// blkif_response (16): 32 entries on a one-page ring.
	entrySize = 112

	// wireSector is the unit of sector_number, nr_sectors and a
	// segment's first_sect/last_sect.
	wireSector      = 512
	sectorsPerPage  = pageSize / wireSector
	segmentSize     = 8 // blkif_request_segment
	maxDirectSegs   = hypercall.BlkifMaxSegmentsPerRequest
	segsPerIndirect = pageSize / segmentSize // one indirect page's worth
)

// Request operations (BLKIF_OP_*).
const (
	opRead     = uint8(hypercall.BlkifOpRead)
	opWrite    = uint8(hypercall.BlkifOpWrite)
	opBarrier  = uint8(hypercall.BlkifOpWriteBarrier)
	opFlush    = uint8(hypercall.BlkifOpFlushDiskcache)
	opDiscard  = uint8(hypercall.BlkifOpDiscard)
	opIndirect = uint8(hypercall.BlkifOpIndirect)
)

// segment is blkif_request_segment: sectors first..last (inclusive,
// 512-byte units) of a granted page.
type segment struct {
	gref        uint32
	first, last uint8
}

func (s segment) put(b []byte) {
	byteorder.LEPutUint32(b[0:], s.gref)
	b[4], b[5], b[6], b[7] = s.first, s.last, 0, 0
}

// putRW writes a blkif_request with up to 11 segments: read, write,
// or (without segments) flush and barrier.
func putRW(b []byte, op uint8, handle uint16, id, sector uint64, segs []segment) {
	clear(b)
	b[0], b[1] = op, uint8(len(segs))
	byteorder.LEPutUint16(b[2:], handle)
	byteorder.LEPutUint64(b[8:], id)
	byteorder.LEPutUint64(b[16:], sector)
	for i, s := range segs {
		s.put(b[24+i*segmentSize:])
	}
}

// putIndirect writes a blkif_request_indirect whose nseg segments are
// in the indirect pages.
func putIndirect(b []byte, op uint8, handle uint16, id, sector uint64, nseg int, pages []uint32) {
	clear(b)
	b[0], b[1] = opIndirect, op
	byteorder.LEPutUint16(b[2:], uint16(nseg))
	byteorder.LEPutUint64(b[8:], id)
	byteorder.LEPutUint64(b[16:], sector)
	byteorder.LEPutUint16(b[24:], handle)
	for i, g := range pages {
		byteorder.LEPutUint32(b[28+4*i:], g)
	}
}

// putDiscard writes a blkif_request_discard.
func putDiscard(b []byte, handle uint16, id, sector, nsect uint64, secure bool) {
	clear(b)
	b[0] = opDiscard
	if secure {
		b[1] = hypercall.BlkifDiscardSecure
	}
	byteorder.LEPutUint16(b[2:], handle)
	byteorder.LEPutUint64(b[8:], id)
	byteorder.LEPutUint64(b[16:], sector)
	byteorder.LEPutUint64(b[24:], nsect)
}

// response is blkif_response, read field by field exactly once.
type response struct {
	id     uint64
	op     uint8
	status int16
}

func getResponse(b []byte) response {
	return response{id: byteorder.LEUint64(b[0:]), op: b[8], status: int16(byteorder.LEUint16(b[10:]))}
}

func (r response) put(b []byte) {
	byteorder.LEPutUint64(b[0:], r.id)
	b[8], b[9] = r.op, 0
	byteorder.LEPutUint16(b[10:], uint16(r.status))
}
