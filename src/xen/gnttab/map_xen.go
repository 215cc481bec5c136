// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package gnttab

import (
	"errors"
	"sync"
	"unsafe"

	"xen/hypercall"
)

// holeSpace hands out runs of pages of the physical hole for mappings of
// other domains' pages.
type holeSpace struct {
	mu   sync.Mutex
	next uintptr           // first never-used page
	end  uintptr           // end of the hole
	free map[int][]uintptr // runs unmapped since, by length in pages
}

func (h *holeSpace) get(n int) (uintptr, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if runs := h.free[n]; len(runs) > 0 {
		a := runs[len(runs)-1]
		h.free[n] = runs[:len(runs)-1]
		return a, nil
	}
	size := uintptr(n) * PageSize
	if n <= 0 || h.next+size > h.end || h.next+size < h.next {
		return 0, errors.New("gnttab: no guest-physical space left for mappings")
	}
	a := h.next
	h.next += size
	return a, nil
}

func (h *holeSpace) put(a uintptr, n int) {
	h.mu.Lock()
	if h.free == nil {
		h.free = map[int][]uintptr{}
	}
	h.free[n] = append(h.free[n], a)
	h.mu.Unlock()
}

// Mapping is pages another domain granted, mapped into this one one
// after the other.
type Mapping struct {
	addr    uintptr
	handles []hypercall.GrantHandle
	mu      sync.Mutex
	gone    bool
}

// Map maps the page domain dom granted as ref, read-only if asked.
func Map(dom hypercall.DomID, ref Ref, readOnly bool) (*Mapping, error) {
	return MapPages(dom, []Ref{ref}, readOnly)
}

// MapPages maps the pages domain dom granted as refs, in order, at
// consecutive addresses. It maps all of them or none.
func MapPages(dom hypercall.DomID, refs []Ref, readOnly bool) (*Mapping, error) {
	if err := initTable(); err != nil {
		return nil, err
	}
	if len(refs) == 0 {
		return nil, errors.New("gnttab: nothing to map")
	}
	addr, err := hole.get(len(refs))
	if err != nil {
		return nil, err
	}
	ops := make([]hypercall.GnttabMapGrantRef, len(refs))
	for i, r := range refs {
		ops[i] = hypercall.GnttabMapGrantRef{
			HostAddr: uint64(addr + uintptr(i)*PageSize),
			Flags:    hypercall.GntmapHostMap,
			Ref:      r,
			Dom:      dom,
		}
		if readOnly {
			ops[i].Flags |= hypercall.GntmapReadonly
		}
	}
	err = gnttabOps(hypercall.GnttabOpMapGrantRef, unsafe.Pointer(&ops[0]), len(ops))
	m := &Mapping{addr: addr}
	for _, op := range ops {
		if err == nil && op.Status != hypercall.GrantStatusOkay {
			err = op.Status
		}
		if op.Status == hypercall.GrantStatusOkay {
			m.handles = append(m.handles, op.Handle)
		} else {
			m.handles = append(m.handles, badHandle)
		}
	}
	if err != nil {
		m.unmap() // the ones that did map
		hole.put(addr, len(refs))
		return nil, &opError{"map grant", err}
	}
	return m, nil
}

// badHandle marks a page of a Mapping that did not map.
const badHandle = ^hypercall.GrantHandle(0)

func gnttabOps(cmd hypercall.GnttabOp, args unsafe.Pointer, n int) error {
	_, err := callGnttab(cmd, args, n)
	return err
}

// Bytes is the mapped memory. It must not be used after Unmap.
func (m *Mapping) Bytes() []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(m.addr)), len(m.handles)*PageSize)
}

// Unmap ends the mapping; the other domain can then end its grants.
func (m *Mapping) Unmap() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gone {
		return errors.New("gnttab: pages already unmapped")
	}
	if err := m.unmap(); err != nil {
		return err
	}
	m.gone = true
	hole.put(m.addr, len(m.handles))
	return nil
}

// Forget drops the mapping without unmapping it, for a domain that moved
// (xl restore, xl migrate): the new domain has no such mapping, and its
// place in the hole is free again. The memory must not be used after.
func (m *Mapping) Forget() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.gone {
		m.gone = true
		hole.put(m.addr, len(m.handles))
	}
}

func (m *Mapping) unmap() error {
	var ops []hypercall.GnttabUnmapGrantRef
	for i, h := range m.handles {
		if h != badHandle {
			ops = append(ops, hypercall.GnttabUnmapGrantRef{HostAddr: uint64(m.addr + uintptr(i)*PageSize), Handle: h})
		}
	}
	if len(ops) == 0 {
		return nil
	}
	if err := gnttabOps(hypercall.GnttabOpUnmapGrantRef, unsafe.Pointer(&ops[0]), len(ops)); err != nil {
		return &opError{"unmap grant", err}
	}
	for _, op := range ops {
		if op.Status != hypercall.GrantStatusOkay {
			return &opError{"unmap grant", op.Status}
		}
	}
	return nil
}
