// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

import "testing"

func TestLowRAM(t *testing.T) {
	ram := func(a, n uint64) MemmapEntry { return MemmapEntry{Addr: a, Size: n, Type: MemmapRAM} }
	resv := MemmapEntry{Addr: 0x9f000, Size: 0x1000, Type: 2}
	for _, tc := range []struct {
		name       string
		m          []MemmapEntry
		lo, hi     uint64
		avoid      []uint64
		start, end uint64
	}{
		{"one RAM entry, clipped", []MemmapEntry{ram(0, 0x800000)}, 0x10000, 0x100000, nil, 0x10000, 0x100000},
		{"unaligned bounds", []MemmapEntry{ram(0, 0x800000)}, 0x10001, 0xfffff, nil, 0x11000, 0xff000},
		{"the larger piece around a reserved page", []MemmapEntry{ram(0, 0x9f000), resv, ram(0xa0000, 0x760000)}, 0x10000, 0x100000, nil, 0x10000, 0x9f000},
		{"ends below what Xen placed there", []MemmapEntry{ram(0, 0x800000)}, 0x10000, 0x100000, []uint64{0x80123, 0x200000}, 0x10000, 0x80000},
		{"no RAM there", []MemmapEntry{ram(0x100000, 0x700000)}, 0x10000, 0x100000, nil, 0, 0},
		{"not RAM", []MemmapEntry{{Addr: 0, Size: 0x800000, Type: 2}}, 0x10000, 0x100000, nil, 0, 0},
		{"less than a page", []MemmapEntry{ram(0x10000, 0x800)}, 0x10000, 0x100000, nil, 0, 0},
		{"an entry reaching the top", []MemmapEntry{ram(0x1000, ^uint64(0)-0x1000)}, 0x10000, 0x100000, nil, 0x10000, 0x100000},
	} {
		s, e := LowRAM(tc.m, tc.lo, tc.hi, tc.avoid)
		if s != tc.start || e != tc.end {
			t.Errorf("%s: LowRAM = [%#x, %#x), want [%#x, %#x)", tc.name, s, e, tc.start, tc.end)
		}
	}
}
