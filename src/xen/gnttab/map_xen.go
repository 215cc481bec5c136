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

// holeSpace hands out pages of the physical hole for foreign mappings.
type holeSpace struct {
	mu   sync.Mutex
	next uintptr   // first never-used page
	end  uintptr   // end of the hole
	free []uintptr // pages used before and unmapped since
}

func (h *holeSpace) get() (uintptr, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n := len(h.free); n > 0 {
		a := h.free[n-1]
		h.free = h.free[:n-1]
		return a, nil
	}
	if h.next+PageSize > h.end {
		return 0, errors.New("gnttab: no guest-physical space left for mappings")
	}
	a := h.next
	h.next += PageSize
	return a, nil
}

func (h *holeSpace) put(a uintptr) {
	h.mu.Lock()
	h.free = append(h.free, a)
	h.mu.Unlock()
}

// Mapping is a page another domain granted, mapped into this one.
type Mapping struct {
	addr   uintptr
	handle hypercall.GrantHandle
	mu     sync.Mutex
	gone   bool
}

// Map maps the page domain dom granted as ref, read-only if asked.
func Map(dom hypercall.DomID, ref Ref, readOnly bool) (*Mapping, error) {
	if err := initTable(); err != nil {
		return nil, err
	}
	addr, err := hole.get()
	if err != nil {
		return nil, err
	}
	m := hypercall.GnttabMapGrantRef{
		HostAddr: uint64(addr),
		Flags:    hypercall.GntmapHostMap,
		Ref:      ref,
		Dom:      dom,
	}
	if readOnly {
		m.Flags |= hypercall.GntmapReadonly
	}
	if err := gnttabOp(hypercall.GnttabOpMapGrantRef, unsafe.Pointer(&m)); err != nil {
		hole.put(addr)
		return nil, errors.Join(errors.New("gnttab: map grant"), err)
	}
	if m.Status != hypercall.GrantStatusOkay {
		hole.put(addr)
		return nil, m.Status
	}
	return &Mapping{addr: addr, handle: m.Handle}, nil
}

// Bytes is the mapped page. It must not be used after Unmap.
func (m *Mapping) Bytes() []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(m.addr)), PageSize)
}

// Unmap ends the mapping; the other domain can then end its grant.
func (m *Mapping) Unmap() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.gone {
		return errors.New("gnttab: page already unmapped")
	}
	u := hypercall.GnttabUnmapGrantRef{HostAddr: uint64(m.addr), Handle: m.handle}
	if err := gnttabOp(hypercall.GnttabOpUnmapGrantRef, unsafe.Pointer(&u)); err != nil {
		return errors.Join(errors.New("gnttab: unmap grant"), err)
	}
	if u.Status != hypercall.GrantStatusOkay {
		return u.Status
	}
	m.gone = true
	hole.put(m.addr)
	return nil
}
