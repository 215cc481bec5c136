// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	. "xen/blkfront"
)

// scratchMagic at the start of a disk marks it as one TestXenDisk may
// write: the harness makes its backing file with it.
const scratchMagic = "go-xen-blkfront-scratch"

// TestXenDisk runs against the guest's first vbd, if it has one: it
// reads, and on a scratch disk writes (several callers at once, long
// transfers), flushes, discards, closes, opens again and reads back.
func TestXenDisk(t *testing.T) {
	ids, err := Devices()
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 {
		t.Skip("no vbd: give the guest a disk")
	}
	cfg := Config{RingPageOrder: 1, MaxSegments: 64}
	d, err := Open(ids[0], cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("vbd %d: %v, physical sectors %d, read-only %v, features %+v", ids[0], d, d.PhysicalSectorSize(), d.ReadOnly(), d.Features())
	head := make([]byte, 1<<20)
	if n, err := d.ReadAt(head[:min(len(head), int(d.Size()))], 0); err != nil {
		t.Fatalf("ReadAt: %d, %v", n, err)
	}
	if !strings.HasPrefix(string(head), scratchMagic) || d.ReadOnly() {
		d.Close()
		t.Skip("read only: the disk does not start with " + scratchMagic)
	}
	const base, span = 1 << 20, 1 << 20
	if d.Size() < base+8*span {
		t.Fatalf("scratch disk of %d bytes, want at least %d", d.Size(), base+8*span)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			want := scratchData(span, uint64(i))
			off := int64(base + i*span)
			if n, err := d.WriteAt(want, off); n != span || err != nil {
				t.Errorf("WriteAt(%d) = %d, %v", off, n, err)
				return
			}
			got := make([]byte, span)
			if n, err := d.ReadAt(got, off); n != span || err != nil || !bytes.Equal(got, want) {
				t.Errorf("ReadAt(%d) = %d, %v, same %v", off, n, err, bytes.Equal(got, want))
			}
		}()
	}
	wg.Wait()
	if err := d.Flush(); err != nil {
		t.Errorf("Flush: %v", err)
	}
	if f := d.Features(); f.Discard {
		g := int64(max(f.DiscardGranularity, uint32(d.SectorSize())))
		if err := d.Discard(base+8*span-g, g); err != nil {
			t.Errorf("Discard: %v", err)
		}
	}
	s := d.Stats()
	t.Logf("stats %+v", s)
	if s.BadID+s.BadOperation+s.BadStatus+s.BadRingIndex != 0 || s.InFlightHighWater < 2 {
		t.Errorf("stats %+v", s)
	}
	if err := d.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// The backend takes a frontend again after a close.
	d, err = Open(ids[0], Config{})
	if err != nil {
		t.Fatalf("open again: %v", err)
	}
	defer d.Close()
	got := make([]byte, span)
	if _, err := d.ReadAt(got, base+3*span); err != nil || !bytes.Equal(got, scratchData(span, 3)) {
		t.Errorf("after reopening: %v, data kept %v", err, bytes.Equal(got, scratchData(span, 3)))
	}
}

// scratchData is n bytes that differ with seed.
func scratchData(n int, seed uint64) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(uint64(i)*131 + seed*7919 + uint64(i>>9))
	}
	return b
}
