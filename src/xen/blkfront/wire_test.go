// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package blkfront

import (
	"internal/byteorder"
	"testing"
	"unsafe"

	"xen/hypercall"
	"xen/internal/ring"
)

// decoded is a request as the backend reads it.
type decoded struct {
	op, indirectOp, flag uint8
	nseg                 int
	handle               uint16
	id, sector, nsect    uint64
	segs                 []segment // direct ones
	indirectGrefs        []uint32
}

func decodeRequest(b []byte) decoded {
	q := decoded{op: b[0], id: byteorder.LEUint64(b[8:]), sector: byteorder.LEUint64(b[16:])}
	switch q.op {
	case opIndirect:
		q.indirectOp = b[1]
		q.nseg = int(byteorder.LEUint16(b[2:]))
		q.handle = byteorder.LEUint16(b[24:])
		for i := range hypercall.BlkifMaxIndirectPagesPerRequest {
			q.indirectGrefs = append(q.indirectGrefs, byteorder.LEUint32(b[28+4*i:]))
		}
	case opDiscard:
		q.flag = b[1]
		q.handle = byteorder.LEUint16(b[2:])
		q.nsect = byteorder.LEUint64(b[24:])
	default:
		q.nseg = int(b[1])
		q.handle = byteorder.LEUint16(b[2:])
		for i := 0; i < q.nseg && i < maxDirectSegs; i++ {
			q.segs = append(q.segs, getSegment(b[24+i*segmentSize:]))
		}
	}
	return q
}

func getSegment(b []byte) segment {
	return segment{gref: byteorder.LEUint32(b), first: b[4], last: b[5]}
}

// TestLayout checks the byte encodings against xen/hypercall's structs,
// whose layout is checked against Xen's C header.
func TestLayout(t *testing.T) {
	if want := max(unsafe.Sizeof(hypercall.BlkifRequest{}), unsafe.Sizeof(hypercall.BlkifResponse{})); entrySize != want {
		t.Errorf("entrySize %d, want %d", entrySize, want)
	}
	if n := ring.NewFront(make([]byte, pageSize), entrySize).Size(); n != hypercall.BlkifRingSize {
		t.Errorf("one-page ring of %d entries, want %d", n, hypercall.BlkifRingSize)
	}
	if segmentSize != unsafe.Sizeof(hypercall.BlkifRequestSegment{}) {
		t.Errorf("segmentSize %d", segmentSize)
	}
	// The entries are 8-aligned on a page, as the C structs are.
	b := make([]byte, entrySize+8)
	b = b[8-uintptr(unsafe.Pointer(&b[0]))%8:][:entrySize]

	segs := []segment{{gref: 0x01020304, first: 1, last: 6}, {gref: 0x0a0b0c0d, first: 0, last: 7}}
	putRW(b, opWrite, 0xcafe, 0x1122334455667788, 0x99aabbccddeeff00, segs)
	rw := (*hypercall.BlkifRequest)(unsafe.Pointer(&b[0]))
	if rw.Operation != hypercall.BlkifOpWrite || rw.NrSegments != 2 || rw.Handle != 0xcafe || rw.ID != 0x1122334455667788 ||
		rw.SectorNumber != 0x99aabbccddeeff00 || rw.Seg[0].Gref != 0x01020304 || rw.Seg[0].FirstSect != 1 || rw.Seg[0].LastSect != 6 ||
		rw.Seg[1].Gref != 0x0a0b0c0d || rw.Seg[1].LastSect != 7 {
		t.Errorf("blkif_request: %+v", *rw)
	}

	putIndirect(b, opRead, 0xbeef, 7, 9, 300, []uint32{0x55})
	ind := (*hypercall.BlkifRequestIndirect)(unsafe.Pointer(&b[0]))
	if ind.Operation != hypercall.BlkifOpIndirect || ind.IndirectOp != hypercall.BlkifOpRead || ind.NrSegments != 300 ||
		ind.ID != 7 || ind.SectorNumber != 9 || ind.Handle != 0xbeef || ind.IndirectGrefs[0] != 0x55 || ind.IndirectGrefs[1] != 0 {
		t.Errorf("blkif_request_indirect: %+v", *ind)
	}

	putDiscard(b, 3, 4, 5, 6, true)
	dis := (*hypercall.BlkifRequestDiscard)(unsafe.Pointer(&b[0]))
	if dis.Operation != hypercall.BlkifOpDiscard || dis.Flag != hypercall.BlkifDiscardSecure || dis.Handle != 3 || dis.ID != 4 ||
		dis.SectorNumber != 5 || dis.NrSectors != 6 {
		t.Errorf("blkif_request_discard: %+v", *dis)
	}

	response{id: 0xfedcba9876543210, op: opFlush, status: hypercall.BlkifRspEOPNOTSUPP}.put(b)
	rsp := (*hypercall.BlkifResponse)(unsafe.Pointer(&b[0]))
	if rsp.ID != 0xfedcba9876543210 || rsp.Operation != hypercall.BlkifOpFlushDiskcache || rsp.Status != hypercall.BlkifRspEOPNOTSUPP {
		t.Errorf("blkif_response: %+v", *rsp)
	}
	if got := getResponse(b); got != (response{id: 0xfedcba9876543210, op: opFlush, status: -2}) {
		t.Errorf("getResponse = %+v", got)
	}
}
