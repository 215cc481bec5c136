// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

// LowRAM returns the largest page-aligned range [start, end) inside
// [lo, hi) that one RAM entry of the map covers and that ends at or
// below every address of avoid inside it (things Xen placed there, such
// as the start info, whose sizes are not all known); start == end if
// there is none. The runtime gives that RAM below the image to its
// allocator of metadata, which would otherwise push the first heap
// arena up past the end of a small domain.
func LowRAM(entries []MemmapEntry, lo, hi uint64, avoid []uint64) (start, end uint64) {
	for i := range entries {
		e := &entries[i]
		if e.Type != MemmapRAM {
			continue
		}
		s, t := max(e.Addr, lo), min(e.end(), hi)
		for _, a := range avoid {
			if s <= a && a < t {
				t = a
			}
		}
		s, ok := alignUp(s, page4K)
		t &^= page4K - 1
		if ok && s < t && t-s > end-start {
			start, end = s, t
		}
	}
	return start, end
}
