// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vchan

import (
	"encoding/binary"
	"errors"
	"testing"
	"time"
	"unsafe"

	"xen/internal/ring/ringtest"
)

// FuzzClientLayout feeds hostile control pages to a client: it must
// refuse them or describe rings that fit.
func FuzzClientLayout(f *testing.F) {
	page := make([]byte, pageSize)
	serverInit(page, 16, 12, make([]uint32, 17))
	f.Add(page[:64])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, head []byte) {
		page := make([]byte, pageSize)
		copy(page, head)
		l, r, lg, rg, err := clientLayout(page)
		if err != nil {
			if !errors.Is(err, ErrBadLayout) {
				t.Fatalf("error %v is not ErrBadLayout", err)
			}
			return
		}
		if len(lg) != ringPages(l) || len(rg) != ringPages(r) {
			t.Fatalf("grant counts %d %d for orders %d %d", len(lg), len(rg), l, r)
		}
		for _, o := range []int{l, r} {
			if o < pageShift {
				ring := inPageRing(page, o)
				if len(ring) != 1<<o || offGrants+4*(len(lg)+len(rg)) > inPageOffset(o) {
					t.Fatalf("in-page ring of order %d overlaps the header or grants", o)
				}
			}
		}
	})
}

// FuzzIndices lets the other end write any ring indices: Read and Write
// must return data within the ring or ErrRingCorrupt, never panic or
// block forever.
func FuzzIndices(f *testing.F) {
	f.Add(uint32(0), uint32(0), uint32(0), uint32(0), 10)
	f.Add(uint32(1<<31), uint32(0), uint32(5000), uint32(0xffffffff), 7000)
	f.Add(uint32(0xfffffff0), uint32(0xfffffff0), uint32(3), uint32(0), 1)
	f.Fuzz(func(t *testing.T, lc, lp, rc, rp uint32, n int) {
		if n < 1 || n > 1<<14 {
			n = 1 + (n&0x3fff+0x3fff)%(1<<14)
		}
		page := make([]byte, pageSize)
		serverInit(page, 12, 12, []uint32{8, 9})
		clientConnect(page)
		left, right := make([]byte, 1<<12), make([]byte, 1<<12)
		sp, _ := ringtest.NewPortPair()
		c := newConn(true, unsafe.Pointer(&page[0]), left, right, sp, nil)
		defer c.Close()
		// The server reads left and writes right: the client owns left's
		// prod and right's cons, but a hostile one may write them all.
		binary.LittleEndian.PutUint32(page[offLeftCons:], lc)
		binary.LittleEndian.PutUint32(page[offLeftProd:], lp)
		binary.LittleEndian.PutUint32(page[offRightCons:], rc)
		binary.LittleEndian.PutUint32(page[offRightProd:], rp)
		c.SetDeadline(time.Now().Add(time.Millisecond))
		buf := make([]byte, n)
		got, err := c.Read(buf)
		if err == nil && (got == 0 || got > n || uint32(got) > lp-lc) {
			t.Fatalf("Read returned %d bytes with indices cons %d prod %d", got, lc, lp)
		}
		if err != nil && err != ErrRingCorrupt && err != ErrTimeout {
			t.Fatalf("Read: %v", err)
		}
		if lp-lc > 1<<12 && err != ErrRingCorrupt {
			t.Fatalf("Read accepted %d bytes in a 4096-byte ring", lp-lc)
		}
		put, err := c.Write(buf)
		if err != nil && err != ErrRingCorrupt && err != ErrTimeout {
			t.Fatalf("Write: %v", err)
		}
		if rp-rc > 1<<12 && (err != ErrRingCorrupt || put != 0) {
			t.Fatalf("Write with %d bytes used of 4096 = %d, %v", rp-rc, put, err)
		}
	})
}
