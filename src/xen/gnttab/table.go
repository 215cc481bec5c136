// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package gnttab

import (
	"errors"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"xen/hypercall"
)

// Ref is a grant reference: the index of an entry in the grant table.
type Ref = hypercall.GrantRef

// PageSize is the size of a page in the grant table's sense.
const PageSize = 4096

// EntriesPerFrame is how many version 1 entries one table frame holds.
const EntriesPerFrame = PageSize / int(unsafe.Sizeof(hypercall.GrantEntryV1{}))

var (
	// ErrInUse means the other domain still has the page mapped.
	ErrInUse = errors.New("gnttab: grant in use: the other domain still maps the page")
	// ErrFull means every entry the table can grow to is taken.
	ErrFull = errors.New("gnttab: grant table full")
	// ErrNotGranted means the reference is not one this table granted.
	ErrNotGranted = errors.New("gnttab: reference not granted")
	// ErrBadPage means the memory is not one whole, aligned page.
	ErrBadPage = errors.New("gnttab: not one page-aligned page")
)

// Table hands out entries of a version 1 grant table. Xen reads the
// entries; it also sets GTFReading and GTFWriting in them while another
// domain maps the page.
type Table struct {
	// Grow makes the table larger (maps one more frame) and returns all
	// of its entries; it fails when the table has its maximum size.
	Grow func() ([]hypercall.GrantEntryV1, error)

	mu       sync.Mutex
	entries  []hypercall.GrantEntryV1
	free     []Ref
	pages    map[Ref][]byte // granted pages, kept alive while granted
	pending  map[Ref]bool   // Released but still mapped by the other side
	retrying bool
}

// NewTable manages entries, whose first hypercall.GnttabNrReservedEntries
// belong to the toolstack.
func NewTable(entries []hypercall.GrantEntryV1, grow func() ([]hypercall.GrantEntryV1, error)) *Table {
	t := &Table{Grow: grow, pages: map[Ref][]byte{}, pending: map[Ref]bool{}}
	t.adopt(entries)
	return t
}

// adopt takes the entries not seen before as free.
func (t *Table) adopt(entries []hypercall.GrantEntryV1) {
	first := max(len(t.entries), hypercall.GnttabNrReservedEntries)
	for r := len(entries) - 1; r >= first; r-- {
		t.free = append(t.free, Ref(r))
	}
	t.entries = entries
}

// word is the entry's first 32 bits, flags and domain, which Xen and we
// change with atomic operations.
func (t *Table) word(r Ref) *uint32 {
	return (*uint32)(unsafe.Pointer(&t.entries[r]))
}

// GrantFrame lets domain dom map guest frame frame, read-only if asked.
// The caller keeps whatever is in the frame alive until the grant ends.
func (t *Table) GrantFrame(dom hypercall.DomID, frame uint64, readOnly bool) (Ref, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.grantLocked(dom, frame, readOnly)
}

func (t *Table) grantLocked(dom hypercall.DomID, frame uint64, readOnly bool) (Ref, error) {
	if frame > 1<<32-1 {
		return 0, errors.New("gnttab: frame number does not fit a version 1 entry")
	}
	if len(t.free) == 0 {
		if t.Grow == nil {
			return 0, ErrFull
		}
		entries, err := t.Grow()
		if err != nil {
			return 0, errors.Join(ErrFull, err)
		}
		t.adopt(entries)
		if len(t.free) == 0 {
			return 0, ErrFull
		}
	}
	r := t.free[len(t.free)-1]
	t.free = t.free[:len(t.free)-1]
	e := &t.entries[r]
	e.Frame = uint32(frame)
	flags := hypercall.GTFPermitAccess
	if readOnly {
		flags |= hypercall.GTFReadonly
	}
	// Xen may use the entry as soon as the flags say so: frame first,
	// then flags and domain in one store.
	atomic.StoreUint32(t.word(r), uint32(flags)|uint32(dom)<<16)
	return r, nil
}

// Grant lets domain dom map page, which must be one aligned page; the
// table keeps it alive until the grant ends.
func (t *Table) Grant(dom hypercall.DomID, page []byte, frame uint64, readOnly bool) (Ref, error) {
	if len(page) != PageSize || uintptr(unsafe.Pointer(unsafe.SliceData(page)))%PageSize != 0 {
		return 0, ErrBadPage
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	r, err := t.grantLocked(dom, frame, readOnly)
	if err == nil {
		t.pages[r] = page
	}
	return r, err
}

// Revoke ends grant r unless the other domain has the page mapped
// (ErrInUse: try again after it unmapped, or use Release).
func (t *Table) Revoke(r Ref) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.check(r); err != nil {
		return err
	}
	if t.pending[r] {
		return ErrInUse
	}
	if !t.end(r) {
		return ErrInUse
	}
	t.recycle(r)
	return nil
}

func (t *Table) check(r Ref) error {
	if int(r) < hypercall.GnttabNrReservedEntries || int(r) >= len(t.entries) {
		return ErrNotGranted
	}
	if hypercall.GrantFlags(atomic.LoadUint32(t.word(r)))&hypercall.GTFTypeMask == hypercall.GTFInvalid {
		return ErrNotGranted
	}
	return nil
}

// end clears the entry's flags unless Xen marks it mapped. The
// compare-and-swap makes sure Xen did not map it in between.
func (t *Table) end(r Ref) bool {
	p := t.word(r)
	for {
		w := atomic.LoadUint32(p)
		if hypercall.GrantFlags(w)&(hypercall.GTFReading|hypercall.GTFWriting) != 0 {
			return false
		}
		if atomic.CompareAndSwapUint32(p, w, w&^0xffff) {
			return true
		}
	}
}

func (t *Table) recycle(r Ref) {
	delete(t.pages, r)
	delete(t.pending, r)
	t.free = append(t.free, r)
}

// Release ends grant r now if it can, or else as soon as the other
// domain unmaps the page, checking every retryInterval. The page stays
// alive until then.
func (t *Table) Release(r Ref) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.check(r); err != nil {
		return err
	}
	if t.pending[r] {
		return nil
	}
	if t.end(r) {
		t.recycle(r)
		return nil
	}
	t.pending[r] = true
	if !t.retrying {
		t.retrying = true
		go t.retryReleases()
	}
	return nil
}

const retryInterval = 50 * time.Millisecond

func (t *Table) retryReleases() {
	for {
		time.Sleep(retryInterval)
		t.mu.Lock()
		for r := range t.pending {
			if t.end(r) {
				t.recycle(r)
			}
		}
		if len(t.pending) == 0 {
			t.retrying = false
			t.mu.Unlock()
			return
		}
		t.mu.Unlock()
	}
}

// Forget drops every grant, for a domain that moved (a restore, a
// migration): its new table holds none of them, so each reference
// handed out before is void and must not be ended (ring.Grants.Forget).
// The entries read as empty from now on.
func (t *Table) Forget() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for r := hypercall.GnttabNrReservedEntries; r < len(t.entries); r++ {
		atomic.StoreUint32(t.word(Ref(r)), 0)
		t.entries[r].Frame = 0
	}
	entries := t.entries
	t.entries, t.free = nil, t.free[:0]
	t.pages, t.pending = map[Ref][]byte{}, map[Ref]bool{}
	t.adopt(entries)
}

// Stats reports entries in use (granted or waiting for release),
// waiting for release, and the table's current size.
func (t *Table) Stats() (inUse, pendingRelease, size int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	size = len(t.entries)
	return size - hypercall.GnttabNrReservedEntries - len(t.free), len(t.pending), size
}

// opError is a failed grant-table operation and Xen's reason.
type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return "gnttab: " + e.op + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }
