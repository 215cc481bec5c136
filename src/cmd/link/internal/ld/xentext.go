// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ld

// xenTextBase is where a xen image is linked: 1 MiB, the lowest
// address PVH kernels use, instead of ELF's usual 4 MiB. Xen loads the
// image at its link address and the RAM below it goes to the runtime's
// metadata, so 3 MiB more of a small domain are the heap's: the first
// 4 MiB-aligned heap arena starts at 4 MiB rather than 8 MiB.
const xenTextBase = 1 << 20

// TextBase is the default base of the text segment: def, or
// xenTextBase for a xen image.
func TextBase(def int64) int64 {
	if isXenImage() {
		return xenTextBase
	}
	return def
}
