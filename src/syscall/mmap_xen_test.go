// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"unsafe"
)

const pg = 4096

func mmap(t *testing.T, fd int, off int64, n, prot, flags int) []byte {
	t.Helper()
	b, err := syscall.Mmap(fd, off, n, prot, flags)
	if err != nil {
		t.Fatalf("Mmap(%d, %d, %d, %#x, %#x): %v", fd, off, n, prot, flags, err)
	}
	if uintptr(unsafe.Pointer(&b[0]))%pg != 0 || len(b) != n || cap(b) != n {
		t.Fatalf("Mmap returned %p len %d cap %d; want page-aligned len=cap=%d", &b[0], len(b), cap(b), n)
	}
	return b
}

func munmap(t *testing.T, b []byte) {
	t.Helper()
	if err := syscall.Munmap(b); err != nil {
		t.Fatalf("Munmap: %v", err)
	}
}

func pread(t *testing.T, fd int, n int, off int64) []byte {
	t.Helper()
	p := make([]byte, n)
	k, err := syscall.Pread(fd, p, off)
	if err != nil {
		t.Fatalf("Pread: %v", err)
	}
	return p[:k]
}

func pwrite(t *testing.T, fd int, p []byte, off int64) {
	t.Helper()
	if k, err := syscall.Pwrite(fd, p, off); err != nil || k != len(p) {
		t.Fatalf("Pwrite: %d, %v", k, err)
	}
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// pattern returns n bytes that differ from page to page.
func pattern(n int, seed byte) []byte {
	p := make([]byte, n)
	for i := range p {
		p[i] = seed + byte(i/7) + byte(i/pg)
	}
	return p
}

// newFile creates a file of data in dir and opens it with flags.
func newFile(t *testing.T, dir string, data []byte, flags int) (string, int) {
	t.Helper()
	f, err := os.CreateTemp(dir, "mmap")
	if err != nil {
		t.Fatal(err)
	}
	name := f.Name()
	t.Cleanup(func() { os.Remove(name) })
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	f.Close()
	fd, err := syscall.Open(name, flags, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	return name, fd
}

func TestMmapAnon(t *testing.T) {
	for _, typ := range []int{syscall.MAP_PRIVATE, syscall.MAP_SHARED} {
		b := mmap(t, -1, 0, 3*pg+5, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|typ)
		if !isZero(b) {
			t.Errorf("fresh anonymous mapping not zeroed")
		}
		for i := range b {
			b[i] = byte(i)
		}
		if err := syscall.Msync(b, syscall.MS_SYNC); err != nil {
			t.Errorf("Msync of anonymous memory: %v", err)
		}
		// DONTNEED drops a private mapping's pages, not a shared one's.
		if err := syscall.Madvise(b[pg:2*pg], syscall.MADV_DONTNEED); err != nil {
			t.Fatal(err)
		}
		if want := typ == syscall.MAP_PRIVATE; isZero(b[pg:2*pg]) != want || b[2*pg+1] != byte((2*pg+1)%256) {
			t.Errorf("type %#x: after MADV_DONTNEED page 1 zero = %v, want %v", typ, !want, want)
		}
		munmap(t, b)
		if err := syscall.Munmap(b); err != syscall.EINVAL {
			t.Errorf("second Munmap: %v, want EINVAL", err)
		}
	}
}

// TestMmapAnonMemory checks that mappings are not Go heap and that
// Munmap gives their memory back: the loop maps more than the domain
// has.
func TestMmapAnonMemory(t *testing.T) {
	const size = 32 << 20
	var before, during, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 24; i++ {
		b := mmap(t, -1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if !isZero(b[:pg]) || !isZero(b[size-pg:]) {
			t.Fatalf("round %d: memory not zeroed", i)
		}
		b[0], b[size-1] = 1, 1 // dirty it for the next round
		if i == 0 {
			runtime.ReadMemStats(&during)
		}
		munmap(t, b)
	}
	runtime.ReadMemStats(&after)
	if d := during.OtherSys - before.OtherSys; d < size {
		t.Errorf("OtherSys grew by %d with a mapping of %d", d, size)
	}
	if during.HeapSys-before.HeapSys >= size {
		t.Errorf("the mapping came from the heap")
	}
	if after.OtherSys >= before.OtherSys+size {
		t.Errorf("OtherSys %d after Munmap, %d before Mmap", after.OtherSys, before.OtherSys)
	}
	if _, err := syscall.Mmap(-1, 0, 1<<40, syscall.PROT_READ, syscall.MAP_ANON|syscall.MAP_PRIVATE); err != syscall.ENOMEM {
		t.Errorf("Mmap of 1 TiB: %v, want ENOMEM", err)
	}
}

func TestMmapDevZero(t *testing.T) {
	fd, err := syscall.Open("/dev/zero", syscall.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	b := mmap(t, fd, 0, pg, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	if !isZero(b) {
		t.Errorf("/dev/zero mapping not zeroed")
	}
	munmap(t, b)
}

func TestMmapFilePrivate(t *testing.T) {
	data := pattern(2*pg+100, 1)
	_, fd := newFile(t, t.TempDir(), data, syscall.O_RDONLY)
	// PROT_WRITE is fine on a read-only descriptor: the copy is ours.
	b := mmap(t, fd, pg, 3*pg, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE)
	if !bytes.Equal(b[:pg+100], data[pg:]) || !isZero(b[pg+100:]) {
		t.Fatalf("private mapping does not hold the file from offset %d, then zeros", pg)
	}
	copy(b, "changed")
	if err := syscall.Msync(b, syscall.MS_SYNC); err != nil {
		t.Fatal(err)
	}
	if got := pread(t, fd, 7, pg); !bytes.Equal(got, data[pg:pg+7]) {
		t.Errorf("a private mapping's change reached the file: %q", got)
	}
	if err := syscall.Madvise(b[:pg], syscall.MADV_DONTNEED); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b[:7], data[pg:pg+7]) {
		t.Errorf("after MADV_DONTNEED the private page reads %q, not the file", b[:7])
	}
	munmap(t, b)
}

func TestMmapErrors(t *testing.T) {
	dir := t.TempDir()
	_, ro := newFile(t, dir, pattern(pg, 2), syscall.O_RDONLY)
	name, rw := newFile(t, dir, pattern(pg, 2), syscall.O_RDWR)
	wo, err := syscall.Open(name, syscall.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(wo)
	dfd, err := syscall.Open(dir, syscall.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(dfd)
	var pipe [2]int
	if err := syscall.Pipe(pipe[:]); err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(pipe[0])
	defer syscall.Close(pipe[1])

	const r, w = syscall.PROT_READ, syscall.PROT_WRITE
	const sh, pr, anon = syscall.MAP_SHARED, syscall.MAP_PRIVATE, syscall.MAP_ANON
	for _, c := range []struct {
		name           string
		fd             int
		off            int64
		n, prot, flags int
		want           error
	}{
		{"unaligned offset", rw, 100, pg, r, sh, syscall.EINVAL},
		{"negative offset", rw, -pg, pg, r, sh, syscall.EINVAL},
		{"zero length", rw, 0, 0, r, sh, syscall.EINVAL},
		{"negative length", -1, 0, -pg, r, pr | anon, syscall.ENOMEM},
		{"neither shared nor private", rw, 0, pg, r, 0, syscall.EINVAL},
		{"bad prot", rw, 0, pg, 0x100, sh, syscall.EINVAL},
		{"bad descriptor", 12345, 0, pg, r, sh, syscall.EBADF},
		{"shared writable, read-only descriptor", ro, 0, pg, r | w, sh, syscall.EACCES},
		{"write-only descriptor", wo, 0, pg, r, pr, syscall.EACCES},
		{"directory", dfd, 0, pg, r, pr, syscall.ENODEV},
		{"pipe", pipe[0], 0, pg, r, sh, syscall.ENODEV},
		{"MAP_FIXED", -1, 0, pg, r, pr | anon | syscall.MAP_FIXED, syscall.EPERM},
	} {
		b, err := syscall.Mmap(c.fd, c.off, c.n, c.prot, c.flags)
		if err != c.want {
			t.Errorf("%s: Mmap = %v, want %v", c.name, err, c.want)
		}
		if err == nil {
			syscall.Munmap(b)
		}
	}

	b := mmap(t, ro, 0, 2*pg, r, sh)
	defer munmap(t, b)
	if err := syscall.Munmap(b[:pg]); err != syscall.EINVAL {
		t.Errorf("Munmap of part of a mapping: %v, want EINVAL", err)
	}
	if err := syscall.Munmap(make([]byte, pg)); err != syscall.EINVAL {
		t.Errorf("Munmap of heap memory: %v, want EINVAL", err)
	}
	if err := syscall.Msync(b[1:], syscall.MS_SYNC); err != syscall.EINVAL {
		t.Errorf("Msync at an unaligned address: %v, want EINVAL", err)
	}
	if err := syscall.Msync(b, syscall.MS_SYNC|syscall.MS_ASYNC); err != syscall.EINVAL {
		t.Errorf("Msync(MS_SYNC|MS_ASYNC): %v, want EINVAL", err)
	}
	if err := syscall.Madvise(b, 12345); err != syscall.EINVAL {
		t.Errorf("Madvise with unknown advice: %v, want EINVAL", err)
	}
	if err := syscall.Madvise(b, syscall.MADV_RANDOM); err != nil {
		t.Errorf("Madvise(MADV_RANDOM): %v", err)
	}
	if err := syscall.Mprotect(b, r|w); err != syscall.EACCES {
		t.Errorf("Mprotect(PROT_WRITE) of a shared mapping of a read-only descriptor: %v, want EACCES", err)
	}
	if err := syscall.Mprotect(b, syscall.PROT_NONE); err != nil {
		t.Errorf("Mprotect(PROT_NONE): %v", err)
	}
}

func TestMmapShared(t *testing.T) {
	testMmapShared(t, t.TempDir())
}

// TestMmapSharedMounted runs TestMmapShared's checks on a mounted file
// system: the directory in MMAP_DIR (XEN_GUEST_ENV_MMAP_DIR=/data with
// a disk mounted there).
func TestMmapSharedMounted(t *testing.T) {
	dir := os.Getenv("MMAP_DIR")
	if dir == "" {
		t.Skip("MMAP_DIR is not set")
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	if st.Type == 0x01021994 {
		t.Fatalf("%s is in memory, not a mounted file system", dir)
	}
	sub, err := os.MkdirTemp(dir, "mmaptest")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(sub)
	testMmapShared(t, sub)

	// Leave a file written only through a mapping, for a check of the
	// disk after the run (debugfs -R 'cat /mmap_xen_test.durable').
	name := filepath.Join(dir, "mmap_xen_test.durable")
	const msg = "written through a shared mapping\n"
	if err := os.WriteFile(name, make([]byte, len(msg)), 0644); err != nil {
		t.Fatal(err)
	}
	fd, err := syscall.Open(name, syscall.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	b := mmap(t, fd, 0, len(msg), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	copy(b, msg)
	if err := syscall.Msync(b, syscall.MS_SYNC); err != nil {
		t.Fatal(err)
	}
	munmap(t, b)
}

func testMmapShared(t *testing.T, dir string) {
	t.Run("FileWritesReachMapping", func(t *testing.T) { testFileToMapping(t, dir) })
	t.Run("MappingWritesReachFile", func(t *testing.T) { testMappingToFile(t, dir) })
	t.Run("TwoWritableMappings", func(t *testing.T) { testTwoMappings(t, dir) })
	t.Run("BoltPattern", func(t *testing.T) { testBoltPattern(t, dir) })
}

// testFileToMapping: write, pwrite, truncate through any descriptor
// show in a shared mapping, as in Linux's page cache.
func testFileToMapping(t *testing.T, dir string) {
	data := pattern(2*pg+300, 3)
	name, fd := newFile(t, dir, data, syscall.O_RDONLY)
	b := mmap(t, fd, 0, 4*pg, syscall.PROT_READ, syscall.MAP_SHARED)
	defer munmap(t, b)
	if !bytes.Equal(b[:len(data)], data) || !isZero(b[len(data):]) {
		t.Fatalf("shared mapping does not hold the file, then zeros")
	}
	// A mapping at an offset follows the same file.
	b2 := mmap(t, fd, pg, pg, syscall.PROT_READ, syscall.MAP_SHARED)
	defer munmap(t, b2)

	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte("pwritten"), pg-4); err != nil {
		t.Fatal(err)
	}
	if got := string(b[pg-4 : pg+4]); got != "pwritten" {
		t.Errorf("mapping reads %q after pwrite, want %q", got, "pwritten")
	}
	if got := string(b2[:4]); got != "tten" {
		t.Errorf("mapping at offset %d reads %q after pwrite, want %q", pg, got, "tten")
	}
	// Growing the file by write(2) fills the mapping past the old end.
	if _, err := f.Seek(0, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("appended")); err != nil {
		t.Fatal(err)
	}
	if got := string(b[len(data) : len(data)+8]); got != "appended" {
		t.Errorf("mapping reads %q past the old end after write, want %q", got, "appended")
	}
	// Truncating clears what lies past the new end; the bytes before stay.
	if err := f.Truncate(pg + 10); err != nil {
		t.Fatal(err)
	}
	if !isZero(b[pg+10:]) || !bytes.Equal(b[:4], data[:4]) || string(b[pg:pg+4]) != "tten" {
		t.Errorf("after truncate to %d the mapping does not read as the file then zeros", pg+10)
	}
	if err := f.Truncate(3 * pg); err != nil {
		t.Fatal(err)
	}
	if !isZero(b[pg+10:]) {
		t.Errorf("after growing by truncate the mapping is not zero past the old end")
	}
}

// testMappingToFile: writes through a writable shared mapping reach
// the file on Msync and on Munmap, even after the descriptor is closed;
// bytes past the file's end do not.
func testMappingToFile(t *testing.T, dir string) {
	data := pattern(pg+200, 4)
	name, fd := newFile(t, dir, data, syscall.O_RDWR)
	mfd, err := syscall.Open(name, syscall.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := mmap(t, mfd, 0, 2*pg, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	for i, flags := range []int{syscall.MS_ASYNC, syscall.MS_SYNC} {
		msg := []byte("via mapping")
		msg[0] += byte(i)
		copy(b[10:], msg)
		copy(b[pg/2:], msg)
		copy(b[pg+190:], "0123456789past end")
		if err := syscall.Msync(b, flags); err != nil {
			t.Fatal(err)
		}
		if got := pread(t, fd, pg, 0); string(got[10:21]) != string(msg) || string(got[pg/2:pg/2+11]) != string(msg) {
			t.Errorf("file reads %q, %q after Msync(%#x), want %q", got[10:21], got[pg/2:pg/2+11], flags, msg)
		}
		if got := pread(t, fd, 2*pg, 0); len(got) != len(data) || string(got[pg+190:]) != "0123456789" {
			t.Errorf("after Msync(%#x) the file has %d bytes ending %q; want %d ending %q",
				flags, len(got), got[max(0, len(got)-10):], len(data), "0123456789")
		}
	}
	// A range of the mapping syncs only that range.
	copy(b[20:], "AAAA")
	copy(b[pg:], "BBBB")
	if err := syscall.Msync(b[pg:], syscall.MS_SYNC); err != nil {
		t.Fatal(err)
	}
	if got := string(pread(t, fd, 4, pg)); got != "BBBB" {
		t.Errorf("page 1 reads %q after its Msync, want BBBB", got)
	}
	if got := string(pread(t, fd, 4, 20)); got == "AAAA" {
		t.Errorf("page 0 was written by an Msync of page 1 only")
	}
	// Munmap writes back, with the mapped descriptor already closed.
	syscall.Close(mfd)
	copy(b[30:], "at munmap")
	munmap(t, b)
	got := pread(t, fd, pg, 0)
	if string(got[20:24]) != "AAAA" || string(got[30:39]) != "at munmap" {
		t.Errorf("after Munmap the file reads %q, %q; want AAAA, %q", got[20:24], got[30:39], "at munmap")
	}
}

// testTwoMappings: two writable mappings of one file, written in
// different bytes of one page, both reach the file and each other.
func testTwoMappings(t *testing.T, dir string) {
	_, fd := newFile(t, dir, pattern(pg, 5), syscall.O_RDWR)
	a := mmap(t, fd, 0, pg, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	defer munmap(t, a)
	b := mmap(t, fd, 0, pg, syscall.PROT_READ, syscall.MAP_SHARED)
	defer munmap(t, b)
	if err := syscall.Mprotect(b, syscall.PROT_READ|syscall.PROT_WRITE); err != nil {
		t.Fatal(err)
	}
	copy(a[100:], "from a")
	copy(b[2000:], "from b")
	if err := syscall.Msync(a, syscall.MS_SYNC); err != nil {
		t.Fatal(err)
	}
	if string(b[100:106]) != "from a" || string(b[2000:2006]) != "from b" {
		t.Errorf("b reads %q, %q after a's Msync; want its own write kept and a's", b[100:106], b[2000:2006])
	}
	if err := syscall.Msync(b, syscall.MS_SYNC); err != nil {
		t.Fatal(err)
	}
	got := pread(t, fd, pg, 0)
	if string(got[100:106]) != "from a" || string(got[2000:2006]) != "from b" {
		t.Errorf("file reads %q, %q; want both mappings' writes", got[100:106], got[2000:2006])
	}
	if string(a[2000:2006]) != "from b" {
		t.Errorf("a reads %q after b's Msync", a[2000:2006])
	}
}

// testBoltPattern is what boltdb does: a read-only shared mapping of a
// file it writes with pwrite and fdatasync, then reads the new pages
// through the mapping, remapping larger as the file grows.
func testBoltPattern(t *testing.T, dir string) {
	_, fd := newFile(t, dir, nil, syscall.O_RDWR)
	const size = 16 * pg
	b := mmap(t, fd, 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	for i := 0; i < 8; i++ {
		page := pattern(pg, byte(i))
		pwrite(t, fd, page, int64(i)*pg)
		if err := syscall.Fdatasync(fd); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b[i*pg:(i+1)*pg], page) {
			t.Fatalf("page %d written with pwrite does not read through the mapping", i)
		}
	}
	munmap(t, b)
	b = mmap(t, fd, 0, 2*size, syscall.PROT_READ, syscall.MAP_SHARED)
	defer munmap(t, b)
	if !bytes.Equal(b[7*pg:8*pg], pattern(pg, 7)) || !isZero(b[8*pg:]) {
		t.Errorf("the larger mapping does not hold the file, then zeros")
	}
	if err := syscall.Msync(b, syscall.MS_SYNC); err != nil {
		t.Errorf("Msync of a read-only shared mapping: %v", err)
	}
	if err := syscall.Munmap(b[:pg]); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("Munmap of part: %v", err)
	}
}
