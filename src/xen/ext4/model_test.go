// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// TestRandomOps compares files against an in-memory model through
// random unaligned, sparse and overlapping writes and truncates, then
// lets e2fsck and debugfs judge the result.
func TestRandomOps(t *testing.T) {
	for _, v := range []struct {
		name string
		opts []string
	}{
		{"4k", []string{"-b", "4096"}},
		{"1k", []string{"-b", "1024"}},
	} {
		t.Run(v.name, func(t *testing.T) {
			img := mkfs(t, 64<<20, v.opts...)
			fs := mustMount(t, openFileDev(t, img), false)
			rng := rand.New(rand.NewPCG(7, 7))
			const nfiles = 6
			inos := make([]Ino, nfiles)
			model := make([][]byte, nfiles)
			for i := range inos {
				var err error
				if inos[i], err = fs.Create(fs.Root(), "m"+itoa(uint64(i)), 0o644, 0, 0); err != nil {
					t.Fatal(err)
				}
			}
			for step := range 1500 {
				i := rng.IntN(nfiles)
				switch rng.IntN(8) {
				case 0:
					size := rng.IntN(len(model[i]) + 1)
					if rng.IntN(4) == 0 {
						size += rng.IntN(100000)
					}
					if err := fs.Truncate(inos[i], int64(size)); err != nil {
						t.Fatal(err)
					}
					if size <= len(model[i]) {
						model[i] = model[i][:size]
					} else {
						model[i] = append(model[i], make([]byte, size-len(model[i]))...)
					}
				case 1:
					if err := fs.SyncFS(); err != nil {
						t.Fatal(err)
					}
				default:
					off := rng.IntN(len(model[i]) + 20000)
					if rng.IntN(10) == 0 {
						off += rng.IntN(2 << 20)
					}
					p := pattern(step, 1+rng.IntN(40000))
					writeAll(t, fs, inos[i], p, int64(off))
					if end := off + len(p); end > len(model[i]) {
						model[i] = append(model[i], make([]byte, end-len(model[i]))...)
					}
					copy(model[i][off:], p)
				}
				if step%100 == 0 || step == 1499 {
					for j := range inos {
						if got := readAll(t, fs, inos[j]); !bytes.Equal(got, model[j]) {
							t.Fatalf("step %d: file %d differs (len %d, want %d)", step, j, len(got), len(model[j]))
						}
						// Unaligned partial reads.
						if len(model[j]) > 10 {
							off := rng.IntN(len(model[j]))
							q := make([]byte, rng.IntN(9000)+1)
							n, _ := fs.ReadAt(inos[j], q, int64(off))
							if !bytes.Equal(q[:n], model[j][off:off+n]) {
								t.Fatalf("step %d: partial read of %d differs", step, j)
							}
						}
					}
				}
			}
			if err := fs.Unmount(); err != nil {
				t.Fatal(err)
			}
			fsck(t, img)
			for j := range inos {
				if out := debugfs(t, img, "cat /m"+itoa(uint64(j))); out != string(model[j]) {
					t.Fatalf("debugfs cat /m%d differs", j)
				}
			}
		})
	}
}

// TestReadAhead reads a file in small sequential pieces while it is
// rewritten ahead of the reader: the read-ahead window never serves
// stale data.
func TestReadAhead(t *testing.T) {
	img := mkfs(t, 32<<20, "-b", "4096")
	fs := mustMount(t, openFileDev(t, img), false)
	ino, _ := fs.Create(fs.Root(), "f", 0o644, 0, 0)
	model := pattern(1, 3<<20+777)
	writeAll(t, fs, ino, model, 0)
	q := make([]byte, 3000)
	for off, i := int64(0), 0; off < int64(len(model)); off, i = off+int64(len(q)), i+1 {
		if i%50 == 7 {
			p := pattern(i, 5000)
			at := off + int64(i%3)*1000
			writeAll(t, fs, ino, p, at)
			if end := at + int64(len(p)); end > int64(len(model)) {
				model = append(model, make([]byte, end-int64(len(model)))...)
			}
			copy(model[at:], p)
		}
		n, _ := fs.ReadAt(ino, q, off)
		if !bytes.Equal(q[:n], model[off:off+int64(n)]) {
			t.Fatalf("read at %d differs", off)
		}
	}
	fs.Unmount()
}
