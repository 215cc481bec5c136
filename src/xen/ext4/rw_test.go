// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var variants = []struct {
	name string
	size int64
	opts []string
}{
	{"default4k", 64 << 20, []string{"-b", "4096"}},
	{"1k", 32 << 20, []string{"-b", "1024"}},
	{"nocsum", 64 << 20, []string{"-b", "4096", "-O", "^metadata_csum"}},
	{"nojournal", 64 << 20, []string{"-b", "4096", "-O", "^has_journal"}},
	{"inode128", 64 << 20, []string{"-b", "4096", "-I", "128"}},
	{"csumseed", 64 << 20, []string{"-b", "4096", "-O", "metadata_csum_seed"}},
	{"not64bit", 64 << 20, []string{"-b", "4096", "-O", "^64bit"}},
	{"orphanfile", 64 << 20, []string{"-b", "4096", "-O", "orphan_file"}},
	{"uninitbg", 64 << 20, []string{"-b", "4096", "-O", "^metadata_csum,uninit_bg"}},
	{"2k", 64 << 20, []string{"-b", "2048"}},
	{"64k", 128 << 20, []string{"-b", "65536"}},
	{"largedir", 64 << 20, []string{"-b", "4096", "-O", "large_dir"}},
	{"sparse2", 64 << 20, []string{"-b", "4096", "-O", "sparse_super2"}},
}

// TestWriteFsck builds a tree with every kind of change, unmounts, and
// checks that e2fsck is clean and debugfs sees the same files.
func TestWriteFsck(t *testing.T) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			img := mkfs(t, v.size, v.opts...)
			fs := mustMount(t, openFileDev(t, img), false)
			root := fs.Root()
			d, err := fs.Mkdir(root, "dir", 0o755, 1000, 1000)
			if err != nil {
				t.Fatal(err)
			}
			sub, err := fs.Mkdir(d, "sub", 0o700, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string][]byte{}
			mk := func(dir Ino, path, name string, data []byte, off int64) {
				ino, err := fs.Create(dir, name, 0o644, 0, 0)
				if err != nil {
					t.Fatalf("Create %s: %v", name, err)
				}
				if data != nil {
					writeAll(t, fs, ino, data, off)
				}
				full := make([]byte, off+int64(len(data)))
				copy(full[off:], data)
				files[path+"/"+name] = full
			}
			mk(root, "", "empty", nil, 0)
			mk(root, "", "small", []byte("hello, world\n"), 0)
			mk(d, "/dir", "big", pattern(1, 3<<20+123), 0)
			mk(sub, "/dir/sub", "sparse", pattern(2, 5000), 1<<20+7)
			for i := range 300 {
				mk(d, "/dir", "many-"+strings.Repeat("x", i%50)+itoa(uint64(i)), pattern(i, i*37), 0)
			}
			// Overwrite in the middle of big, across block edges.
			big := walk(t, fs, "/dir/big")
			patch := pattern(9, 10000)
			writeAll(t, fs, big, patch, 4095)
			copy(files["/dir/big"][4095:], patch)
			// Truncate down and up.
			if err := fs.Truncate(big, 2<<20+5); err != nil {
				t.Fatal(err)
			}
			if err := fs.Truncate(big, 2<<20+9000); err != nil {
				t.Fatal(err)
			}
			b := files["/dir/big"][:2<<20+5]
			files["/dir/big"] = append(b, make([]byte, 8995)...)
			// Symlinks, short and long.
			if _, err := fs.Symlink(root, "short", "dir/big", 0, 0); err != nil {
				t.Fatal(err)
			}
			long := strings.Repeat("a/", 100) + "end"
			if _, err := fs.Symlink(root, "long", long, 0, 0); err != nil {
				t.Fatal(err)
			}
			// Hard link, unlink, rename over a file, rmdir.
			small := walk(t, fs, "/small")
			if err := fs.Link(small, d, "small-link"); err != nil {
				t.Fatal(err)
			}
			files["/dir/small-link"] = files["/small"]
			for i := 0; i < 300; i += 3 {
				name := "many-" + strings.Repeat("x", i%50) + itoa(uint64(i))
				if err := fs.Unlink(d, name); err != nil {
					t.Fatal(err)
				}
				delete(files, "/dir/"+name)
			}
			if err := fs.Rename(d, "many-x1", root, "small"); err != nil {
				t.Fatal(err)
			}
			files["/small"] = files["/dir/many-x1"]
			delete(files, "/dir/many-x1")
			if _, err := fs.Mkdir(d, "gone", 0o755, 0, 0); err != nil {
				t.Fatal(err)
			}
			if err := fs.Rmdir(d, "gone"); err != nil {
				t.Fatal(err)
			}
			if err := fs.Rename(d, "sub", root, "moved"); err != nil {
				t.Fatal(err)
			}
			for k, v := range files {
				if strings.HasPrefix(k, "/dir/sub/") {
					files["/moved/"+k[len("/dir/sub/"):]] = v
					delete(files, k)
				}
			}
			check := func(fs *FS) {
				for path, want := range files {
					got := readAll(t, fs, walk(t, fs, path))
					if !bytes.Equal(got, want) {
						t.Fatalf("%s: content differs (len %d, want %d)", path, len(got), len(want))
					}
				}
				if s, err := fs.Readlink(walk(t, fs, "/long")); err != nil || s != long {
					t.Fatalf("Readlink long: %q %v", s, err)
				}
			}
			check(fs)
			if err := fs.Unmount(); err != nil {
				t.Fatal(err)
			}
			fsck(t, img)
			for _, path := range []string{"/small", "/dir/big", "/moved/sparse", "/dir/many-xxxxxxx7"} {
				out := debugfs(t, img, "cat "+path)
				if !bytes.Equal([]byte(out), files[path]) {
					t.Fatalf("debugfs cat %s differs (len %d, want %d)", path, len(out), len(files[path]))
				}
			}
			ls := debugfs(t, img, "ls -l /")
			for _, n := range []string{"dir", "small", "short", "long", "moved", "empty"} {
				if !strings.Contains(ls, " "+n+"\n") && !strings.Contains(ls, " "+n+" ") {
					t.Fatalf("debugfs ls / lacks %s:\n%s", n, ls)
				}
			}
			if s := debugfs(t, img, "stat /short"); !strings.Contains(s, `Fast link dest: "dir/big"`) {
				t.Fatalf("short symlink: %s", s)
			}
			// And mount again, read-only, to read it all back.
			fs = mustMount(t, openFileDev(t, img), true)
			check(fs)
			fs.Unmount()
		})
	}
}

// TestReadMkfsD reads a tree that mkfs.ext4 -d and debugfs wrote.
func TestReadMkfsD(t *testing.T) {
	requireTools(t)
	src := t.TempDir()
	want := map[string][]byte{}
	put := func(path string, data []byte) {
		p := filepath.Join(src, path)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		want[path] = data
	}
	put("a.txt", []byte("alpha\n"))
	put("d/e/f.bin", pattern(3, 200000))
	put("d/big.bin", pattern(4, 5<<20))
	for i := range 400 { // enough names for an htree directory
		put("htree/file-with-a-long-name-"+itoa(uint64(i)), pattern(i, i%7))
	}
	os.Symlink("a.txt", filepath.Join(src, "ln"))
	os.Symlink(strings.Repeat("long/", 30), filepath.Join(src, "longln"))
	img := mkfs(t, 64<<20, "-b", "4096", "-d", src)
	// e2fsck -D builds the htree index mkfs -d does not.
	if out, code := runTool(t, "e2fsck", "-fyD", img); code > 1 {
		t.Fatalf("e2fsck -fyD: exit %d\n%s", code, out)
	}
	host := filepath.Join(t.TempDir(), "host")
	os.WriteFile(host, pattern(5, 70000), 0o644)
	if out, code := runTool(t, "debugfs", "-w", "-R", "write "+host+" viadebugfs", img); code != 0 {
		t.Fatalf("debugfs write: %s", out)
	}
	want["viadebugfs"] = pattern(5, 70000)
	fs := mustMount(t, openFileDev(t, img), true)
	for path, data := range want {
		got := readAll(t, fs, walk(t, fs, path))
		if !bytes.Equal(got, data) {
			t.Fatalf("%s differs", path)
		}
	}
	if s, _ := fs.Readlink(walk(t, fs, "ln")); s != "a.txt" {
		t.Fatalf("ln -> %q", s)
	}
	if s, _ := fs.Readlink(walk(t, fs, "longln")); s != strings.Repeat("long/", 30) {
		t.Fatalf("longln -> %q", s)
	}
	ents, err := fs.ReadDir(walk(t, fs, "htree"))
	if err != nil || len(ents) != 402 {
		t.Fatalf("ReadDir htree: %d entries, %v", len(ents), err)
	}
	st, _ := fs.Stat(walk(t, fs, "htree"))
	in, _ := fs.readInode(st.Ino)
	if in.flags&flagIndex == 0 {
		t.Fatalf("htree directory is not indexed; the test needs one")
	}
	fs.Unmount()

	// Change the htree directory: it must become a valid linear one.
	fs = mustMount(t, openFileDev(t, img), false)
	h := walk(t, fs, "htree")
	for i := 0; i < 400; i += 2 {
		if err := fs.Unlink(h, "file-with-a-long-name-"+itoa(uint64(i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fs.Create(h, "new", 0o600, 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := fs.Unmount(); err != nil {
		t.Fatal(err)
	}
	fsck(t, img)
	out := debugfs(t, img, "ls /htree")
	if !strings.Contains(out, "file-with-a-long-name-399") || strings.Contains(out, "file-with-a-long-name-398 ") || !strings.Contains(out, " new ") {
		t.Fatalf("debugfs ls /htree:\n%s", out)
	}
}
