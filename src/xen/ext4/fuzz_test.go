// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var fuzzBase struct {
	once sync.Once
	img  [2][]byte // with and without metadata_csum
	err  string
}

// fuzzImage is a tiny file system with a little of everything, made
// once per process by mkfs.ext4 -d (so no image lives in testdata).
func fuzzImage(t testing.TB) [2][]byte {
	fuzzBase.once.Do(func() {
		requireTools(t)
		src := t.TempDir()
		os.MkdirAll(filepath.Join(src, "d/e"), 0o755)
		os.WriteFile(filepath.Join(src, "a"), []byte("alpha"), 0o644)
		os.WriteFile(filepath.Join(src, "d/b"), pattern(1, 5000), 0o644)
		os.WriteFile(filepath.Join(src, "d/e/c"), pattern(2, 30000), 0o644)
		for i := range 40 {
			os.WriteFile(filepath.Join(src, "d/n"+itoa(uint64(i))), nil, 0o644)
		}
		os.Symlink("a", filepath.Join(src, "s"))
		for i, opt := range []string{"metadata_csum", "^metadata_csum"} {
			img := mkfs(t, 256<<10, "-b", "1024", "-N", "64", "-O", opt, "-d", src)
			b, err := os.ReadFile(img)
			if err != nil {
				fuzzBase.err = err.Error()
			}
			fuzzBase.img[i] = b
		}
	})
	if fuzzBase.err != "" {
		t.Fatal(fuzzBase.err)
	}
	return fuzzBase.img
}

// FuzzMount mounts the tiny image with patches applied and walks and
// changes the tree: it must never panic, hang or allocate wildly. The
// input is a list of patches, 3 bytes each: a 2-byte offset (scaled
// over the image's metadata blocks) and a byte to xor in. An odd
// length picks the image without metadata_csum, where damage is not
// caught by checksums and reaches deeper.
func FuzzMount(f *testing.F) {
	bases := fuzzImage(f)
	f.Add([]byte{})
	f.Add([]byte{0x04, 0x00, 0x01})                   // superblock
	f.Add([]byte{0x08, 0x00, 0x80, 0x10, 0x00, 0x40}) // descriptors
	for _, off := range []uint16{0x2000, 0x2400, 0x4000, 0x8000, 0xa000, 0xc800} {
		f.Add([]byte{byte(off >> 8), byte(off), 0xff})
		f.Add([]byte{byte(off >> 8), byte(off), 0xff, 0})
	}
	f.Fuzz(func(t *testing.T, patch []byte) {
		base := bases[len(patch)%2]
		img := make([]byte, len(base))
		copy(img, base)
		for i := 0; i+3 <= len(patch); i += 3 {
			off := (int(patch[i])<<8 | int(patch[i+1])) * 2 // first 128 KiB
			img[off%len(img)] ^= patch[i+2]
		}
		for _, ro := range []bool{true, false} {
			fs, err := Mount(&memDev{b: img}, Options{ReadOnly: ro})
			if err != nil {
				continue
			}
			exercise(fs, fs.Root(), 0)
			if !ro {
				if ino, err := fs.Create(fs.Root(), "new", 0o644, 0, 0); err == nil {
					fs.WriteAt(ino, pattern(3, 9000), 100)
					fs.Truncate(ino, 50)
				}
				fs.Mkdir(fs.Root(), "nd", 0o755, 0, 0)
				fs.Unlink(fs.Root(), "a")
				fs.Rename(fs.Root(), "d", fs.Root(), "d2")
				if ino, err := fs.Lookup(fs.Root(), "d2"); err == nil {
					fs.Unlink(ino, "b")
					fs.Create(ino, "zz", 0o644, 0, 0)
				}
				fs.SyncFS()
			}
			fs.Unmount()
		}
	})
}

func exercise(fs *FS, dir Ino, depth int) {
	if depth > 8 {
		return
	}
	ents, err := fs.ReadDir(dir)
	if err != nil {
		return
	}
	p := make([]byte, 4096)
	for _, e := range ents {
		if e.Name == "." || e.Name == ".." {
			continue
		}
		fs.Lookup(dir, e.Name)
		st, err := fs.Stat(e.Ino)
		if err != nil {
			continue
		}
		switch st.Mode & 0o170000 {
		case 0o040000:
			exercise(fs, e.Ino, depth+1)
		case 0o100000:
			for off := int64(0); off < min(st.Size, 1<<20); off += int64(len(p)) {
				if _, err := fs.ReadAt(e.Ino, p, off); err != nil {
					break
				}
			}
		case 0o120000:
			fs.Readlink(e.Ino)
		}
	}
}
