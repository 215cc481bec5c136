// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// crashDev models a disk with a volatile write cache: writes since
// the last Flush may be lost, in any combination of 4 KiB physical
// sectors (a write is atomic within each aligned 4 KiB). A primary
// superblock torn within a sector is left to e2fsck, as with Linux.
// After the cut (the cut-th request) the disk is gone: the image is
// frozen and every later request fails.
type crashDev struct {
	durable []byte
	pending []pendingWrite
	calls   int
	cut     int // crash at this request...
	flushes int
	cutF    int // ...or at this Flush, when > 0
	rng     *rand.Rand
	crashed []byte
}

type pendingWrite struct {
	off  int64
	data []byte
}

var errGone = errors.New("device gone")

func (d *crashDev) tick() bool {
	d.calls++
	if d.crashed == nil && d.calls >= d.cut {
		d.crash()
	}
	return d.crashed != nil
}

// crash freezes what a power cut now would leave.
func (d *crashDev) crash() {
	img := slices.Clone(d.durable)
	type sector struct {
		off  int64
		data []byte
	}
	var secs []sector
	for _, w := range d.pending {
		for i := 0; i < len(w.data); {
			n := int(4096 - (w.off+int64(i))%4096)
			n = min(n, len(w.data)-i)
			if d.rng.IntN(2) == 0 {
				secs = append(secs, sector{w.off + int64(i), w.data[i : i+n]})
			}
			i += n
		}
	}
	// Survivors land in any order.
	d.rng.Shuffle(len(secs), func(i, j int) { secs[i], secs[j] = secs[j], secs[i] })
	for _, s := range secs {
		copy(img[s.off:], s.data)
	}
	d.crashed = img
}

func (d *crashDev) ReadAt(p []byte, off int64) (int, error) {
	if d.tick() {
		return 0, errGone
	}
	copy(p, d.durable[off:])
	for _, w := range d.pending {
		lo, hi := max(off, w.off), min(off+int64(len(p)), w.off+int64(len(w.data)))
		if lo < hi {
			copy(p[lo-off:hi-off], w.data[lo-w.off:])
		}
	}
	return len(p), nil
}

func (d *crashDev) WriteAt(p []byte, off int64) (int, error) {
	if d.tick() {
		return 0, errGone
	}
	d.pending = append(d.pending, pendingWrite{off, slices.Clone(p)})
	return len(p), nil
}

func (d *crashDev) Flush() error {
	d.flushes++
	if d.crashed == nil && d.cutF > 0 && d.flushes >= d.cutF {
		d.crash()
	}
	if d.tick() {
		return errGone
	}
	for _, w := range d.pending {
		copy(d.durable[w.off:], w.data)
	}
	d.pending = nil
	return nil
}

func (d *crashDev) Size() int64 { return int64(len(d.durable)) }

// TestCrash cuts power at random points of a random stream of writes,
// Syncs and namespace changes. Afterwards (a) Mount replays and every
// file as of its last Sync, untouched since, reads back exactly, and
// e2fsck -fn is clean after Unmount; (b) e2fsck -fy on the raw image
// recovers it to a state e2fsck -fn finds clean.
func TestCrash(t *testing.T) {
	rounds := 60
	switch {
	case testing.Short():
		rounds = 25
	case raceEnabled:
		rounds = 20
	}
	for _, v := range []struct {
		name string
		opts []string
	}{
		{"4k", []string{"-b", "4096", "-J", "size=4"}},
		{"1k", []string{"-b", "1024"}},
		{"nocsum", []string{"-b", "4096", "-O", "^metadata_csum,^64bit"}},
		{"csum32", []string{"-b", "2048", "-O", "^64bit"}},
	} {
		t.Run(v.name, func(t *testing.T) {
			base, err := os.ReadFile(mkfs(t, 24<<20, v.opts...))
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for r := range rounds {
				crashRound(t, base, dir, uint64(r))
			}
		})
	}
}

func crashRound(t *testing.T, base []byte, dir string, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 42))
	if seed%3 == 2 {
		// Commit inside long operations too.
		testTxLimit = 8
		defer func() { testTxLimit = 0 }()
	}
	dev := &crashDev{durable: slices.Clone(base), cut: 1 + rng.IntN(3000), rng: rng}
	if rng.IntN(2) == 0 {
		// Just before a flush is when the most writes are at risk.
		dev.cut, dev.cutF = 1<<30, 1+rng.IntN(150)
	}
	fs, err := Mount(dev, Options{})
	if err != nil {
		if dev.crashed == nil {
			t.Fatalf("seed %d: Mount: %v", seed, err)
		}
	}
	type file struct {
		ino  Ino
		data []byte
	}
	cur := map[string]*file{}     // the model now
	synced := map[string][]byte{} // content at the last Sync
	dirty := map[string]bool{}    // changed since the last Sync
	var names []string
	var opened []Ino
	var sub Ino
	if fs != nil {
		if sub, err = fs.Mkdir(fs.Root(), "sub", 0o755, 0, 0); err != nil && dev.crashed == nil {
			t.Fatal(err)
		}
	}
	for step := 0; fs != nil && dev.crashed == nil && step < 400; step++ {
		var err error
		switch op := rng.IntN(11); {
		case op < 2 || len(names) == 0:
			name := "f" + itoa(uint64(step))
			var ino Ino
			if ino, err = fs.Create(fs.Root(), name, 0o644, 0, 0); err == nil {
				cur[name] = &file{ino: ino}
				names = append(names, name)
				dirty[name] = true
			}
		case op < 6:
			name := names[rng.IntN(len(names))]
			f := cur[name]
			off := int64(rng.IntN(300000))
			if rng.IntN(2) == 0 {
				off = int64(len(f.data))
			}
			p := pattern(int(seed)*1000+step, 1+rng.IntN(100000))
			dirty[name] = true
			var n int
			n, err = fs.WriteAt(f.ino, p, off)
			if err == nil && n == len(p) {
				if end := off + int64(len(p)); end > int64(len(f.data)) {
					f.data = append(f.data, make([]byte, end-int64(len(f.data)))...)
				}
				copy(f.data[off:], p)
			}
		case op < 7:
			name := names[rng.IntN(len(names))]
			f := cur[name]
			size := int64(rng.IntN(len(f.data) + 1))
			dirty[name] = true
			if err = fs.Truncate(f.ino, size); err == nil {
				f.data = f.data[:size]
			}
		case op < 8:
			i := rng.IntN(len(names))
			name := names[i]
			dirty[name] = true
			f := cur[name]
			if rng.IntN(2) == 0 {
				// Keep it open: it becomes an orphan, written to
				// and released later.
				if err = fs.Open(f.ino); err != nil {
					break
				}
				opened = append(opened, f.ino)
			}
			if err = fs.Unlink(fs.Root(), name); err == nil {
				delete(cur, name)
				names = slices.Delete(names, i, i+1)
			}
		case op < 9:
			if len(opened) > 0 && rng.IntN(2) == 0 {
				ino := opened[0]
				if _, err = fs.WriteAt(ino, pattern(step, 20000), 0); err == nil {
					err = fs.Release(ino)
				}
				opened = opened[1:]
				break
			}
			// Rename, sometimes over another file, sometimes through
			// a subdirectory and back.
			i := rng.IntN(len(names))
			old := names[i]
			nn := "r" + itoa(uint64(step)) + strings.Repeat("-long-name", rng.IntN(20))
			if rng.IntN(3) == 0 && len(names) > 1 {
				nn = names[(i+1)%len(names)]
			}
			dirty[old], dirty[nn] = true, true
			if err = fs.Rename(fs.Root(), old, sub, "tmp"); err != nil {
				break
			}
			if err = fs.Rename(sub, "tmp", fs.Root(), nn); err != nil {
				break
			}
			if _, ok := cur[nn]; ok {
				names = slices.DeleteFunc(names, func(s string) bool { return s == nn })
			}
			cur[nn] = cur[old]
			delete(cur, old)
			names = slices.DeleteFunc(names, func(s string) bool { return s == old })
			names = append(names, nn)
		default:
			if err = fs.Sync(0); err == nil {
				clear(synced)
				for n, f := range cur {
					synced[n] = slices.Clone(f.data)
				}
				clear(dirty)
			}
		}
		if err != nil && dev.crashed == nil {
			t.Fatalf("seed %d step %d: %v", seed, step, err)
		}
	}
	if dev.crashed == nil {
		dev.crash()
	}
	img := dev.crashed

	// A read-only mount replays in memory and changes nothing.
	rdev := &memDev{b: slices.Clone(img)}
	if fs, err := Mount(rdev, Options{ReadOnly: true}); err != nil {
		t.Fatalf("seed %d: read-only Mount after crash: %v", seed, err)
	} else {
		for name, want := range synced {
			if dirty[name] {
				continue
			}
			ino, err := fs.Lookup(fs.Root(), name)
			if err != nil {
				t.Fatalf("seed %d: read-only: synced file %s: %v", seed, name, err)
			}
			if got := readAll(t, fs, ino); !bytes.Equal(got, want) {
				t.Fatalf("seed %d: read-only: synced file %s differs", seed, name)
			}
		}
		fs.Unmount()
		if !bytes.Equal(rdev.b, img) {
			t.Fatalf("seed %d: read-only mount wrote to the device", seed)
		}
	}

	// (a) our recovery.
	mdev := &memDev{b: slices.Clone(img)}
	fs2, err := Mount(mdev, Options{})
	if err != nil {
		t.Fatalf("seed %d: Mount after crash: %v", seed, err)
	}
	for name, want := range synced {
		if dirty[name] {
			continue
		}
		ino, err := fs2.Lookup(fs2.Root(), name)
		if err != nil {
			t.Fatalf("seed %d: synced file %s: %v", seed, name, err)
		}
		if got := readAll(t, fs2, ino); !bytes.Equal(got, want) {
			t.Fatalf("seed %d: synced file %s differs (len %d, want %d)", seed, name, len(got), len(want))
		}
	}
	if err := fs2.Unmount(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "a.img")
	os.WriteFile(p, mdev.b, 0o644)
	if out, code := runTool(t, "e2fsck", "-fn", p); code != 0 {
		t.Fatalf("seed %d: e2fsck -fn after our recovery: exit %d\n%s", seed, code, out)
	}

	// (b) e2fsck's recovery of the raw image.
	p = filepath.Join(dir, "b.img")
	os.WriteFile(p, img, 0o644)
	out, code := runTool(t, "e2fsck", "-fy", p)
	if code > 1 {
		t.Fatalf("seed %d: e2fsck -fy: exit %d\n%s", seed, code, out)
	}
	for _, line := range strings.Split(out, "\n") {
		if !expectedFsckLine(line) {
			t.Fatalf("seed %d: e2fsck -fy found a problem: %q\n%s", seed, line, out)
		}
	}
	if out, code := runTool(t, "e2fsck", "-fn", p); code != 0 {
		t.Fatalf("seed %d: e2fsck -fn after e2fsck -fy: exit %d\n%s", seed, code, out)
	}
}

// expectedFsckLine accepts what journal recovery and orphan cleanup
// print, and the extent tree optimization e2fsck then offers for the
// tree its own orphan truncation left; anything else is a real
// inconsistency.
func expectedFsckLine(l string) bool {
	if strings.Contains(l, "extent tree (at level") && (strings.HasSuffix(l, "could be shorter.  Optimize? yes") ||
		strings.HasSuffix(l, "could be narrower.  Optimize? yes")) {
		return true
	}
	for _, ok := range []string{"", "Pass ", "recovering journal", "Clearing orphaned inode",
		"Truncating orphaned inode", "***** FILE SYSTEM WAS MODIFIED", "e2fsck ", "/"} {
		if ok == "" && l == "" || ok != "" && strings.HasPrefix(l, ok) {
			return true
		}
	}
	return strings.Contains(l, " files, ") || strings.Contains(l, ": clean,")
}

// TestCrashShrink cuts power while a file of many extents is cut or
// removed in several transactions: the orphan list lets both our
// Mount and e2fsck finish the job.
func TestCrashShrink(t *testing.T) {
	img := mkfs(t, 32<<20, "-b", "1024")
	fs := mustMount(t, openFileDev(t, img), false)
	a, _ := fs.Create(fs.Root(), "a", 0o644, 0, 0)
	b, _ := fs.Create(fs.Root(), "b", 0o644, 0, 0)
	for i := range 1500 { // interleaved: one extent per block
		writeAll(t, fs, a, pattern(i, 1024), int64(i)*1024)
		writeAll(t, fs, b, pattern(i, 1024), int64(i)*1024)
	}
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	base, _ := os.ReadFile(img)
	dir := t.TempDir()
	testTxLimit = 4 // commit between the steps
	defer func() { testTxLimit = 0 }()
	rounds := 30
	if testing.Short() || raceEnabled {
		rounds = 10
	}
	for r := range rounds {
		seed := uint64(r)
		rng := rand.New(rand.NewPCG(seed, 9))
		dev := &crashDev{durable: slices.Clone(base), cut: 1 << 30, rng: rng}
		fs, err := Mount(dev, Options{})
		if err != nil {
			t.Fatal(err)
		}
		dev.cutF = dev.flushes + 1 + rng.IntN(40)
		unlink := r%2 == 1
		if unlink {
			err = fs.Unlink(fs.Root(), "a")
		} else {
			err = fs.Truncate(a, 5000)
		}
		if err == nil {
			err = fs.SyncFS()
		}
		if err != nil && dev.crashed == nil {
			t.Fatal(err)
		}
		if dev.crashed == nil {
			dev.crash()
		}
		mdev := &memDev{b: slices.Clone(dev.crashed)}
		fs2, err := Mount(mdev, Options{})
		if err != nil {
			t.Fatalf("seed %d: Mount: %v", seed, err)
		}
		if ino, err := fs2.Lookup(fs2.Root(), "a"); err == nil {
			got := readAll(t, fs2, ino)
			if len(got) != 1500*1024 && len(got) != 5000 || !bytes.Equal(got[:1024], pattern(0, 1024)) {
				t.Fatalf("seed %d: a has %d bytes", seed, len(got))
			}
		} else if !unlink {
			t.Fatalf("seed %d: a: %v", seed, err)
		}
		if fs2.sb.lastOrphan != 0 {
			t.Fatalf("seed %d: orphan list not empty after mount", seed)
		}
		fs2.Unmount()
		p := filepath.Join(dir, "a.img")
		os.WriteFile(p, mdev.b, 0o644)
		if out, code := runTool(t, "e2fsck", "-fn", p); code != 0 {
			t.Fatalf("seed %d: e2fsck -fn after our recovery: exit %d\n%s", seed, code, out)
		}
		os.WriteFile(p, dev.crashed, 0o644)
		out, code := runTool(t, "e2fsck", "-fy", p)
		for _, line := range strings.Split(out, "\n") {
			if !expectedFsckLine(line) {
				t.Fatalf("seed %d: e2fsck -fy found a problem: %q\n%s", seed, line, out)
			}
		}
		if out, code = runTool(t, "e2fsck", "-fn", p); code != 0 {
			t.Fatalf("seed %d: e2fsck -fn after e2fsck -fy: exit %d\n%s", seed, code, out)
		}
	}
}
