// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

// Read-ahead: a small read that continues the previous one (or starts
// a file) reads raSize bytes into a window, and the reads that follow
// are served from memory. Any change to file data drops the windows
// of that file; a window read while some file changed is not kept.

const (
	raSize    = 512 << 10
	raWindows = 4
)

type raWindow struct {
	ino  Ino
	off  int64
	data []byte
	next int64  // where the last read of ino ended
	used uint64 // for replacement
}

type readAhead struct {
	w    [raWindows]raWindow
	tick uint64
	gen  uint64 // counts data changes
}

// hit copies p from a window holding [off, off+len(p)).
func (ra *readAhead) hit(ino Ino, p []byte, off int64) bool {
	for i := range ra.w {
		w := &ra.w[i]
		if w.ino == ino && w.data != nil && off >= w.off && off+int64(len(p)) <= w.off+int64(len(w.data)) {
			copy(p, w.data[off-w.off:])
			ra.tick++
			w.next, w.used = off+int64(len(p)), ra.tick
			return true
		}
	}
	return false
}

// sequential reports whether a read at off continues ino's last one.
func (ra *readAhead) sequential(ino Ino, off int64) bool {
	if off == 0 {
		return true
	}
	for i := range ra.w {
		if ra.w[i].ino == ino && ra.w[i].next == off {
			return true
		}
	}
	return false
}

// note records a read of ino ending at next, with the data read ahead
// from off (data may be nil).
func (ra *readAhead) note(ino Ino, off int64, data []byte, next int64) {
	slot := 0
	for i := range ra.w {
		if ra.w[i].ino == ino {
			slot = i
			break
		}
		if ra.w[i].used < ra.w[slot].used {
			slot = i
		}
	}
	ra.tick++
	ra.w[slot] = raWindow{ino: ino, off: off, data: data, next: next, used: ra.tick}
}

// drop forgets ino's window: its data changed.
func (ra *readAhead) drop(ino Ino) {
	ra.gen++
	for i := range ra.w {
		if ra.w[i].ino == ino {
			ra.w[i] = raWindow{}
		}
	}
}
