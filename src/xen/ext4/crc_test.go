// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

// TestCRC32C: crc32c agrees with hash/crc32's Castagnoli CRC, for every
// length up to 100 and any running value, at any alignment.
func TestCRC32C(t *testing.T) {
	tab := crc32.MakeTable(crc32.Castagnoli)
	r := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 200)
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	for n := 0; n <= 100; n++ {
		for _, start := range []int{0, 1, 3, 7} {
			p := buf[start : start+n]
			seed := r.Uint32()
			if got, want := crc32c(seed, p), ^crc32.Update(^seed, tab, p); got != want {
				t.Fatalf("crc32c(%#x, %d bytes at %d) = %#x, want %#x", seed, n, start, got, want)
			}
		}
	}
}
