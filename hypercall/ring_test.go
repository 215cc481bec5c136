// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package hypercall

import (
	"math/bits"
	"testing"
)

func TestRingSize(t *testing.T) {
	tests := []struct {
		page, entry uintptr
		want        uint32
	}{
		{4096, 12, 256}, // netif tx: 336 fit
		{4096, 8, 256},  // netif rx: 504 fit
		{4096, 112, 32}, // blkif: 36 fit
		{4096, 4032, 1}, // exactly one
		{4096, 4033, 0}, // none
		{64, 8, 0},      // header only
		{0, 8, 0},
		{4096, 0, 0},
		{65536, 112, 512}, // 584 fit
		{1 << 40, 1, 1 << 31},
	}
	for _, tt := range tests {
		if got := RingSize(tt.page, tt.entry); got != tt.want {
			t.Errorf("RingSize(%d, %d) = %d, want %d", tt.page, tt.entry, got, tt.want)
		}
	}
	// The largest power of two that fits, for every entry size.
	for entry := uintptr(1); entry <= 4096; entry++ {
		n := RingSize(4096, entry)
		fit := (4096 - SringHeaderSize) / entry
		if n == 0 {
			if fit != 0 {
				t.Fatalf("RingSize(4096, %d) = 0, but %d fit", entry, fit)
			}
			continue
		}
		if bits.OnesCount32(n) != 1 || uintptr(n) > fit || uintptr(n)*2 <= fit {
			t.Fatalf("RingSize(4096, %d) = %d, %d fit", entry, n, fit)
		}
	}
	if NetifTxRingSize != RingSize(XenPageSize, 12) || BlkifRingSize != RingSize(XenPageSize, 112) {
		t.Error("ring size constants disagree with RingSize")
	}
}
