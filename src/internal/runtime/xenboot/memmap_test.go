// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot_test

import (
	. "internal/runtime/xenboot"
	"testing"
)

const (
	mib = 1 << 20
	gib = 1 << 30
	top = ^uint64(0)
)

// end returns the end of e, saturated at the top of the address space.
func end(e MemmapEntry) uint64 {
	if e.Size > top-e.Addr {
		return top
	}
	return e.Addr + e.Size
}

func ram(addr, size uint64) MemmapEntry { return MemmapEntry{Addr: addr, Size: size, Type: MemmapRAM} }
func rsv(addr, size uint64) MemmapEntry { return MemmapEntry{Addr: addr, Size: size, Type: 2} }

func TestFindHole(t *testing.T) {
	const ceiling = 0xfc000000
	for _, tc := range []struct {
		name   string
		m      []MemmapEntry
		from   uint64
		lo, hi uint64
	}{
		{"after RAM", []MemmapEntry{ram(0, 256*mib)}, 256 * mib, 256 * mib, ceiling},
		{"unaligned end", []MemmapEntry{ram(0, 255*mib+4096)}, 255*mib + 4096, 256 * mib, ceiling},
		{"reserved above", []MemmapEntry{ram(0, 256*mib), rsv(512*mib+100, 4096)}, 256 * mib, 256 * mib, 512 * mib},
		{"gap too small", []MemmapEntry{ram(0, 256*mib), rsv(257*mib, 4096), rsv(259*mib, mib)}, 256 * mib, 260 * mib, ceiling},
		{"inside reserved", []MemmapEntry{ram(0, 256*mib), rsv(256*mib, 64*mib)}, 256 * mib, 320 * mib, ceiling},
		{"none", []MemmapEntry{ram(0, 256*mib), rsv(256*mib, 4*gib)}, 256 * mib, 0, 0},
		// An entry that reaches the top of the address space once wrapped
		// around to low memory and the search looped for ever.
		{"entry to the top", []MemmapEntry{ram(0, 256*mib), rsv(3*gib, top-3*gib+1)}, 256 * mib, 256 * mib, 3 * gib},
		{"wrapping entry", []MemmapEntry{ram(0, 256*mib), rsv(300*mib, top)}, 256 * mib, 256 * mib, 300 * mib},
		{"wrapping over the start", []MemmapEntry{ram(0, 256*mib), rsv(100*mib, top-50*mib)}, 256 * mib, 0, 0},
		{"from near the top", []MemmapEntry{ram(0, 256*mib)}, top - 100, 0, 0},
		{"empty entries", []MemmapEntry{ram(0, 256*mib), rsv(300*mib, 0)}, 256 * mib, 256 * mib, ceiling},
	} {
		lo, hi := FindHole(tc.m, tc.from, ceiling)
		if lo != tc.lo || hi != tc.hi {
			t.Errorf("%s: [%#x, %#x), want [%#x, %#x)", tc.name, lo, hi, tc.lo, tc.hi)
		}
	}
}

func TestRAMEnd(t *testing.T) {
	m := []MemmapEntry{rsv(0, mib), ram(mib, 255*mib), ram(8*gib, 1*gib), rsv(300*mib, top)}
	for _, tc := range []struct{ addr, limit, want uint64 }{
		{2 * mib, 4 * gib, 256 * mib},
		{200 * mib, 100 * mib, 100 * mib},
		{512, 4 * gib, 0},       // reserved
		{300 * mib, 4 * gib, 0}, // reserved, wrapping
		{8*gib + 1, 16 * gib, 9 * gib},
	} {
		if got := RAMEnd(m, tc.addr, tc.limit); got != tc.want {
			t.Errorf("RAMEnd(%#x, %#x) = %#x, want %#x", tc.addr, tc.limit, got, tc.want)
		}
	}
	if got := RAMEnd([]MemmapEntry{ram(mib, top)}, 2*mib, top); got != top {
		t.Errorf("an entry to the top: end %#x", got)
	}
}

func TestRamdiskPlace(t *testing.T) {
	for _, tc := range []struct {
		name                          string
		src, n, bloc, ramEnd, minFree uint64
		dst                           uint64
		ok                            bool
	}{
		{"fits", 10 * mib, 5 * mib, 8 * mib, 256 * mib, 16 * mib, 251 * mib, true},
		{"unaligned", 10 * mib, 5*mib + 1, 8 * mib, 256 * mib, 16 * mib, 251*mib - 4096, true},
		{"overlapping move", 10 * mib, 100 * mib, 8 * mib, 130 * mib, 16 * mib, 30 * mib, true},
		{"below the image", 4 * mib, mib, 8 * mib, 256 * mib, 16 * mib, 0, false},
		{"past RAM", 250 * mib, 10 * mib, 8 * mib, 256 * mib, 16 * mib, 0, false},
		{"wrapping size", 10 * mib, top - 5*mib, 8 * mib, 256 * mib, 16 * mib, 0, false},
		{"too little left", 10 * mib, 200 * mib, 8 * mib, 220 * mib, 16 * mib, 0, false},
	} {
		dst, err := RamdiskPlace(tc.src, tc.n, tc.bloc, tc.ramEnd, tc.minFree)
		if (err == "") != tc.ok || dst != tc.dst {
			t.Errorf("%s: %#x %q, want %#x ok=%v", tc.name, dst, err, tc.dst, tc.ok)
		}
	}
}

func FuzzFindHole(f *testing.F) {
	f.Add(uint64(0), uint64(256*mib), uint64(3*gib), top-3*gib+1, uint64(256*mib))
	f.Add(uint64(0), uint64(256*mib), uint64(300*mib), top, uint64(256*mib))
	f.Fuzz(func(t *testing.T, a1, s1, a2, s2, from uint64) {
		const ceiling = 0xfc000000
		m := []MemmapEntry{ram(a1, s1), rsv(a2, s2)}
		lo, hi := FindHole(m, from, ceiling)
		if lo == 0 && hi == 0 {
			return
		}
		if lo%(2*mib) != 0 || lo < from || hi > ceiling || hi-lo < (2*mib) || hi < lo {
			t.Fatalf("hole [%#x, %#x) from %#x", lo, hi, from)
		}
		for _, e := range m {
			if e.Size != 0 && e.Addr < hi && lo < end(e) {
				t.Fatalf("hole [%#x, %#x) overlaps [%#x, %#x)", lo, hi, e.Addr, end(e))
			}
		}
	})
}

func FuzzRamdiskPlace(f *testing.F) {
	f.Add(uint64(10*mib), uint64(5*mib), uint64(8*mib), uint64(256*mib), uint64(16*mib))
	f.Fuzz(func(t *testing.T, src, n, bloc, ramEnd, minFree uint64) {
		dst, err := RamdiskPlace(src, n, bloc, ramEnd, minFree)
		if err != "" {
			return
		}
		if src < bloc || src+n < src || src+n > ramEnd || dst%4096 != 0 || dst < bloc || dst-bloc < minFree || dst+n > ramEnd || dst+n < dst {
			t.Fatalf("RamdiskPlace(%#x, %#x, %#x, %#x, %#x) = %#x", src, n, bloc, ramEnd, minFree, dst)
		}
	})
}

func TestRAMPages(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    []MemmapEntry
		want uint64
	}{
		{"none", nil, 0},
		{"one", []MemmapEntry{ram(0, 64*mib)}, 64 * mib / 4096},
		{"reserved left out", []MemmapEntry{ram(0, 0xa0000), rsv(0xa0000, 0x60000), ram(mib, 63*mib)}, (0xa0000 + 63*mib) / 4096},
		{"partial pages", []MemmapEntry{ram(100, 8192)}, 1},
		{"to the top", []MemmapEntry{ram(top-8191, 8191)}, 1},
		{"wraps", []MemmapEntry{ram(top-4095, 1<<20)}, 0},
	} {
		if got := RAMPages(tc.m); got != tc.want {
			t.Errorf("%s: RAMPages = %d, want %d", tc.name, got, tc.want)
		}
	}
}
