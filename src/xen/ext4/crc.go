// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

// The CRCs are computed here rather than with hash/crc32: on xen, os
// imports this package (through xen/mount), so hash/crc32 would sit
// below os there, and its own internal tests, which import testing
// and so os, could no longer build for xen.

// castagnoliPoly is the Castagnoli polynomial, reflected.
const castagnoliPoly = 0x82f63b78

// crcTables[k][b] advances a CRC over byte b and then k zero bytes:
// eight lookups take eight bytes at once (slicing-by-8).
var crcTables = func() (t [8][256]uint32) {
	for i := range 256 {
		c := uint32(i)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ castagnoliPoly
			} else {
				c >>= 1
			}
		}
		t[0][i] = c
	}
	for i := range 256 {
		for k := 1; k < 8; k++ {
			t[k][i] = t[0][t[k-1][i]&0xff] ^ t[k-1][i]>>8
		}
	}
	return t
}()

// crc32c is the kernel's crc32c_le: no inversion on entry or exit, so
// a running value can be chained the way ext4 and jbd2 chain it.
func crc32c(crc uint32, p []byte) uint32 {
	t := &crcTables
	for len(p) >= 8 {
		x := crc ^ le32(p, 0)
		crc = t[7][x&0xff] ^ t[6][x>>8&0xff] ^ t[5][x>>16&0xff] ^ t[4][x>>24] ^
			t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]]
		p = p[8:]
	}
	for _, b := range p {
		crc = t[0][byte(crc)^b] ^ crc>>8
	}
	return crc
}

// crc16 is the CRC-16 (polynomial 0x8005, reflected) that uninit_bg
// (gdt_csum) file systems use for group descriptors.
func crc16(crc uint16, p []byte) uint16 {
	for _, b := range p {
		crc ^= uint16(b)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0xa001
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}
