// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The internal tests run on linux: on xen, os imports this package (for
// xen/mount), and testing imports os.
//go:build !xen

package gnttab

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"xen/hypercall"
)

// fakeXen stands for the hypervisor: it marks entries mapped the way Xen
// does, with an atomic update of the flags.
func mapEntry(e *hypercall.GrantEntryV1, bit hypercall.GrantFlags) {
	p := (*uint32)(unsafe.Pointer(e))
	for {
		w := atomic.LoadUint32(p)
		if atomic.CompareAndSwapUint32(p, w, w|uint32(bit)) {
			return
		}
	}
}

func unmapEntry(e *hypercall.GrantEntryV1, bit hypercall.GrantFlags) {
	p := (*uint32)(unsafe.Pointer(e))
	for {
		w := atomic.LoadUint32(p)
		if atomic.CompareAndSwapUint32(p, w, w&^uint32(bit)) {
			return
		}
	}
}

func newTestTable(frames, maxFrames int) (*Table, *[]hypercall.GrantEntryV1) {
	all := make([]hypercall.GrantEntryV1, maxFrames*EntriesPerFrame)
	n := frames
	cur := all[:n*EntriesPerFrame]
	t := NewTable(cur, func() ([]hypercall.GrantEntryV1, error) {
		if n == maxFrames {
			return nil, errors.New("at maximum")
		}
		n++
		cur = all[:n*EntriesPerFrame]
		return cur, nil
	})
	return t, &cur
}

func TestGrantWritesEntry(t *testing.T) {
	tab, entries := newTestTable(1, 1)
	page := AllocPages(1)
	r, err := tab.Grant(7, page, 0x12345, false)
	if err != nil {
		t.Fatal(err)
	}
	if r < hypercall.GnttabNrReservedEntries {
		t.Fatalf("granted reserved entry %d", r)
	}
	e := (*entries)[r]
	if e.Flags != hypercall.GTFPermitAccess || e.Domid != 7 || e.Frame != 0x12345 {
		t.Fatalf("entry = %+v", e)
	}
	r2, err := tab.Grant(8, AllocPages(1), 0x1, true)
	if err != nil {
		t.Fatal(err)
	}
	if r2 == r {
		t.Fatalf("same ref twice")
	}
	if e := (*entries)[r2]; e.Flags != hypercall.GTFPermitAccess|hypercall.GTFReadonly || e.Domid != 8 {
		t.Fatalf("read-only entry = %+v", e)
	}
}

func TestGrantRejectsBadPages(t *testing.T) {
	tab, _ := newTestTable(1, 1)
	p := AllocPages(2)
	for _, page := range [][]byte{p[1:PageSize], p[1 : PageSize+1], p[:2*PageSize], nil} {
		if _, err := tab.Grant(1, page, 1, false); err != ErrBadPage {
			t.Errorf("Grant(len %d) = %v, want ErrBadPage", len(page), err)
		}
	}
	if _, err := tab.GrantFrame(1, 1<<32, false); err == nil {
		t.Errorf("frame beyond 32 bits granted")
	}
}

func TestRevokeInUse(t *testing.T) {
	tab, entries := newTestTable(1, 1)
	r, err := tab.Grant(3, AllocPages(1), 9, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, bit := range []hypercall.GrantFlags{hypercall.GTFReading, hypercall.GTFWriting} {
		mapEntry(&(*entries)[r], bit)
		if err := tab.Revoke(r); err != ErrInUse {
			t.Fatalf("Revoke of a mapped grant = %v, want ErrInUse", err)
		}
		if (*entries)[r].Flags&hypercall.GTFPermitAccess == 0 {
			t.Fatalf("failed revoke changed the entry: %+v", (*entries)[r])
		}
		unmapEntry(&(*entries)[r], bit)
	}
	if err := tab.Revoke(r); err != nil {
		t.Fatalf("Revoke after unmap: %v", err)
	}
	if (*entries)[r].Flags != 0 {
		t.Fatalf("revoked entry still has flags %#x", (*entries)[r].Flags)
	}
	if err := tab.Revoke(r); err != ErrNotGranted {
		t.Fatalf("second Revoke = %v, want ErrNotGranted", err)
	}
	for _, bad := range []Ref{0, 1, hypercall.GnttabNrReservedEntries - 1, Ref(EntriesPerFrame), 1 << 30} {
		if err := tab.Revoke(bad); err != ErrNotGranted {
			t.Errorf("Revoke(%d) = %v, want ErrNotGranted", bad, err)
		}
	}
}

func TestReleaseWaitsForUnmap(t *testing.T) {
	tab, entries := newTestTable(1, 1)
	r, err := tab.Grant(3, AllocPages(1), 9, false)
	if err != nil {
		t.Fatal(err)
	}
	mapEntry(&(*entries)[r], hypercall.GTFWriting)
	if err := tab.Release(r); err != nil {
		t.Fatal(err)
	}
	if err := tab.Release(r); err != nil {
		t.Fatalf("second Release: %v", err)
	}
	if err := tab.Revoke(r); err != ErrInUse {
		t.Fatalf("Revoke while release pending = %v, want ErrInUse", err)
	}
	if inUse, pending, _ := tab.Stats(); inUse != 1 || pending != 1 {
		t.Fatalf("Stats = %d in use, %d pending; want 1, 1", inUse, pending)
	}
	time.Sleep(3 * retryInterval)
	if _, pending, _ := tab.Stats(); pending != 1 {
		t.Fatalf("released while still mapped")
	}
	unmapEntry(&(*entries)[r], hypercall.GTFWriting)
	deadline := time.Now().Add(5 * time.Second)
	for {
		inUse, pending, _ := tab.Stats()
		if inUse == 0 && pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not released after unmap: %d in use, %d pending", inUse, pending)
		}
		time.Sleep(retryInterval)
	}
	if (*entries)[r].Flags != 0 {
		t.Fatalf("released entry has flags %#x", (*entries)[r].Flags)
	}
}

func TestGrowAndFull(t *testing.T) {
	tab, _ := newTestTable(1, 2)
	want := 2*EntriesPerFrame - hypercall.GnttabNrReservedEntries
	seen := map[Ref]bool{}
	for i := 0; i < want; i++ {
		r, err := tab.GrantFrame(1, uint64(i), false)
		if err != nil {
			t.Fatalf("grant %d: %v", i, err)
		}
		if seen[r] || r < hypercall.GnttabNrReservedEntries || int(r) >= 2*EntriesPerFrame {
			t.Fatalf("grant %d got ref %d", i, r)
		}
		seen[r] = true
	}
	if _, err := tab.GrantFrame(1, 0, false); !errors.Is(err, ErrFull) {
		t.Fatalf("grant beyond the maximum = %v, want ErrFull", err)
	}
	if _, _, size := tab.Stats(); size != 2*EntriesPerFrame {
		t.Fatalf("size %d", size)
	}
	for r := range seen {
		if err := tab.Revoke(r); err != nil {
			t.Fatal(err)
		}
	}
	if inUse, _, _ := tab.Stats(); inUse != 0 {
		t.Fatalf("%d in use after revoking all", inUse)
	}
}

func TestConcurrentGrantRevoke(t *testing.T) {
	tab, entries := newTestTable(1, 4)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				r, err := tab.GrantFrame(hypercall.DomID(g), uint64(i), false)
				if err != nil {
					t.Error(err)
					return
				}
				if e := (*entries)[r]; e.Domid != hypercall.DomID(g) || e.Frame != uint32(i) {
					t.Errorf("entry %d = %+v, changed under its owner", r, e)
				}
				if err := tab.Revoke(r); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestAllocPagesAligned(t *testing.T) {
	for n := 1; n < 5; n++ {
		p := AllocPages(n)
		if len(p) != n*PageSize || cap(p) != n*PageSize {
			t.Fatalf("AllocPages(%d): len %d cap %d", n, len(p), cap(p))
		}
		if uintptr(unsafe.Pointer(&p[0]))%PageSize != 0 {
			t.Fatalf("AllocPages(%d) not aligned", n)
		}
	}
}

// After a move, Forget leaves every entry but the toolstack's free and
// empty, including one still mapped and one waiting for release, and the
// table grants all of them again.
func TestForget(t *testing.T) {
	tab, entries := newTestTable(1, 2)
	var refs []Ref
	for range EntriesPerFrame + 3 { // into the second frame
		r, err := tab.Grant(5, AllocPages(1), 1, false)
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r)
	}
	(*entries)[refs[0]].Flags |= hypercall.GTFWriting
	if err := tab.Release(refs[0]); err != nil {
		t.Fatal(err)
	}
	(*entries)[0] = hypercall.GrantEntryV1{Flags: hypercall.GTFPermitAccess, Frame: 77} // the toolstack's
	tab.Forget()
	for r, e := range *entries {
		if r >= hypercall.GnttabNrReservedEntries && e != (hypercall.GrantEntryV1{}) {
			t.Fatalf("entry %d = %+v after Forget", r, e)
		}
	}
	if e := (*entries)[0]; e.Frame != 77 {
		t.Errorf("Forget changed the toolstack's entry 0: %+v", e)
	}
	if inUse, pending, size := tab.Stats(); inUse != 0 || pending != 0 || size != 2*EntriesPerFrame {
		t.Errorf("Stats = %d in use, %d pending, size %d; want 0, 0, %d", inUse, pending, size, 2*EntriesPerFrame)
	}
	for range 2*EntriesPerFrame - hypercall.GnttabNrReservedEntries {
		if _, err := tab.Grant(6, AllocPages(1), 2, false); err != nil {
			t.Fatalf("Grant after Forget: %v", err)
		}
	}
	if _, err := tab.Grant(6, AllocPages(1), 2, false); err == nil {
		t.Errorf("more grants than entries after Forget")
	}
}
