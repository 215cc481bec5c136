// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ringtest

import (
	"errors"
	"sync"

	"xen/hypercall"
)

// Grants is a grant table as a map: the backend's view of the pages the
// frontend granted. Its Grant and End fit ring.NewGrants.
type Grants struct {
	mu       sync.Mutex
	pages    map[uint32][]byte
	readOnly map[uint32]bool
	next     uint32
	// FailAfter, if positive, makes the grant after that many fail.
	FailAfter int
	granted   int
}

// NewGrants makes an empty table; references start after the
// toolstack's reserved ones, as in a guest.
func NewGrants() *Grants {
	return &Grants{pages: map[uint32][]byte{}, readOnly: map[uint32]bool{}, next: hypercall.GnttabNrReservedEntries}
}

// ErrFull is what Grant returns once FailAfter grants were made.
var ErrFull = errors.New("ringtest: grant table full")

// Grant records page under a new reference.
func (g *Grants) Grant(page []byte, readOnly bool) (uint32, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.FailAfter > 0 && g.granted >= g.FailAfter {
		return 0, ErrFull
	}
	if len(page) != hypercall.XenPageSize {
		return 0, errors.New("ringtest: grant of a partial page")
	}
	g.granted++
	r := g.next
	g.next++
	g.pages[r], g.readOnly[r] = page, readOnly
	return r, nil
}

// End forgets a reference.
func (g *Grants) End(r uint32) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.pages[r]; !ok {
		return errors.New("ringtest: end of a reference not granted")
	}
	delete(g.pages, r)
	delete(g.readOnly, r)
	return nil
}

// Page is the page granted under r, or nil; readOnly says how.
func (g *Grants) Page(r uint32) (page []byte, readOnly bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.pages[r], g.readOnly[r]
}

// Live is how many grants have not ended.
func (g *Grants) Live() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.pages)
}
