// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ring

import "errors"

// Grants are the grants a device made to its backend, ended together
// when the device closes or its setup fails halfway.
type Grants struct {
	grant func(page []byte, readOnly bool) (uint32, error)
	end   func(ref uint32) error
	refs  []uint32
}

// NewGrants makes an empty list that grants with grant and ends grants
// with end (gnttab.Grant to one domain and gnttab.Release in a guest).
func NewGrants(grant func(page []byte, readOnly bool) (uint32, error), end func(ref uint32) error) *Grants {
	return &Grants{grant: grant, end: end}
}

// Pages grants each page of pages (a whole number of aligned pages),
// writable unless readOnly, and returns the references in page order.
// After an error the pages granted so far stay on the list, for
// Release.
func (g *Grants) Pages(pages []byte, readOnly bool) ([]uint32, error) {
	refs := make([]uint32, 0, len(pages)/PageSize)
	for off := 0; off < len(pages); off += PageSize {
		r, err := g.grant(pages[off:off+PageSize:off+PageSize], readOnly)
		if err != nil {
			return nil, err
		}
		g.refs = append(g.refs, r)
		refs = append(refs, r)
	}
	return refs, nil
}

// Len is how many grants are on the list.
func (g *Grants) Len() int { return len(g.refs) }

// Forget empties the list without ending its grants: after a move to a
// new domain they are void, and their references may belong to another
// grant already.
func (g *Grants) Forget() { g.refs = nil }

// Release ends every grant on the list (as soon as the backend lets
// go of each page) and empties it.
func (g *Grants) Release() error {
	var err error
	for _, r := range g.refs {
		err = errors.Join(err, g.end(r))
	}
	g.refs = nil
	return err
}
