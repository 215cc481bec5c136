// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"bytes"
	"errors"
	"sync"
	"syscall"
	"testing"
)

// TestFeatures: an unknown incompatible feature refuses the mount, an
// unknown read-only-compatible one allows only read-only.
func TestFeatures(t *testing.T) {
	img := mkfs(t, 16<<20, "-b", "4096", "-O", "inline_data")
	_, err := Mount(openFileDev(t, img), Options{ReadOnly: true})
	var fe *FeatureError
	if !errors.As(err, &fe) || !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("inline_data: %v", err)
	}
	img = mkfs(t, 16<<20, "-b", "4096", "-O", "quota")
	_, err = Mount(openFileDev(t, img), Options{})
	if !errors.As(err, &fe) || !errors.Is(err, syscall.EROFS) {
		t.Fatalf("quota read-write: %v", err)
	}
	fs, err := Mount(openFileDev(t, img), Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("quota read-only: %v", err)
	}
	fs.Unmount()
}

// TestDeepExtents fragments a file into more extents than one tree
// level holds, then cuts it back, with e2fsck checking the tree.
func TestDeepExtents(t *testing.T) {
	img := mkfs(t, 32<<20, "-b", "1024")
	fs := mustMount(t, openFileDev(t, img), false)
	a, _ := fs.Create(fs.Root(), "a", 0o644, 0, 0)
	b, _ := fs.Create(fs.Root(), "b", 0o644, 0, 0)
	var want []byte
	// Interleaving two files makes every block of each its own extent.
	for i := range 1200 {
		blk := pattern(i, 1024)
		writeAll(t, fs, a, blk, int64(i)*1024)
		writeAll(t, fs, b, blk[:1], int64(i)*2048)
		want = append(want, blk...)
	}
	in, _ := fs.readInode(a)
	if d := le16(in.iblock(), 6); d < 2 {
		t.Fatalf("extent tree depth %d, want >= 2", d)
	}
	if got := readAll(t, fs, a); !bytes.Equal(got, want) {
		t.Fatal("fragmented file differs")
	}
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	fsck(t, img)
	if out := debugfs(t, img, "cat /a"); out != string(want) {
		t.Fatal("debugfs sees a different /a")
	}
	fs = mustMount(t, openFileDev(t, img), false)
	if err := fs.Truncate(a, 100*1024+10); err != nil {
		t.Fatal(err)
	}
	want = want[:100*1024+10]
	if err := fs.Unlink(fs.Root(), "b"); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, fs, a); !bytes.Equal(got, want) {
		t.Fatal("truncated file differs")
	}
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	fsck(t, img)
}

// TestConcurrent runs operations from several goroutines (for -race).
func TestConcurrent(t *testing.T) {
	img := mkfs(t, 64<<20, "-b", "4096")
	fs := mustMount(t, openFileDev(t, img), false)
	stable, _ := fs.Create(fs.Root(), "stable", 0o644, 0, 0)
	want := pattern(42, 3<<20)
	writeAll(t, fs, stable, want, 0)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 2 {
		// Readers of a file nobody changes, while others free and
		// reuse blocks around it.
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := make([]byte, 1<<20)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				off := int64(i%3) << 20
				if _, err := fs.ReadAt(stable, q, off); err != nil || !bytes.Equal(q, want[off:off+1<<20]) {
					t.Errorf("stable read at %d: %v", off, err)
					return
				}
			}
		}()
	}
	var writers sync.WaitGroup
	for g := range 4 {
		writers.Add(1)
		go func() {
			defer writers.Done()
			d, err := fs.Mkdir(fs.Root(), "g"+itoa(uint64(g)), 0o755, 0, 0)
			if err != nil {
				t.Error(err)
				return
			}
			for i := range 50 {
				ino, err := fs.Create(d, "f"+itoa(uint64(i)), 0o644, 0, 0)
				if err != nil {
					t.Error(err)
					return
				}
				p := pattern(g*100+i, 5000+i)
				if _, err := fs.WriteAt(ino, p, 0); err != nil {
					t.Error(err)
					return
				}
				q := make([]byte, len(p))
				if _, err := fs.ReadAt(ino, q, 0); err != nil || !bytes.Equal(p, q) {
					t.Errorf("read back: %v", err)
					return
				}
				if i%10 == 0 {
					fs.Sync(ino)
				}
				if i%3 == 0 {
					fs.Unlink(d, "f"+itoa(uint64(i)))
				}
			}
		}()
	}
	writers.Wait()
	close(stop)
	wg.Wait()
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	fsck(t, img)
}

// TestUnwritten writes into extents that debugfs fallocate left
// unwritten: they read as zeros, and writing converts just the part
// written.
func TestUnwritten(t *testing.T) {
	img := mkfs(t, 32<<20, "-b", "4096")
	if out, code := runTool(t, "debugfs", "-w", "-R", "write /dev/null pre", img); code != 0 {
		t.Fatal(out)
	}
	if out, code := runTool(t, "debugfs", "-w", "-R", "fallocate /pre 0 99", img); code != 0 {
		t.Fatal(out)
	}
	if out, code := runTool(t, "debugfs", "-w", "-R", "sif /pre size 409600", img); code != 0 {
		t.Fatal(out)
	}
	if s := debugfs(t, img, "ex /pre"); !bytes.Contains([]byte(s), []byte("Uninit")) {
		t.Fatalf("no unwritten extent:\n%s", s)
	}
	fs := mustMount(t, openFileDev(t, img), false)
	ino := walk(t, fs, "pre")
	want := make([]byte, 409600)
	if got := readAll(t, fs, ino); !bytes.Equal(got, want) {
		t.Fatal("unwritten extent does not read as zeros")
	}
	p := pattern(1, 10000)
	writeAll(t, fs, ino, p, 50000)
	copy(want[50000:], p)
	if got := readAll(t, fs, ino); !bytes.Equal(got, want) {
		t.Fatal("after write into unwritten extent")
	}
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	fsck(t, img)
	if out := debugfs(t, img, "cat /pre"); out != string(want) {
		t.Fatal("debugfs sees different data")
	}
}

// TestExt3 reads block-mapped files of an ext3 file system made by
// mkfs -d; without extents it mounts read-only only.
func TestExt3(t *testing.T) {
	requireTools(t)
	src := t.TempDir()
	want := map[string][]byte{
		"small": []byte("tiny"),
		"big":   pattern(3, 5<<20+77), // needs double indirect blocks at 1 KiB
	}
	for n, d := range want {
		if err := writeFile(src+"/"+n, d); err != nil {
			t.Fatal(err)
		}
	}
	img := mkfs(t, 32<<20, "-t", "ext3", "-b", "1024", "-d", src)
	_, err := Mount(openFileDev(t, img), Options{})
	if !errors.Is(err, syscall.EROFS) {
		t.Fatalf("read-write mount of ext3: %v", err)
	}
	fs := mustMount(t, openFileDev(t, img), true)
	for n, d := range want {
		if got := readAll(t, fs, walk(t, fs, n)); !bytes.Equal(got, d) {
			t.Fatalf("%s differs", n)
		}
	}
	fs.Unmount()
}

// TestBigDir churns names in two directories large enough to be
// indexed in memory, then checks them against e2fsck and debugfs.
func TestBigDir(t *testing.T) {
	img := mkfs(t, 64<<20, "-b", "1024")
	fs := mustMount(t, openFileDev(t, img), false)
	a, _ := fs.Mkdir(fs.Root(), "a", 0o755, 0, 0)
	b, _ := fs.Mkdir(fs.Root(), "b", 0o755, 0, 0)
	live := map[string]Ino{}
	for i := range 3000 {
		name := "n" + itoa(uint64(i*7919%3001)) + "-" + string(rune('a'+i%26))
		ino, err := fs.Create(a, name, 0o644, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		live[name] = ino
	}
	i := 0
	for name := range live {
		switch i % 3 {
		case 0:
			if err := fs.Unlink(a, name); err != nil {
				t.Fatal(err)
			}
			delete(live, name)
		case 1:
			if err := fs.Rename(a, name, b, name+"-moved"); err != nil {
				t.Fatal(err)
			}
		}
		i++
	}
	for name, ino := range live {
		got, err := fs.Lookup(a, name)
		if err != nil {
			got, err = fs.Lookup(b, name+"-moved")
		}
		if err != nil || got != ino {
			t.Fatalf("%s: %d %v, want %d", name, got, err, ino)
		}
	}
	// Refill the holes the unlinks left.
	for i := range 500 {
		if _, err := fs.Create(a, "refill-"+itoa(uint64(i)), 0o644, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	fsck(t, img)
	out := debugfs(t, img, "ls /b")
	if n := bytes.Count([]byte(out), []byte("-moved")); n != 1000 {
		t.Fatalf("debugfs ls /b: %d moved names, want 1000", n)
	}
}

// TestManyGroups fills groups that mkfs left BLOCK_UNINIT and
// INODE_UNINIT, past the first flex group, so their bitmaps are built
// here.
func TestManyGroups(t *testing.T) {
	img := mkfs(t, 300<<20, "-b", "1024", "-N", "40000")
	fs := mustMount(t, openFileDev(t, img), false)
	ino, _ := fs.Create(fs.Root(), "big", 0o644, 0, 0)
	chunk := pattern(5, 4<<20)
	for off := int64(0); off < 160<<20; off += int64(len(chunk)) {
		writeAll(t, fs, ino, chunk, off)
	}
	// Enough directories to spread inodes over several groups.
	for i := range 30 {
		d, err := fs.Mkdir(fs.Root(), "d"+itoa(uint64(i)), 0o755, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for j := range 200 {
			if _, err := fs.Create(d, "f"+itoa(uint64(j)), 0o644, 0, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	fsck(t, img)
}
