// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package gnttab

import (
	"errors"
	"sync"
	"unsafe"

	"xen/hypercall"
	"xen/internal/lifecycle"
	"xen/internal/xencall"
)

// The domain's grant table: its frames sit at the start of the physical
// hole (xencall.PhysHole), mapped one at a time as the table grows; the
// rest of the hole takes other domains' pages mapped with Map.

var (
	setup    sync.Once
	setupErr error
	table    *Table
	hole     holeSpace
	frames   []hypercall.GrantEntryV1 // all frames the table may grow to
	nframes  int                      // frames mapped so far
	maxFrame int
)

func gnttabOp(cmd hypercall.GnttabOp, arg unsafe.Pointer) error {
	_, err := callGnttab(cmd, arg, 1)
	return err
}

func callGnttab(cmd hypercall.GnttabOp, args unsafe.Pointer, n int) (uintptr, error) {
	return xencall.Call(hypercall.OpGrantTableOp, uintptr(cmd), uintptr(args), uintptr(n), 0, 0)
}

func initTable() error {
	setup.Do(func() {
		q := hypercall.GnttabQuerySize{Dom: hypercall.DomIDSelf}
		if err := gnttabOp(hypercall.GnttabOpQuerySize, unsafe.Pointer(&q)); err != nil {
			setupErr = &opError{"query size", err}
			return
		}
		if q.Status != hypercall.GrantStatusOkay {
			setupErr = &opError{"query size", q.Status}
			return
		}
		lo, hi := xencall.PhysHole()
		maxFrame = int(q.MaxNrFrames)
		if hi-lo < uintptr(maxFrame+16)*PageSize {
			setupErr = errors.New("gnttab: no free guest-physical space for the grant table")
			return
		}
		frames = unsafe.Slice((*hypercall.GrantEntryV1)(unsafe.Pointer(lo)), maxFrame*EntriesPerFrame)
		hole = holeSpace{next: lo + uintptr(maxFrame)*PageSize, end: hi}
		// Map the frames the table has already (the toolstack's
		// entries are in frame 0).
		for nframes < max(int(q.NrFrames), 1) {
			if err := mapFrame(); err != nil {
				setupErr = err
				return
			}
		}
		table = NewTable(frames[:nframes*EntriesPerFrame], growTable)
		lifecycle.Register("gnttab", suspender{})
	})
	return setupErr
}

// suspender takes the table through suspends: in a new domain its
// frames are mapped again and every grant is void; the devices that
// follow a suspend grant their pages again, the others refuse it.
type suspender struct{}

func (suspender) Suspend() error { return nil }

func (suspender) Resume(moved bool) {
	if !moved {
		return
	}
	for i := range nframes {
		if err := addFrame(i); err != nil {
			panic("gnttab: mapping the table again after a move: " + err.Error())
		}
	}
	table.Forget()
}

// mapFrame maps table frame nframes at its place in the hole; Xen grows
// the table when the frame is new.
func mapFrame() error {
	if nframes >= maxFrame {
		return errors.New("gnttab: table at its maximum size")
	}
	if err := addFrame(nframes); err != nil {
		return err
	}
	nframes++
	return nil
}

// addFrame maps table frame i at its place in the hole.
func addFrame(i int) error {
	a := hypercall.XenAddToPhysmap{
		Domid: hypercall.DomIDSelf,
		Space: hypercall.MapSpaceGrantTable,
		Idx:   uint64(i),
		GPFN:  uint64(uintptr(unsafe.Pointer(&frames[i*EntriesPerFrame])) / PageSize),
	}
	if _, err := xencall.Call(hypercall.OpMemoryOp, uintptr(hypercall.MemOpAddToPhysmap), uintptr(unsafe.Pointer(&a)), 0, 0, 0); err != nil {
		return &opError{"map table frame", err}
	}
	return nil
}

func growTable() ([]hypercall.GrantEntryV1, error) {
	if err := mapFrame(); err != nil {
		return nil, err
	}
	return frames[:nframes*EntriesPerFrame], nil
}

// Frame is the guest frame number of the page holding p (the runtime
// identity-maps memory).
func Frame(p unsafe.Pointer) uint64 { return uint64(uintptr(p) / PageSize) }

// Grant lets domain dom map page (one aligned page, as from AllocPages),
// writable unless readOnly. The page stays alive until the grant ends.
func Grant(dom hypercall.DomID, page []byte, readOnly bool) (Ref, error) {
	if err := initTable(); err != nil {
		return 0, err
	}
	return table.Grant(dom, page, Frame(unsafe.Pointer(unsafe.SliceData(page))), readOnly)
}

// Revoke ends a grant. It fails with ErrInUse while the other domain
// has the page mapped.
func Revoke(r Ref) error {
	if err := initTable(); err != nil {
		return err
	}
	return table.Revoke(r)
}

// Release ends a grant as soon as the other domain has unmapped it.
func Release(r Ref) error {
	if err := initTable(); err != nil {
		return err
	}
	return table.Release(r)
}

// Stats reports grants in use, grants waiting for the other domain to
// unmap them, and the table's size in entries.
func Stats() (inUse, pendingRelease, size int) {
	if initTable() != nil {
		return 0, 0, 0
	}
	return table.Stats()
}
