// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ring

import (
	"xen/gnttab"
	"xen/hypercall"
)

// GrantsTo makes an empty list of grants to domain dom.
func GrantsTo(dom hypercall.DomID) *Grants {
	return NewGrants(func(page []byte, readOnly bool) (uint32, error) {
		r, err := gnttab.Grant(dom, page, readOnly)
		return uint32(r), err
	}, func(r uint32) error { return gnttab.Release(gnttab.Ref(r)) })
}
