// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// File mappings. A mapping is a copy of the file's bytes. A shared one
// must then behave as if it were the file's page cache, so:
//
//   - every write to the file (write, pwrite, truncate, through any
//     descriptor) is copied into the file's shared mappings by the hooks
//     mmapWrote and mmapTruncated, which the write paths call;
//   - what the program writes through a shared mapping reaches the file
//     on Msync and Munmap, and at exit for mounted files. A writable
//     shared mapping keeps a shadow, the file's bytes as last seen; the
//     bytes that differ from it are the program's writes, and only they
//     are written back. Writing back whole pages instead would put the
//     mapping's stale copy of bytes that another mapping wrote, and has
//     not written back yet, over that mapping's.
//
// Writes racing on the same bytes of a mounted file (which are written
// without fsLock) may leave a mapping with the earlier of them.

package syscall

import (
	"internal/runtime/exithook"
	"sync"
	"sync/atomic"
)

// A mappedFile is a file with shared mappings.
type mappedFile struct {
	users int // registered mappings; mmapLock guards it

	// mu guards maps, and the bytes of their pages and shadows against
	// the file's writes. It comes after fsLock and mmapLock.
	mu   sync.Mutex
	maps []*mapping
}

// A fileKey names a file whatever inode stands for it: a mounted
// file's proxy is made afresh by each lookup (see same).
type fileKey struct {
	mnt *mount
	ino uint64 // the inode number in memory, the file number on mnt
}

func keyOf(n *inode) fileKey {
	if n.mnt != nil {
		return fileKey{n.mnt, n.fino}
	}
	return fileKey{nil, n.ino}
}

var (
	mappedFiles = map[fileKey]*mappedFile{} // mmapLock guards it
	// nMappedFiles is len(mappedFiles), so that writes to files with
	// no shared mappings (nearly all) skip mmapLock.
	nMappedFiles atomic.Int32

	exitWriteBack sync.Once
)

// mapFile sets m up as a mapping of size bytes of the file open as fd,
// from off.
func (m *mapping) mapFile(fd int, off, size int64, prot int) error {
	fsLock.Lock()
	f, err := fileAt(fd)
	if err != nil {
		fsLock.Unlock()
		return err
	}
	n, acc := f.node, f.flags&O_ACCMODE
	if _, ok := n.dev.(zeroDevice); ok {
		fsLock.Unlock()
		// As on Linux, /dev/zero maps as anonymous memory.
		if m.pages = newPages(uintptr(size)); m.pages == nil {
			return ENOMEM
		}
		m.flags |= MAP_ANON
		return nil
	}
	shared := m.flags&MAP_TYPE == MAP_SHARED
	switch {
	case !n.isRegular():
		err = ENODEV
	case acc == O_WRONLY, shared && prot&PROT_WRITE != 0 && acc != O_RDWR:
		err = EACCES
	case off+size < off:
		err = EOVERFLOW
	case n.mnt != nil:
		// Hold the file as an open descriptor does, so that it
		// outlives its names, and its file system stays mounted.
		err = openProxy(n)
	}
	fsLock.Unlock()
	if err != nil {
		return err
	}
	m.node, m.off, m.canWrite = n, off, acc == O_RDWR
	if err := m.setUp(uintptr(size), shared && prot&PROT_WRITE != 0); err != nil {
		m.drop()
		return err
	}
	return nil
}

func (m *mapping) setUp(size uintptr, writable bool) error {
	if m.pages = newPages(size); m.pages == nil {
		return ENOMEM
	}
	if writable {
		if m.shadow = newPages(size); m.shadow == nil {
			return ENOMEM
		}
		m.writeBackAtExit()
	}
	if m.flags&MAP_TYPE == MAP_SHARED {
		// Registered before the copy is taken: a write is then
		// either in the copy or copied in by its hook after.
		m.register()
	}
	return m.fill(0, len(m.pages))
}

// register adds m to its file's shared mappings.
func (m *mapping) register() {
	k := keyOf(m.node)
	mmapLock.Lock()
	mf := mappedFiles[k]
	if mf == nil {
		mf = &mappedFile{}
		mappedFiles[k] = mf
		nMappedFiles.Add(1)
	}
	mf.users++
	mmapLock.Unlock()
	mf.mu.Lock()
	mf.maps = append(mf.maps, m)
	mf.mu.Unlock()
	m.file = mf
}

// drop gives back everything m holds: its pages, its place among its
// file's shared mappings, its hold on the file.
func (m *mapping) drop() {
	if mf := m.file; mf != nil {
		mf.mu.Lock()
		for i, x := range mf.maps {
			if x == m {
				mf.maps = append(mf.maps[:i], mf.maps[i+1:]...)
				break
			}
		}
		mf.mu.Unlock()
		mmapLock.Lock()
		if mf.users--; mf.users == 0 {
			delete(mappedFiles, keyOf(m.node))
			nMappedFiles.Add(-1)
		}
		mmapLock.Unlock()
		m.file = nil
	}
	if m.node != nil && m.node.mnt != nil {
		fileRelease{m.node}.release()
	}
	freePages(m.shadow)
	freePages(m.pages)
	m.node, m.shadow, m.pages = nil, nil, nil
}

// lockFile takes the locks a write to m's file holds while its hook
// runs (fsLock for a file in memory; mf.mu for a shared mapping), so
// that what m does with the file's bytes is ordered with the writes.
func (m *mapping) lockFile() (unlock func()) {
	inMemory := m.node.mnt == nil
	if inMemory {
		fsLock.Lock()
	}
	if m.file != nil {
		m.file.mu.Lock()
	}
	return func() {
		if m.file != nil {
			m.file.mu.Unlock()
		}
		if inMemory {
			fsLock.Unlock()
		}
	}
}

// fill copies the file's bytes into pages[lo:hi], and into the shadow,
// if any, with zeros past the file's end.
func (m *mapping) fill(lo, hi int) error {
	defer m.lockFile()()
	n, p, at := m.node, m.pages[lo:hi], m.off+int64(lo)
	k := 0
	if n.mnt == nil {
		k = n.readAt(p, at)
	} else {
		for k < len(p) {
			r, err := n.mnt.fs.ReadAt(n.fino, p[k:], at+int64(k))
			if err != nil {
				return fsErr(err)
			}
			if r == 0 {
				break
			}
			k += r
		}
	}
	clear(p[k:])
	if m.shadow != nil {
		copy(m.shadow[lo:hi], p)
	}
	return nil
}

// makeWritable lets the program write m, a shared file mapping, from
// now on: its writes will be written back.
func (m *mapping) makeWritable() error {
	if !m.canWrite {
		return EACCES
	}
	shadow := newPages(uintptr(len(m.pages)))
	if shadow == nil {
		return ENOMEM
	}
	unlock := m.lockFile()
	copy(shadow, m.pages)
	m.shadow = shadow
	unlock()
	m.writeBackAtExit()
	return nil
}

// msync is Msync for the pages [lo, hi) of m.
func (m *mapping) msync(lo, hi int, flags int) error {
	if m.file == nil {
		return nil // anonymous or private: nothing to write back
	}
	if m.shadow != nil {
		if err := m.writeBack(lo, hi); err != nil {
			return err
		}
	}
	if n := m.node; flags&MS_SYNC != 0 && n.mnt != nil {
		// As Linux's msync(MS_SYNC), which fsyncs the file: writes
		// made with write(2) become durable too.
		return fsErr(n.mnt.fs.Sync(n.fino))
	}
	return nil
}

// spanGap is how many unchanged bytes may lie inside one span written
// back: rewriting a few bytes costs less than another write.
const spanGap = 512

// writeBack writes to the file what the program changed in pages[lo:hi]
// of m, up to the file's end (past it, as on Linux, nothing is
// written).
func (m *mapping) writeBack(lo, hi int) error {
	defer m.lockFile()()
	n := m.node
	size := n.size
	if n.mnt != nil {
		a, err := n.attr()
		if err != nil {
			return err
		}
		size = a.Size
	}
	hi = int(min(int64(hi), max(size-m.off, 0)))
	var buf []byte
	wrote := false
	err := dirtySpans(m.pages, m.shadow, lo, hi, func(i, j int) error {
		// A copy: the program may go on writing the mapping, and the
		// shadow must get exactly what the file did.
		buf = append(buf[:0], m.pages[i:j]...)
		at := m.off + int64(i)
		k := len(buf)
		var err error
		if n.mnt == nil {
			n.writeAt(buf, at)
		} else {
			k, err = n.mnt.fs.WriteAt(n.fino, buf, at)
		}
		wrote = wrote || k > 0
		m.file.store(buf[:k], at, m)
		return fsErr(err)
	})
	if wrote && n.mnt == nil {
		n.mtime = nowNano()
		n.ctime = n.mtime
	}
	return err
}

// dirtySpans calls f for spans [i, j) of [lo, hi) that cover every byte
// where data and shadow differ. Equal pages are compared as wholes.
func dirtySpans(data, shadow []byte, lo, hi int, f func(i, j int) error) error {
	start, end := -1, -1 // the span being gathered
	for p := lo; p < hi; {
		q := min(hi, (p/pageSize+1)*pageSize)
		if string(data[p:q]) == string(shadow[p:q]) {
			p = q
			continue
		}
		for ; p < q; p++ {
			if data[p] == shadow[p] {
				continue
			}
			if start >= 0 && p-end >= spanGap {
				if err := f(start, end); err != nil {
					return err
				}
				start = -1
			}
			if start < 0 {
				start = p
			}
			end = p + 1
		}
	}
	if start >= 0 {
		return f(start, end)
	}
	return nil
}

// store copies p, the file's bytes at off from now on, into its shared
// mappings. When p comes from mapping src's write-back, the other
// mappings keep the bytes they were written and have not written back
// yet: the program wrote those too, and they are as recent. mf.mu must
// be held.
func (mf *mappedFile) store(p []byte, off int64, src *mapping) {
	end := off + int64(len(p))
	for _, m := range mf.maps {
		lo, hi := max(off, m.off), min(end, m.off+int64(len(m.pages)))
		if lo >= hi {
			continue
		}
		q := p[lo-off : hi-off]
		dst := m.pages[lo-m.off : hi-m.off]
		var shadow []byte
		if m.shadow != nil {
			shadow = m.shadow[lo-m.off : hi-m.off]
		}
		switch {
		case m == src:
			copy(shadow, q)
		case src != nil && shadow != nil:
			for i := range q {
				if dst[i] == shadow[i] {
					dst[i] = q[i]
				}
			}
			copy(shadow, q)
		default:
			copy(dst, q)
			copy(shadow, q)
		}
	}
}

// fileMappings returns n's shared mappings, if it has any.
func fileMappings(n *inode) *mappedFile {
	if nMappedFiles.Load() == 0 {
		return nil
	}
	mmapLock.Lock()
	defer mmapLock.Unlock()
	return mappedFiles[keyOf(n)]
}

// mmapWrote is called after p was written to file n at off, with
// fsLock held if n is in memory: it copies p into n's shared mappings.
func mmapWrote(n *inode, p []byte, off int64) {
	if mf := fileMappings(n); mf != nil && len(p) > 0 {
		mf.mu.Lock()
		mf.store(p, off, nil)
		mf.mu.Unlock()
	}
}

// mmapTruncated is called, with fsLock held, when file n may have
// changed size: it clears what lies past the end in n's shared
// mappings (Linux drops those pages; here they read as zeros).
func mmapTruncated(n *inode) {
	mf := fileMappings(n)
	if mf == nil {
		return
	}
	mf.mu.Lock()
	defer mf.mu.Unlock()
	size := n.size
	if n.mnt != nil {
		a, err := n.attr()
		if err != nil {
			return
		}
		size = a.Size
	}
	for _, m := range mf.maps {
		if lo := size - m.off; lo < int64(len(m.pages)) {
			lo = max(lo, 0)
			clear(m.pages[lo:])
			if m.shadow != nil {
				clear(m.shadow[lo:])
			}
		}
	}
}

// writeBackAtExit makes sure that the writes to mounted files' shared
// mappings reach the files when the program ends, as the kernel writes
// a process's dirty pages after it. The hook runs before the one that
// unmounts the file systems, which was added first.
func (m *mapping) writeBackAtExit() {
	if m.node.mnt == nil {
		return // in memory, the file ends with the program
	}
	exitWriteBack.Do(func() {
		exithook.Add(exithook.Hook{F: writeBackAll, RunOnFailure: true})
	})
}

func writeBackAll() {
	mmapLock.Lock()
	var all []*mapping
	for _, m := range mappings {
		all = append(all, m)
	}
	mmapLock.Unlock()
	for _, m := range all {
		m.mu.Lock()
		if !m.gone && m.shadow != nil && m.node.mnt != nil {
			if err := m.writeBack(0, len(m.pages)); err != nil {
				consoleWrite([]byte("syscall: writing back a mapping at exit: " + err.Error() + "\n"))
			}
		}
		m.mu.Unlock()
	}
}
