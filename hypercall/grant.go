// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=GnttabOp -trimprefix=GnttabOp
//go:generate go tool stringer -type=GrantStatus -trimprefix=GrantStatus

// GnttabOp is the command of OpGrantTableOp (GNTTABOP_*). The hypercall
// takes (cmd, pointer to an array of arguments, count).
type GnttabOp uint32

const (
	GnttabOpMapGrantRef     GnttabOp = 0 // GnttabMapGrantRef
	GnttabOpUnmapGrantRef   GnttabOp = 1 // GnttabUnmapGrantRef
	GnttabOpSetupTable      GnttabOp = 2 // GnttabSetupTable
	GnttabOpDumpTable       GnttabOp = 3
	GnttabOpTransfer        GnttabOp = 4
	GnttabOpCopy            GnttabOp = 5
	GnttabOpQuerySize       GnttabOp = 6 // GnttabQuerySize
	GnttabOpUnmapAndReplace GnttabOp = 7
	GnttabOpSetVersion      GnttabOp = 8
	GnttabOpGetStatusFrames GnttabOp = 9
	GnttabOpGetVersion      GnttabOp = 10
	GnttabOpSwapGrantRef    GnttabOp = 11
	GnttabOpCacheFlush      GnttabOp = 12
)

// GrantEntryV1 is struct grant_entry_v1, one slot of a version 1 grant
// table. Write Frame and Domid first, then Flags, with a barrier between:
// Xen may act as soon as Flags says GTFPermitAccess.
type GrantEntryV1 struct {
	Flags GrantFlags
	Domid DomID  // domain allowed to map or receive the frame
	Frame uint32 // frame granted (or, for transfers, received)
}

// GrantFlags is GrantEntryV1.Flags (GTF_*): a type in the low two bits
// plus flag bits.
type GrantFlags uint16

const (
	GTFInvalid        GrantFlags = 0
	GTFPermitAccess   GrantFlags = 1
	GTFAcceptTransfer GrantFlags = 2
	GTFTransitive     GrantFlags = 3
	GTFTypeMask       GrantFlags = 3

	GTFReadonly GrantFlags = 1 << 2 // for GTFPermitAccess
	GTFReading  GrantFlags = 1 << 3 // set by Xen while mapped for reading
	GTFWriting  GrantFlags = 1 << 4 // set by Xen while mapped for writing
	GTFPWT      GrantFlags = 1 << 5
	GTFPCD      GrantFlags = 1 << 6
	GTFPAT      GrantFlags = 1 << 7
	GTFSubPage  GrantFlags = 1 << 8

	// For GTFAcceptTransfer; these reuse bits 2 and 3.
	GTFTransferCommitted GrantFlags = 1 << 2
	GTFTransferCompleted GrantFlags = 1 << 3
)

// Grant references reserved for the toolstack (GNTTAB_RESERVED_*): it
// grants the console and xenstore pages to dom0 through them.
const (
	GnttabNrReservedEntries = 8
	GnttabReservedConsole   = 0
	GnttabReservedXenstore  = 1
)

// GntmapFlags is GnttabMapGrantRef.Flags (GNTMAP_*).
type GntmapFlags uint32

const (
	GntmapDeviceMap      GntmapFlags = 1 << 0
	GntmapHostMap        GntmapFlags = 1 << 1
	GntmapReadonly       GntmapFlags = 1 << 2
	GntmapApplicationMap GntmapFlags = 1 << 3
	GntmapContainsPTE    GntmapFlags = 1 << 4
)

// GrantStatus is the per-operation status of grant table ops (GNTST_*).
// Negative values are failures; it is an error so it can be returned.
type GrantStatus int16

// Error reports the status: "grant table: BadGntref".
func (s GrantStatus) Error() string { return "grant table: " + s.String() }

const (
	GrantStatusOkay             GrantStatus = 0
	GrantStatusGeneralError     GrantStatus = -1
	GrantStatusBadDomain        GrantStatus = -2
	GrantStatusBadGntref        GrantStatus = -3
	GrantStatusBadHandle        GrantStatus = -4
	GrantStatusBadVirtAddr      GrantStatus = -5
	GrantStatusBadDevAddr       GrantStatus = -6
	GrantStatusNoDeviceSpace    GrantStatus = -7
	GrantStatusPermissionDenied GrantStatus = -8
	GrantStatusBadPage          GrantStatus = -9
	GrantStatusBadCopyArg       GrantStatus = -10
	GrantStatusAddressTooBig    GrantStatus = -11
	GrantStatusEagain           GrantStatus = -12
	GrantStatusNoSpace          GrantStatus = -13
)

// GnttabSetupTable is struct gnttab_setup_table: ask for the machine frames
// of the first NrFrames grant table frames (PV guests; PVH guests map them
// with XenAddToPhysmap{Space: MapSpaceGrantTable}).
type GnttabSetupTable struct {
	Dom       DomID
	_         [2]byte // implicit
	NrFrames  uint32
	Status    GrantStatus // out
	_         [6]byte     // implicit: handles are 8-aligned
	FrameList GuestHandle // *uint64 (xen_pfn_t), NrFrames entries
}

// GnttabQuerySize is struct gnttab_query_size.
type GnttabQuerySize struct {
	Dom         DomID
	_           [2]byte     // implicit
	NrFrames    uint32      // out: frames in use
	MaxNrFrames uint32      // out: frames the table may grow to
	Status      GrantStatus // out
	_           [2]byte     // implicit tail padding
}

// GnttabMapGrantRef is struct gnttab_map_grant_ref (backends: map a
// frame another domain granted).
type GnttabMapGrantRef struct {
	HostAddr   uint64
	Flags      GntmapFlags
	Ref        GrantRef
	Dom        DomID
	Status     GrantStatus // out
	Handle     GrantHandle // out
	DevBusAddr uint64      // out
}

// GnttabUnmapGrantRef is struct gnttab_unmap_grant_ref.
type GnttabUnmapGrantRef struct {
	HostAddr   uint64
	DevBusAddr uint64
	Handle     GrantHandle
	Status     GrantStatus // out
	_          [2]byte     // implicit tail padding
}
