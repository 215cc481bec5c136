// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Reads, writes and directory listings of files on mounted file
// systems. They run without fsLock, so that a goroutine waiting for a
// disk does not stall every other descriptor (sockets included).

package syscall

// readMounted reads from the file's offset if at is negative, else at
// at.
func (f *openFile) readMounted(p []byte, at int64) (int, error) {
	n := f.node
	if at >= 0 {
		k, err := n.mnt.fs.ReadAt(n.fino, p, at)
		return k, fsErr(err)
	}
	f.pos.Lock()
	defer f.pos.Unlock()
	k, err := n.mnt.fs.ReadAt(n.fino, p, f.offset)
	f.offset += int64(k)
	return k, fsErr(err)
}

// writeMounted writes at the file's offset (its end with O_APPEND) if
// at is negative, else at at.
func (f *openFile) writeMounted(p []byte, at int64) (int, error) {
	n := f.node
	if at >= 0 {
		if at+int64(len(p)) < at {
			return 0, EFBIG
		}
		k, err := n.mnt.fs.WriteAt(n.fino, p, at)
		mmapWrote(n, p[:k], at)
		return k, fsErr(err)
	}
	f.pos.Lock()
	defer f.pos.Unlock()
	off := f.offset
	if f.flags&O_APPEND != 0 {
		a, err := n.attr()
		if err != nil {
			return 0, err
		}
		off = a.Size
	}
	if off+int64(len(p)) < off {
		return 0, EFBIG
	}
	k, err := n.mnt.fs.WriteAt(n.fino, p, off)
	mmapWrote(n, p[:k], off)
	f.offset = off + int64(k)
	return k, fsErr(err)
}

// readDirentMounted is ReadDirent for a directory of a mounted file
// system: its entries as the file system listed them when reading
// started. fsLock must be held.
func (f *openFile) readDirentMounted(buf []byte) (int, error) {
	d := f.node
	if !f.listed {
		ents, err := d.mnt.fs.ReadDir(d.fino)
		if err != nil {
			return 0, fsErr(err)
		}
		f.ents, f.listed, f.next = ents, true, 0
	}
	w := 0
	for ; f.next < len(f.ents); f.next++ {
		e := f.ents[f.next]
		ino := e.Ino
		if e.Name == ".." && d == d.mnt.root {
			ino = d.mnt.point.parent.ino
		}
		k := putDirent(buf[w:], ino, f.next+1, direntType(e.Type), e.Name)
		if k == 0 {
			if w == 0 {
				return 0, EINVAL
			}
			break
		}
		w += k
	}
	return w, nil
}
