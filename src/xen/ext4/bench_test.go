// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"os"
	"testing"
	"time"
)

// BenchmarkSequential writes then reads a 64 MiB file in 1 MiB calls
// on an in-memory device: the file system's own cost per byte.
func BenchmarkSequential(b *testing.B) {
	base, err := os.ReadFile(mkfs(b, 256<<20, "-b", "4096"))
	if err != nil {
		b.Fatal(err)
	}
	chunk := pattern(1, 1<<20)
	const size = 64 << 20
	b.SetBytes(2 * size)
	dev := &memDev{b: make([]byte, len(base))}
	for b.Loop() {
		b.StopTimer()
		copy(dev.b, base)
		b.StartTimer()
		fs := mustMount(b, dev, false)
		ino, _ := fs.Create(fs.Root(), "f", 0o644, 0, 0)
		for off := int64(0); off < size; off += int64(len(chunk)) {
			writeAll(b, fs, ino, chunk, off)
		}
		if err := fs.Sync(ino); err != nil {
			b.Fatal(err)
		}
		p := make([]byte, 1<<20)
		for off := int64(0); off < size; off += int64(len(p)) {
			if _, err := fs.ReadAt(ino, p, off); err != nil {
				b.Fatal(err)
			}
		}
		fs.Unmount()
	}
}

// BenchmarkCreate makes 10000 files in one directory, then looks each
// up and removes half.
func BenchmarkCreate(b *testing.B) {
	base, err := os.ReadFile(mkfs(b, 128<<20, "-b", "4096"))
	if err != nil {
		b.Fatal(err)
	}
	dev := &memDev{b: make([]byte, len(base))}
	for b.Loop() {
		b.StopTimer()
		copy(dev.b, base)
		b.StartTimer()
		fs := mustMount(b, dev, false)
		d, _ := fs.Mkdir(fs.Root(), "d", 0o755, 0, 0)
		for i := range 10000 {
			if _, err := fs.Create(d, "file-"+itoa(uint64(i)), 0o644, 0, 0); err != nil {
				b.Fatal(err)
			}
		}
		for i := range 10000 {
			if _, err := fs.Lookup(d, "file-"+itoa(uint64(i))); err != nil {
				b.Fatal(err)
			}
		}
		for i := 0; i < 10000; i += 2 {
			if err := fs.Unlink(d, "file-"+itoa(uint64(i))); err != nil {
				b.Fatal(err)
			}
		}
		if err := fs.Unmount(); err != nil {
			b.Fatal(err)
		}
	}
}

// slowDev adds a fixed latency to every request, like a PV disk.
type slowDev struct {
	memDev
	reqs int
}

func (d *slowDev) ReadAt(p []byte, off int64) (int, error) {
	d.reqs++
	time.Sleep(100 * time.Microsecond)
	return d.memDev.ReadAt(p, off)
}

func (d *slowDev) WriteAt(p []byte, off int64) (int, error) {
	d.reqs++
	time.Sleep(100 * time.Microsecond)
	return d.memDev.WriteAt(p, off)
}

// BenchmarkSmallAppends appends 4 KiB at a time to a file, then
// syncs, on a device with 100µs per request: the write-behind buffer
// turns the appends into few requests.
func BenchmarkSmallAppends(b *testing.B) {
	base, err := os.ReadFile(mkfs(b, 64<<20, "-b", "4096"))
	if err != nil {
		b.Fatal(err)
	}
	dev := &slowDev{memDev: memDev{b: make([]byte, len(base))}}
	p := pattern(1, 4096)
	const size = 8 << 20
	b.SetBytes(size)
	for b.Loop() {
		b.StopTimer()
		copy(dev.b, base)
		fs := mustMount(b, dev, false)
		ino, _ := fs.Create(fs.Root(), "f", 0o644, 0, 0)
		dev.reqs = 0
		b.StartTimer()
		for off := int64(0); off < size; off += int64(len(p)) {
			writeAll(b, fs, ino, p, off)
		}
		if err := fs.Sync(ino); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric(float64(dev.reqs), "requests")
		fs.Unmount()
		b.StartTimer()
	}
}

// BenchmarkSmallReads reads an 8 MiB file 4 KiB at a time on a device
// with 100µs per request: read-ahead makes few requests of it.
func BenchmarkSmallReads(b *testing.B) {
	base, err := os.ReadFile(mkfs(b, 64<<20, "-b", "4096"))
	if err != nil {
		b.Fatal(err)
	}
	dev := &slowDev{memDev: memDev{b: base}}
	fs := mustMount(b, dev, false)
	ino, _ := fs.Create(fs.Root(), "f", 0o644, 0, 0)
	const size = 8 << 20
	writeAll(b, fs, ino, pattern(1, size), 0)
	fs.SyncFS()
	p := make([]byte, 4096)
	b.SetBytes(size)
	for b.Loop() {
		dev.reqs = 0
		for off := int64(0); off < size; off += int64(len(p)) {
			if _, err := fs.ReadAt(ino, p, off); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(dev.reqs), "requests")
	}
}
