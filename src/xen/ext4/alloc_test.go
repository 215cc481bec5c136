// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"bytes"
	"testing"
)

// TestWriteAllocs checks that a small write to an open file allocates
// nothing once the file's blocks exist, as upstream's os test
// TestWriteStringAlloc wants of a file on a disk: appends and
// overwrites inside the last block, and a Stat (O_APPEND's size).
func TestWriteAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, v := range variants[:4] { // default4k, 1k, nocsum, nojournal
		t.Run(v.name, func(t *testing.T) {
			img := mkfs(t, v.size, v.opts...)
			fs := mustMount(t, openFileDev(t, img), false)
			ino, err := fs.Create(fs.Root(), "f", 0o644, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			if err := fs.Open(ino); err != nil {
				t.Fatal(err)
			}
			hello := []byte("hello")
			var want []byte
			off := int64(0)
			write := func() {
				if _, err := fs.WriteAt(ino, hello, off); err != nil {
					t.Fatal(err)
				}
				off += int64(len(hello))
			}
			write()
			if n := testing.AllocsPerRun(100, write); n != 0 {
				t.Errorf("append of %d bytes: %v allocations, want 0", len(hello), n)
			}
			want = bytes.Repeat(hello, int(off)/len(hello))
			if n := testing.AllocsPerRun(100, func() {
				if _, err := fs.WriteAt(ino, hello, 3); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("overwrite of %d bytes: %v allocations, want 0", len(hello), n)
			}
			copy(want[3:], hello)
			if n := testing.AllocsPerRun(100, func() {
				if _, err := fs.Stat(ino); err != nil {
					t.Fatal(err)
				}
			}); n != 0 {
				t.Errorf("Stat: %v allocations, want 0", n)
			}
			if got := readAll(t, fs, ino); !bytes.Equal(got, want) {
				t.Fatalf("read back %q, want %q", got, want)
			}
			if err := fs.Release(ino); err != nil {
				t.Fatal(err)
			}
			if err := fs.Unmount(); err != nil {
				t.Fatal(err)
			}
			fsck(t, img)
		})
	}
}
