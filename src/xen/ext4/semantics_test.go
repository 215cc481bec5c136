// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}

// TestErrors checks the errno of each refused operation, and that
// the refusals leave a clean file system.
func TestErrors(t *testing.T) {
	img := mkfs(t, 32<<20, "-b", "4096")
	fs := mustMount(t, openFileDev(t, img), false)
	r := fs.Root()
	f, err := fs.Create(r, "f", 0o644, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	d, _ := fs.Mkdir(r, "d", 0o755, 0, 0)
	fs.Mkdir(r, "e", 0o755, 0, 0)
	dd, _ := fs.Mkdir(d, "dd", 0o755, 0, 0)
	fs.Create(dd, "x", 0o644, 0, 0)
	_, err = fs.Create(r, "f", 0o644, 0, 0)
	wantErr(t, "Create existing", err, syscall.EEXIST)
	_, err = fs.Mkdir(r, "d", 0o755, 0, 0)
	wantErr(t, "Mkdir existing", err, syscall.EEXIST)
	_, err = fs.Lookup(r, "nope")
	wantErr(t, "Lookup missing", err, syscall.ENOENT)
	_, err = fs.Lookup(f, "x")
	wantErr(t, "Lookup in file", err, syscall.ENOTDIR)
	_, err = fs.Create(f, "x", 0o644, 0, 0)
	wantErr(t, "Create in file", err, syscall.ENOTDIR)
	wantErr(t, "Unlink dir", fs.Unlink(r, "d"), syscall.EISDIR)
	wantErr(t, "Rmdir file", fs.Rmdir(r, "f"), syscall.ENOTDIR)
	wantErr(t, "Rmdir non-empty", fs.Rmdir(r, "d"), syscall.ENOTEMPTY)
	wantErr(t, "Rmdir .", fs.Rmdir(r, "."), syscall.EINVAL)
	_, err = fs.WriteAt(d, []byte("x"), 0)
	wantErr(t, "WriteAt dir", err, syscall.EISDIR)
	_, err = fs.Create(r, strings.Repeat("n", 256), 0o644, 0, 0)
	wantErr(t, "long name", err, syscall.ENAMETOOLONG)
	_, err = fs.Create(r, "a/b", 0o644, 0, 0)
	wantErr(t, "slash", err, syscall.EINVAL)
	wantErr(t, "Rename dir into itself", fs.Rename(r, "d", dd, "loop"), syscall.EINVAL)
	wantErr(t, "Rename dir over non-empty dir", fs.Rename(r, "e", r, "d"), syscall.ENOTEMPTY)
	wantErr(t, "Rename file over dir", fs.Rename(r, "f", r, "e"), syscall.EISDIR)
	wantErr(t, "Rename dir over file", fs.Rename(r, "e", r, "f"), syscall.ENOTDIR)
	wantErr(t, "Link dir", fs.Link(d, r, "dl"), syscall.EPERM)
	_, err = fs.WriteAt(f, []byte("x"), 1<<50)
	wantErr(t, "huge offset", err, syscall.EFBIG)

	// Allowed renames: over an empty dir, over a file, across dirs.
	if err := fs.Rename(d, "dd", r, "e"); err != nil {
		t.Fatal(err)
	}
	g, _ := fs.Create(r, "g", 0o600, 0, 0)
	writeAll(t, fs, g, []byte("gee"), 0)
	if err := fs.Rename(r, "g", r, "f"); err != nil {
		t.Fatal(err)
	}
	if ino, _ := fs.Lookup(r, "f"); ino != g {
		t.Fatalf("f is %d, want %d", ino, g)
	}
	if ino, _ := fs.Lookup(walk(t, fs, "e"), ".."); ino != r {
		t.Fatalf("e/.. is %d", ino)
	}
	st, _ := fs.Stat(r)
	if st.Nlink != 5 { // ., .., lost+found, d, e
		t.Fatalf("root nlink %d, want 5", st.Nlink)
	}
	if err := fs.SetAttr(g, AttrChange{Valid: SetMode | SetUid | SetSize, Mode: 0o600, Uid: 77, Size: 1}); err != nil {
		t.Fatal(err)
	}
	if st, _ := fs.Stat(g); st.Mode != syscall.S_IFREG|0o600 || st.Uid != 77 || st.Size != 1 {
		t.Fatalf("after SetAttr: %+v", st)
	}
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	fsck(t, img)
	if out := debugfs(t, img, "cat /f"); out != "g" {
		t.Fatalf("debugfs cat /f: %q", out)
	}

	fs = mustMount(t, openFileDev(t, img), true)
	_, err = fs.Create(r, "ro", 0o644, 0, 0)
	wantErr(t, "Create on read-only", err, syscall.EROFS)
	fs.Unmount()
}

// TestOrphan removes an open file, then loses power: both our Mount
// and e2fsck free it; and Release frees it when there is no crash.
func TestOrphan(t *testing.T) {
	img := mkfs(t, 32<<20, "-b", "4096")
	base, _ := os.ReadFile(img)
	dev := &memDev{b: slices.Clone(base)}
	fs := mustMount(t, dev, false)
	st0, _ := fs.StatFS()
	ino, _ := fs.Create(fs.Root(), "tmp", 0o644, 0, 0)
	writeAll(t, fs, ino, pattern(1, 1<<20), 0)
	keep, _ := fs.Create(fs.Root(), "keep", 0o644, 0, 0)
	writeAll(t, fs, keep, []byte("kept"), 0)
	if err := fs.Open(ino); err != nil {
		t.Fatal(err)
	}
	if err := fs.Unlink(fs.Root(), "tmp"); err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, fs, ino); !bytes.Equal(got, pattern(1, 1<<20)) {
		t.Fatal("open unlinked file lost its data")
	}
	if err := fs.SyncFS(); err != nil {
		t.Fatal(err)
	}
	crashed := slices.Clone(dev.b) // power cut: no Release, no Unmount

	fs2 := mustMount(t, &memDev{b: slices.Clone(crashed)}, false)
	if st, _ := fs2.StatFS(); st.BlocksFree != st0.BlocksFree-1 || st.InodesFree != st0.InodesFree-1 {
		t.Fatalf("after orphan recovery: %+v, before: %+v", st, st0)
	}
	fs2.Unmount()

	p := filepath.Join(t.TempDir(), "c.img")
	os.WriteFile(p, crashed, 0o644)
	out, code := runTool(t, "e2fsck", "-fy", p)
	if code > 1 || !strings.Contains(out, "orphan") {
		t.Fatalf("e2fsck -fy: exit %d\n%s", code, out)
	}
	fsck(t, p)

	if err := fs.Release(ino); err != nil {
		t.Fatal(err)
	}
	if st, _ := fs.StatFS(); st.BlocksFree != st0.BlocksFree-1 {
		t.Fatalf("after Release: %+v, before: %+v", st, st0)
	}
	fs.Unmount()
	os.WriteFile(p, dev.b, 0o644)
	fsck(t, p)
}

// TestENOSPC fills a small file system: the write that does not fit
// fails with ENOSPC, what was synced stays, and e2fsck is clean.
func TestENOSPC(t *testing.T) {
	for _, v := range []struct {
		name string
		opts []string
	}{
		{"1k", []string{"-b", "1024", "-N", "64"}},
		{"4k", []string{"-b", "4096", "-N", "64"}},
	} {
		t.Run(v.name, func(t *testing.T) {
			img := mkfs(t, 8<<20, v.opts...)
			fs := mustMount(t, openFileDev(t, img), false)
			r := fs.Root()
			a, _ := fs.Create(r, "a", 0o644, 0, 0)
			data := pattern(7, 3<<20)
			writeAll(t, fs, a, data, 0)
			if err := fs.Sync(a); err != nil {
				t.Fatal(err)
			}
			b, _ := fs.Create(r, "b", 0o644, 0, 0)
			chunk := pattern(8, 256<<10)
			var err error
			var off int64
			for i := 0; i < 100; i++ {
				var n int
				n, err = fs.WriteAt(b, chunk, off)
				off += int64(n)
				if err != nil {
					break
				}
			}
			wantErr(t, "filling write", err, syscall.ENOSPC)
			if st, _ := fs.StatFS(); st.BlocksFree > 64 {
				t.Fatalf("ENOSPC with %d blocks free", st.BlocksFree)
			}
			// Inodes run out too.
			for i := 0; ; i++ {
				_, err = fs.Create(r, "i"+itoa(uint64(i)), 0o644, 0, 0)
				if err != nil {
					break
				}
			}
			wantErr(t, "inode exhaustion", err, syscall.ENOSPC)
			if got := readAll(t, fs, a); !bytes.Equal(got, data) {
				t.Fatal("synced file changed")
			}
			got := readAll(t, fs, b)
			for i := int64(0); i < int64(len(got)); i += int64(len(chunk)) {
				if !bytes.Equal(got[i:min(i+int64(len(chunk)), int64(len(got)))], chunk[:min(int64(len(chunk)), int64(len(got))-i)]) {
					t.Fatalf("b differs at %d", i)
				}
			}
			// Freeing space makes room again, without a sync first:
			// the blocks b had become allocatable when the running
			// transaction commits, which running out forces.
			for _, n := range []string{"b", "i0"} {
				if err := fs.Unlink(r, n); err != nil {
					t.Fatal(err)
				}
			}
			c, err := fs.Mkdir(r, "after", 0o755, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			x, err := fs.Create(c, "x", 0o644, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			writeAll(t, fs, x, pattern(9, 256<<10), 0)
			if err := fs.Unmount(); err != nil {
				t.Fatal(err)
			}
			fsck(t, img)
			if out := debugfs(t, img, "cat /a"); out != string(data) {
				t.Fatal("debugfs sees a different /a")
			}
		})
	}
}
