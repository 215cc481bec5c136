// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package gnttab

import "unsafe"

// AllocPages returns n zeroed, page-aligned pages of ordinary memory,
// for granting one page at a time (page i is [i*PageSize:(i+1)*PageSize]).
func AllocPages(n int) []byte {
	b := make([]byte, (n+1)*PageSize)
	off := int(-uintptr(unsafe.Pointer(unsafe.SliceData(b))) & (PageSize - 1))
	return b[off : off+n*PageSize : off+n*PageSize]
}
