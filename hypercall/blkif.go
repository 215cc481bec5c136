// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=BlkifOp -trimprefix=BlkifOp

// Block frontend/backend ring entries (io/blkif.h).

// BlkifRingSize is RingSize(XenPageSize, size of a blkif entry) for a
// one-page ring.
const BlkifRingSize = 32

// BlkifOp is BlkifRequest.Operation (BLKIF_OP_*).
type BlkifOp uint8

const (
	BlkifOpRead           BlkifOp = 0
	BlkifOpWrite          BlkifOp = 1
	BlkifOpWriteBarrier   BlkifOp = 2
	BlkifOpFlushDiskcache BlkifOp = 3
	BlkifOpReserved1      BlkifOp = 4
	BlkifOpDiscard        BlkifOp = 5 // BlkifRequestDiscard
	BlkifOpIndirect       BlkifOp = 6 // BlkifRequestIndirect
)

// Protocol limits.
const (
	BlkifMaxSegmentsPerRequest      = 11 // direct segments in a BlkifRequest
	BlkifMaxIndirectPagesPerRequest = 8
)

// BlkifRequestSegment is struct blkif_request_segment: sectors
// FirstSect..LastSect (512-byte units, inclusive) of a granted page.
type BlkifRequestSegment struct {
	Gref      GrantRef
	FirstSect uint8
	LastSect  uint8
	_         [2]byte // implicit tail padding
}

// BlkifRequest is struct blkif_request (read, write, flush, barrier).
type BlkifRequest struct {
	Operation    BlkifOp
	NrSegments   uint8
	Handle       uint16  // blkif_vdev_t
	_            [4]byte // implicit: ID is 8-aligned
	ID           uint64  // echoed in the response
	SectorNumber uint64  // blkif_sector_t, 512-byte units
	Seg          [BlkifMaxSegmentsPerRequest]BlkifRequestSegment
}

// BlkifRequestDiscard is struct blkif_request_discard.
type BlkifRequestDiscard struct {
	Operation    BlkifOp // BlkifOpDiscard
	Flag         uint8   // BlkifDiscardSecure
	Handle       uint16
	_            [4]byte // implicit
	ID           uint64
	SectorNumber uint64
	NrSectors    uint64
}

// BlkifDiscardSecure in BlkifRequestDiscard.Flag asks for a secure erase.
const BlkifDiscardSecure = 1 << 0

// BlkifRequestIndirect is struct blkif_request_indirect (x86_64 layout:
// i386 appends an explicit pad instead of the implicit one here).
type BlkifRequestIndirect struct {
	Operation     BlkifOp // BlkifOpIndirect
	IndirectOp    BlkifOp // BlkifOpRead or BlkifOpWrite
	NrSegments    uint16
	_             [4]byte // implicit
	ID            uint64
	SectorNumber  uint64
	Handle        uint16
	_             [2]byte // implicit
	IndirectGrefs [BlkifMaxIndirectPagesPerRequest]GrantRef
	_             [4]byte // implicit tail padding to 64
}

// BlkifResponse is struct blkif_response.
type BlkifResponse struct {
	ID        uint64
	Operation BlkifOp
	_         byte    // implicit
	Status    int16   // BlkifRsp*
	_         [4]byte // implicit tail padding
}

// Response statuses (BLKIF_RSP_*).
const (
	BlkifRspEOPNOTSUPP = -2
	BlkifRspError      = -1
	BlkifRspOkay       = 0
)

// Bits of the backend's "info" node (VDISK_*).
const (
	VdiskCDROM     = 0x1
	VdiskRemovable = 0x2
	VdiskReadonly  = 0x4
)
