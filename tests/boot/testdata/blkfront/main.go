// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// blkfront reads and writes the domain's first disk through dom0's
// blkback. dom0 filled the disk with pattern's stream for seed 1
// (scripts/harness/dom0/pattern.c); the guest checks every byte, then
// overwrites [4 MiB, 12 MiB) with the stream for seed 2 in requests of
// several sizes (one sector, one page, 16 pages (indirect), 1 MiB),
// some of them in parallel, flushes, and reads it back. dom0 checks the
// image after the domain is gone (TestBlkfront).
package main

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"xen/blkfront"
)

const (
	mib      = 1 << 20
	diskSize = 16 * mib
	lo, hi   = 4 * mib, 12 * mib
)

func main() {
	ids, err := blkfront.Devices()
	if err != nil || len(ids) == 0 {
		fail("Devices: %v %v", ids, err)
	}
	d, err := blkfront.Open(ids[0], blkfront.Config{})
	if err != nil {
		fail("Open: %v", err)
	}
	fmt.Printf("disk %v: %d bytes, sector %d, read-only %v, max transfer %d, features %+v\n",
		ids[0], d.Size(), d.SectorSize(), d.ReadOnly(), d.MaxTransfer(), d.Features())
	if d.Size() != diskSize || d.SectorSize() != 512 {
		fail("want %d bytes in 512-byte sectors", diskSize)
	}

	seed1 := pattern(1, diskSize)
	got := make([]byte, diskSize)
	for off := 0; off < diskSize; off += mib {
		if _, err := d.ReadAt(got[off:off+mib], int64(off)); err != nil {
			fail("ReadAt %d: %v", off, err)
		}
	}
	if i := firstDiff(got, seed1); i >= 0 {
		fail("byte %d as dom0 wrote it: %#x, want %#x", i, got[i], seed1[i])
	}
	fmt.Println("read 16 MiB as dom0 wrote it")

	// The seed-2 stream over [lo, hi): in the first MiB, 512-byte and
	// 4 KiB requests one after another; then 64 KiB requests from 4
	// goroutines at once; then 1 MiB requests.
	seed2 := pattern(2, hi-lo)
	off := 0
	for ; off < 256<<10; off += 512 {
		write(d, seed2[off:off+512], lo+off)
	}
	for ; off < mib; off += 4096 {
		write(d, seed2[off:off+4096], lo+off)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for o := mib + g*64<<10; o < 4*mib; o += 4 * 64 << 10 {
				write(d, seed2[o:o+64<<10], lo+o)
			}
		}()
	}
	wg.Wait()
	for off = 4 * mib; off < hi-lo; off += mib {
		write(d, seed2[off:off+mib], lo+off)
	}
	if err := d.Flush(); err != nil {
		fail("Flush: %v", err)
	}
	if _, err := d.ReadAt(got[lo:hi], lo); err != nil {
		fail("ReadAt after writing: %v", err)
	}
	if i := firstDiff(got[lo:hi], seed2); i >= 0 {
		fail("byte %d read back: %#x, want %#x", lo+i, got[lo+i], seed2[i])
	}
	if _, err := d.WriteAt(make([]byte, 100), 0); err == nil {
		fail("a 100-byte write succeeded")
	}
	fmt.Println("wrote 8 MiB, flushed, read it back")
	fmt.Printf("stats %+v\n", d.Stats())
	if err := d.Close(); err != nil {
		fail("Close: %v", err)
	}
	fmt.Println("blkfront ok")
}

func write(d *blkfront.Device, p []byte, off int) {
	if n, err := d.WriteAt(p, int64(off)); n != len(p) || err != nil {
		fail("WriteAt %d bytes at %d: %d, %v", len(p), off, n, err)
	}
}

// pattern is scripts/harness/dom0/pattern.c's stream: splitmix64 from
// seed, little-endian.
func pattern(seed uint64, n int) []byte {
	b := make([]byte, 0, n+8)
	x := seed
	for len(b) < n {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		z ^= z >> 31
		for i := range 8 {
			b = append(b, byte(z>>(8*i)))
		}
	}
	return b[:n]
}

func firstDiff(a, b []byte) int {
	if bytes.Equal(a, b) {
		return -1
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return len(a)
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}
