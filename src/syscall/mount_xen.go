// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Mounted file systems. A file system (internal/xenvfs.FS, such as
// xen/ext4 on a disk) covers a directory of the in-memory tree; path
// walks that reach the directory continue in the file system's root.
// Its files appear as proxy inodes: an inode with mnt set stands for
// file fino of mnt and keeps only its type bits; attributes and data
// stay in the file system, which has its own locking.

package syscall

import (
	"internal/runtime/exithook"
	"internal/xenvfs"
	_ "unsafe" // for go:linkname
)

const (
	MNT_FORCE  = 0x1
	MNT_DETACH = 0x2
	MS_RDONLY  = 0x1
)

// A mount is a file system mounted on a directory of the in-memory tree.
type mount struct {
	fs       xenvfs.FS
	source   string
	fstype   string
	readOnly bool
	dev      uint64 // st_dev of its files
	point    *inode // the directory it covers
	root     *inode // the proxy of its root
	open     int    // open files on it: Unmount refuses while any are
}

// mounts lists the mounted file systems, oldest first. fsLock guards it.
var mounts []*mount

// Mount mounts the file system of type fstype on source (a disk, say
// "xvda") at target, an existing directory of the in-memory tree. The
// types are those a package registered with internal/xenvfs (xen/mount
// registers ext4). MS_RDONLY is the only flag; data must be empty.
func Mount(source string, target string, fstype string, flags uintptr, data string) error {
	if flags&^MS_RDONLY != 0 || data != "" {
		return EINVAL
	}
	driver := xenvfs.Lookup(fstype)
	if driver == nil {
		return ENODEV
	}
	fsLock.Lock()
	l, err := at(AT_FDCWD, target, true)
	if err == nil {
		err = mountable(l.node)
	}
	fsLock.Unlock()
	if err != nil {
		return err
	}
	// The driver connects to the disk and reads it: not under fsLock.
	fs, err := driver(source, flags&MS_RDONLY != 0)
	if err != nil {
		return fsErr(err)
	}
	fsLock.Lock()
	defer fsLock.Unlock()
	if err := mountable(l.node); err != nil { // raced with another Mount
		fs.Unmount()
		return err
	}
	m := &mount{fs: fs, source: source, fstype: fstype, readOnly: flags&MS_RDONLY != 0, point: l.node}
	m.dev = 0xca10 + uint64(len(mounts))
	m.root = m.node(fs.Root(), S_IFDIR)
	l.node.covered = m
	if len(mounts) == 0 {
		// A program that ends (main returns, os.Exit) leaves its
		// file systems clean, as the kernel's write-back would have
		// its files written out after its process.
		exithook.Add(exithook.Hook{F: unmountAll, RunOnFailure: true})
	}
	mounts = append(mounts, m)
	return nil
}

// mountable reports why n cannot take a mount, if it cannot: only a
// directory of the in-memory tree, not the root and not already
// covered, can. fsLock must be held.
func mountable(n *inode) error {
	switch {
	case n == nil:
		return ENOENT
	case !n.isDir():
		return ENOTDIR
	case n.mnt != nil || n == root || n.covered != nil || n.removed():
		return EBUSY
	}
	return nil
}

// Unmount unmounts the file system mounted at target. It fails with
// EBUSY while files on it are open or the working directory is in it,
// unless flags has MNT_FORCE or MNT_DETACH.
func Unmount(target string, flags int) error {
	if flags&^(MNT_FORCE|MNT_DETACH) != 0 {
		return EINVAL
	}
	fsLock.Lock()
	l, err := at(AT_FDCWD, target, true)
	if err != nil {
		fsLock.Unlock()
		return err
	}
	n := l.node
	if n == nil || n.mnt == nil || n != n.mnt.root {
		fsLock.Unlock()
		return EINVAL // not a mount point
	}
	m := n.mnt
	if flags == 0 && (m.open > 0 || cwd.mnt == m) {
		fsLock.Unlock()
		return EBUSY
	}
	detach(m)
	fsLock.Unlock()
	return fsErr(m.fs.Unmount())
}

// detach takes m out of the tree. fsLock must be held.
func detach(m *mount) {
	m.point.covered = nil
	if cwd.mnt == m {
		cwd = m.point
	}
	for i, x := range mounts {
		if x == m {
			mounts = append(mounts[:i], mounts[i+1:]...)
			break
		}
	}
}

// unmountAll unmounts every file system, open files or not: the
// program is ending.
func unmountAll() {
	fsLock.Lock()
	all := append([]*mount(nil), mounts...)
	for _, m := range all {
		detach(m)
	}
	fsLock.Unlock()
	for _, m := range all {
		if err := m.fs.Unmount(); err != nil {
			consoleWrite([]byte("syscall: unmounting " + m.source + " at exit: " + err.Error() + "\n"))
		}
	}
}

// Sync makes everything written to every mounted file system durable.
func Sync() {
	fsLock.Lock()
	all := append([]*mount(nil), mounts...)
	fsLock.Unlock()
	for _, m := range all {
		m.fs.SyncFS()
	}
}

// fsErr gives a file system's error as the Errno it carries (EIO if
// none).
func fsErr(err error) error {
	if err == nil {
		return nil
	}
	if e, ok := errnoIn(err); ok {
		return e
	}
	return EIO
}

// errnoIn is errors.As(err, &e) for an Errno e, without the reflection
// that errors.As would link into every program (syscall's file
// operations call fsErr). net's sockets use it too.
//
//go:linkname errnoIn
func errnoIn(err error) (Errno, bool) {
	for err != nil {
		if e, ok := err.(Errno); ok {
			return e, true
		}
		if x, ok := err.(interface{ As(any) bool }); ok {
			var e Errno
			if x.As(&e) {
				return e, true
			}
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, err := range x.Unwrap() {
				if e, ok := errnoIn(err); ok {
					return e, true
				}
			}
			return 0, false
		default:
			return 0, false
		}
	}
	return 0, false
}

// node returns a proxy for file fino of m, of type typ (S_IF* bits).
func (m *mount) node(fino uint64, typ uint32) *inode {
	if m.root != nil && fino == m.root.fino {
		return m.root
	}
	return &inode{ino: fino, mode: typ & S_IFMT, mnt: m, fino: fino}
}

// lookupIn finds name in directory dir, a proxy: nil if there is no
// such name. ".." of the root leaves the file system for the parent of
// the directory it covers. fsLock must be held.
func lookupIn(dir *inode, name string) (*inode, error) {
	m := dir.mnt
	switch name {
	case ".":
		return dir, nil
	case "..":
		if dir == m.root {
			return m.point.parent, nil
		}
	}
	fino, err := m.fs.Lookup(dir.fino, name)
	if err != nil {
		if err = fsErr(err); err == ENOENT {
			return nil, nil
		}
		return nil, err
	}
	a, err := m.fs.Stat(fino)
	if err != nil {
		return nil, fsErr(err)
	}
	return m.node(fino, a.Mode), nil
}

// attr returns a proxy's attributes. fsLock need not be held.
func (n *inode) attr() (xenvfs.Attr, error) {
	a, err := n.mnt.fs.Stat(n.fino)
	return a, fsErr(err)
}

// statNode fills st with n's attributes, wherever n lives.
func statNode(n *inode, st *Stat_t) error {
	if n.mnt == nil {
		n.stat(st)
		return nil
	}
	a, err := n.attr()
	if err != nil {
		return err
	}
	*st = Stat_t{
		Dev:     n.mnt.dev,
		Ino:     a.Ino,
		Nlink:   uint64(a.Nlink),
		Mode:    a.Mode,
		Uid:     a.Uid,
		Gid:     a.Gid,
		Rdev:    a.Rdev,
		Size:    a.Size,
		Blksize: 4096,
		Blocks:  a.Blocks,
		Atim:    NsecToTimespec(a.Atime),
		Mtim:    NsecToTimespec(a.Mtime),
		Ctim:    NsecToTimespec(a.Ctime),
	}
	return nil
}

// setAttr changes a proxy's attributes.
func setAttr(n *inode, c xenvfs.AttrChange) error {
	return fsErr(n.mnt.fs.SetAttr(n.fino, c))
}

// linkTarget returns a symbolic link's target, wherever it lives.
func linkTarget(n *inode) (string, error) {
	if n.mnt == nil {
		return n.target, nil
	}
	t, err := n.mnt.fs.Readlink(n.fino)
	return t, fsErr(err)
}

// same reports whether a and b are the same file: proxies are made
// afresh by each lookup.
func same(a, b *inode) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a == b || a.mnt != nil && a.mnt == b.mnt && a.fino == b.fino
}

// nameIn finds the name of directory d in its parent p, both proxies
// of one file system, for Getwd.
func nameIn(p, d *inode) (string, error) {
	ents, err := p.mnt.fs.ReadDir(p.fino)
	if err != nil {
		return "", fsErr(err)
	}
	for _, e := range ents {
		if e.Ino == d.fino && e.Name != "." && e.Name != ".." {
			return e.Name, nil
		}
	}
	return "", ENOENT
}

// A fileRelease ends the last open file description of a proxy: the
// file system may then free a file whose names are gone.
type fileRelease struct{ n *inode }

func (r fileRelease) release() {
	r.n.mnt.fs.Release(r.n.fino)
	fsLock.Lock()
	r.n.mnt.open--
	fsLock.Unlock()
}

// openProxy takes the reference an open file description holds on n.
// fsLock must be held.
func openProxy(n *inode) error {
	if err := n.mnt.fs.Open(n.fino); err != nil {
		return fsErr(err)
	}
	n.mnt.open++
	return nil
}

// Statfs_t has linux/amd64's layout.
type Statfs_t struct {
	Type    int64
	Bsize   int64
	Blocks  uint64
	Bfree   uint64
	Bavail  uint64
	Files   uint64
	Ffree   uint64
	Fsid    Fsid
	Namelen int64
	Frsize  int64
	Flags   int64
	Spare   [4]int64
}

type Fsid struct {
	X__val [2]int32
}

const (
	ST_RDONLY    = 0x1
	tmpfsMagic   = 0x01021994
	inMemoryFree = 1 << 20 // blocks the in-memory tree reports free
)

func Statfs(path string, buf *Statfs_t) error {
	fsLock.Lock()
	n, err := existing(AT_FDCWD, path, true)
	fsLock.Unlock()
	if err != nil {
		return err
	}
	return statfs(n, buf)
}

func Fstatfs(fd int, buf *Statfs_t) error {
	fsLock.Lock()
	f, err := fileAt(fd)
	fsLock.Unlock()
	if err != nil {
		return err
	}
	return statfs(f.node, buf)
}

func statfs(n *inode, buf *Statfs_t) error {
	if n.mnt == nil {
		*buf = Statfs_t{Type: tmpfsMagic, Bsize: 4096, Frsize: 4096, Namelen: nameMax,
			Blocks: inMemoryFree, Bfree: inMemoryFree, Bavail: inMemoryFree}
		return nil
	}
	s, err := n.mnt.fs.StatFS()
	if err != nil {
		return fsErr(err)
	}
	*buf = Statfs_t{Type: s.Type, Bsize: s.BlockSize, Frsize: s.BlockSize, Blocks: s.Blocks,
		Bfree: s.BlocksFree, Bavail: s.BlocksAvail, Files: s.Files, Ffree: s.FilesFree,
		Namelen: s.NameMax}
	buf.Fsid.X__val[0] = int32(n.mnt.dev)
	if n.mnt.readOnly {
		buf.Flags = ST_RDONLY
	}
	return nil
}
