// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The calls that work on paths. Each has an *at form taking a directory
// descriptor (or AT_FDCWD), which package internal/syscall/unix reaches by
// linkname for os.Root and os.RemoveAll.

package syscall

import (
	"internal/xenvfs"
	_ "unsafe" // for go:linkname
)

const (
	UTIME_NOW  = (1 << 30) - 1
	UTIME_OMIT = (1 << 30) - 2
)

// at resolves path against dirfd. fsLock must be held.
func at(dirfd int, path string, follow bool) (lookup, error) {
	start, err := dirAt(dirfd)
	if err != nil {
		return lookup{}, err
	}
	return resolve(start, path, follow)
}

// existing is at for paths that must name something.
func existing(dirfd int, path string, follow bool) (*inode, error) {
	l, err := at(dirfd, path, follow)
	if err != nil {
		return nil, err
	}
	if l.node == nil {
		return nil, ENOENT
	}
	return l.node, nil
}

func Stat(path string, st *Stat_t) error {
	return fstatat(AT_FDCWD, path, st, 0)
}

func Lstat(path string, st *Stat_t) error {
	return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW)
}

//go:linkname fstatat
func fstatat(dirfd int, path string, st *Stat_t, flags int) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(dirfd, path, flags&AT_SYMLINK_NOFOLLOW == 0)
	if err != nil {
		return err
	}
	return statNode(n, st)
}

func Mkdir(path string, mode uint32) error {
	return mkdirat(AT_FDCWD, path, mode)
}

//go:linkname mkdirat
func mkdirat(dirfd int, path string, mode uint32) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	l, err := at(dirfd, path, false)
	if err != nil {
		return err
	}
	if l.node != nil {
		return EEXIST
	}
	if l.dir.mnt != nil {
		_, err := l.dir.mnt.fs.Mkdir(l.dir.fino, l.name, mode&^umask&07777, 0, 0)
		return fsErr(err)
	}
	if l.dir.removed() {
		return ENOENT
	}
	mkdirIn(l.dir, l.name, mode&^umask)
	return nil
}

func Rmdir(path string) error {
	return unlinkat(AT_FDCWD, path, AT_REMOVEDIR)
}

func Unlink(path string) error {
	return unlinkat(AT_FDCWD, path, 0)
}

//go:linkname unlinkat
func unlinkat(dirfd int, path string, flags int) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	l, err := at(dirfd, path, false)
	if err != nil {
		return err
	}
	n := l.node
	if n == nil {
		return ENOENT
	}
	if flags&AT_REMOVEDIR == 0 {
		switch {
		case n.isDir():
			return EISDIR
		case l.dir.mnt != nil:
			return fsErr(l.dir.mnt.fs.Unlink(l.dir.fino, l.name))
		}
		unlinkIn(l.dir, l.name, n)
		return nil
	}
	switch {
	case !n.isDir():
		return ENOTDIR
	case l.name == ".":
		return EINVAL
	case l.name == "..":
		return ENOTEMPTY
	case n == root || n.mnt != nil && n == n.mnt.root:
		return EBUSY
	case l.dir.mnt != nil:
		return fsErr(l.dir.mnt.fs.Rmdir(l.dir.fino, l.name))
	case len(n.entries) != 0:
		return ENOTEMPTY
	}
	unlinkIn(l.dir, l.name, n)
	return nil
}

func Rename(from, to string) error {
	return renameat(AT_FDCWD, from, AT_FDCWD, to)
}

//go:linkname renameat
func renameat(olddirfd int, oldpath string, newdirfd int, newpath string) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	o, err := at(olddirfd, oldpath, false)
	if err != nil {
		return err
	}
	t, err := at(newdirfd, newpath, false)
	if err != nil {
		return err
	}
	n := o.node
	if n == nil {
		return ENOENT
	}
	if !n.isDir() && (o.slash || t.slash) {
		return ENOTDIR // a trailing slash names a directory, as on Linux
	}
	if o.name == "." || o.name == ".." || t.name == "." || t.name == ".." {
		return EBUSY
	}
	if same(t.node, n) {
		return nil
	}
	if n.mnt != nil && n == n.mnt.root || t.node != nil && t.node.mnt != nil && t.node == t.node.mnt.root {
		return EBUSY
	}
	if o.dir.mnt != t.dir.mnt {
		return EXDEV
	}
	if o.dir.mnt != nil {
		return fsErr(o.dir.mnt.fs.Rename(o.dir.fino, o.name, t.dir.fino, t.name))
	}
	if t.dir.removed() {
		return ENOENT
	}
	if n.isDir() {
		for d := t.dir; ; d = d.parent {
			if d == n {
				return EINVAL // would move a directory into itself
			}
			if d == root {
				break
			}
		}
		if t.node != nil {
			if !t.node.isDir() {
				return ENOTDIR
			}
			if len(t.node.entries) != 0 {
				return ENOTEMPTY
			}
		}
	} else if t.node != nil && t.node.isDir() {
		return EISDIR
	}
	if t.node != nil {
		unlinkIn(t.dir, t.name, t.node)
	}
	unlinkIn(o.dir, o.name, n)
	linkIn(t.dir, t.name, n)
	return nil
}

func Link(oldpath, newpath string) error {
	return linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0)
}

//go:linkname linkat
func linkat(olddirfd int, oldpath string, newdirfd int, newpath string, flags int) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(olddirfd, oldpath, flags&AT_SYMLINK_FOLLOW != 0)
	if err != nil {
		return err
	}
	if n.isDir() {
		return EPERM
	}
	t, err := newName(newdirfd, newpath)
	if err != nil {
		return err
	}
	switch {
	case n.mnt != t.dir.mnt:
		return EXDEV
	case n.mnt != nil:
		return fsErr(n.mnt.fs.Link(n.fino, t.dir.fino, t.name))
	}
	linkIn(t.dir, t.name, n)
	return nil
}

// newName looks up path, relative to dirfd, for a file about to be made
// there: EEXIST if it names one already. fsLock must be held.
func newName(dirfd int, path string) (lookup, error) {
	t, err := at(dirfd, path, false)
	if err != nil {
		return lookup{}, err
	}
	if t.node != nil {
		return lookup{}, EEXIST
	}
	if t.slash || t.dir.removed() {
		return lookup{}, ENOENT // Linux: only mkdir creates a name ending in a slash
	}
	return t, nil
}

func Symlink(target, linkpath string) error {
	return symlinkat(target, AT_FDCWD, linkpath)
}

//go:linkname symlinkat
func symlinkat(target string, newdirfd int, linkpath string) error {
	if target == "" {
		return ENOENT
	}
	if hasNUL(target) {
		return EINVAL
	}
	fsLock.Lock()
	defer fsLock.Unlock()
	t, err := newName(newdirfd, linkpath)
	if err != nil {
		return err
	}
	if t.dir.mnt != nil {
		_, err := t.dir.mnt.fs.Symlink(t.dir.fino, t.name, target, 0, 0)
		return fsErr(err)
	}
	n := newInode(S_IFLNK | 0777)
	n.target = target
	linkIn(t.dir, t.name, n)
	return nil
}

func Readlink(path string, buf []byte) (int, error) {
	return readlinkat(AT_FDCWD, path, buf)
}

//go:linkname readlinkat
func readlinkat(dirfd int, path string, buf []byte) (int, error) {
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(dirfd, path, false)
	if err != nil {
		return -1, err
	}
	if !n.isSymlink() {
		return -1, EINVAL
	}
	target, err := linkTarget(n)
	if err != nil {
		return -1, err
	}
	return copy(buf, target), nil
}

func Chmod(path string, mode uint32) error {
	return fchmodat(AT_FDCWD, path, mode, 0)
}

//go:linkname fchmodat
func fchmodat(dirfd int, path string, mode uint32, flags int) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(dirfd, path, flags&AT_SYMLINK_NOFOLLOW == 0)
	if err != nil {
		return err
	}
	if n.isSymlink() {
		return EOPNOTSUPP // as on Linux: a link's mode cannot change
	}
	return chmod(n, mode)
}

func chmod(n *inode, mode uint32) error {
	if n.mnt != nil {
		return setAttr(n, xenvfs.AttrChange{Valid: xenvfs.SetMode, Mode: mode & 07777})
	}
	n.mode = n.mode&S_IFMT | mode&07777
	n.ctime = nowNano()
	return nil
}

func Chown(path string, uid, gid int) error {
	return fchownat(AT_FDCWD, path, uid, gid, 0)
}

func Lchown(path string, uid, gid int) error {
	return fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW)
}

//go:linkname fchownat
func fchownat(dirfd int, path string, uid, gid, flags int) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(dirfd, path, flags&AT_SYMLINK_NOFOLLOW == 0)
	if err != nil {
		return err
	}
	return chown(n, uid, gid)
}

// chown records the owner; -1 leaves an id unchanged.
func chown(n *inode, uid, gid int) error {
	if n.mnt != nil {
		c := xenvfs.AttrChange{Uid: uint32(uid), Gid: uint32(gid)}
		if uid != -1 {
			c.Valid |= xenvfs.SetUid
		}
		if gid != -1 {
			c.Valid |= xenvfs.SetGid
		}
		return setAttr(n, c)
	}
	if uid != -1 {
		n.uid = uint32(uid)
	}
	if gid != -1 {
		n.gid = uint32(gid)
	}
	n.ctime = nowNano()
	return nil
}

func Truncate(path string, length int64) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(AT_FDCWD, path, true)
	if err != nil {
		return err
	}
	if n.isDir() {
		return EISDIR
	}
	if length < 0 || !n.isRegular() {
		return EINVAL
	}
	return truncate(n, length)
}

// truncate sets a regular file's size, with its change times.
func truncate(n *inode, length int64) error {
	defer mmapTruncated(n)
	if n.mnt != nil {
		return setAttr(n, xenvfs.AttrChange{Valid: xenvfs.SetSize, Size: length})
	}
	n.truncate(length)
	n.mtime = nowNano()
	n.ctime = n.mtime
	return nil
}

func UtimesNano(path string, ts []Timespec) error {
	if len(ts) != 2 {
		return EINVAL
	}
	return utimensat(AT_FDCWD, path, (*[2]Timespec)(ts), 0)
}

func Utimes(path string, tv []Timeval) error {
	if len(tv) != 2 {
		return EINVAL
	}
	ts := [2]Timespec{NsecToTimespec(TimevalToNsec(tv[0])), NsecToTimespec(TimevalToNsec(tv[1]))}
	return utimensat(AT_FDCWD, path, &ts, 0)
}

//go:linkname utimensat
func utimensat(dirfd int, path string, ts *[2]Timespec, flags int) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(dirfd, path, flags&AT_SYMLINK_NOFOLLOW == 0)
	if err != nil {
		return err
	}
	now := nowNano()
	var c xenvfs.AttrChange
	pick := func(t Timespec, bit uint32, dst *int64) {
		switch t.Nsec {
		case UTIME_OMIT:
			return
		case UTIME_NOW:
			*dst = now
		default:
			*dst = TimespecToNsec(t)
		}
		c.Valid |= bit
	}
	if ts == nil {
		c = xenvfs.AttrChange{Valid: xenvfs.SetAtime | xenvfs.SetMtime, Atime: now, Mtime: now}
	} else {
		pick(ts[0], xenvfs.SetAtime, &c.Atime)
		pick(ts[1], xenvfs.SetMtime, &c.Mtime)
	}
	if n.mnt != nil {
		return setAttr(n, c)
	}
	if c.Valid&xenvfs.SetAtime != 0 {
		n.atime = c.Atime
	}
	if c.Valid&xenvfs.SetMtime != 0 {
		n.mtime = c.Mtime
	}
	n.ctime = now
	return nil
}

func Chdir(path string) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(AT_FDCWD, path, true)
	if err != nil {
		return err
	}
	if !n.isDir() {
		return ENOTDIR
	}
	cwd = n
	return nil
}

func Getwd() (string, error) {
	fsLock.Lock()
	defer fsLock.Unlock()
	if cwd.removed() {
		return "", ENOENT
	}
	if cwd == root {
		return "/", nil
	}
	var names []string
	size := 0
	d := cwd
	for d.mnt != nil { // up to the root of its file system
		if d == d.mnt.root {
			d = d.mnt.point
			break
		}
		p, err := lookupIn(d, "..")
		if err != nil {
			return "", err
		}
		if p == nil {
			return "", ENOENT
		}
		name, err := nameIn(p, d)
		if err != nil {
			return "", err
		}
		names = append(names, name)
		size += 1 + len(name)
		d = p
	}
	for ; d != root; d = d.parent {
		for name, n := range d.parent.entries {
			if n == d {
				names = append(names, name)
				size += 1 + len(name)
				break
			}
		}
	}
	b := make([]byte, 0, size)
	for i := len(names) - 1; i >= 0; i-- {
		b = append(b, '/')
		b = append(b, names[i]...)
	}
	return string(b), nil
}

// Getcwd copies the working directory, NUL-terminated, into buf.
func Getcwd(buf []byte) (int, error) {
	wd, err := Getwd()
	if err != nil {
		return 0, err
	}
	if len(wd)+1 > len(buf) {
		return 0, ERANGE
	}
	copy(buf, wd)
	buf[len(wd)] = 0
	return len(wd) + 1, nil
}

// Umask sets the mask applied to the modes of new files and returns the
// old one.
func Umask(mask int) int {
	fsLock.Lock()
	defer fsLock.Unlock()
	old := umask
	umask = uint32(mask) & 0777
	return int(old)
}

func Mkfifo(path string, mode uint32) error { return Mknod(path, S_IFIFO|mode&07777, 0) }

// Mknod makes regular files and the files of Unix-domain sockets (which
// package net binds to); named pipes and device files it cannot make.
func Mknod(path string, mode uint32, dev int) error {
	typ := mode & S_IFMT
	switch typ {
	case 0:
		typ = S_IFREG
	case S_IFREG, S_IFSOCK:
	case S_IFIFO, S_IFCHR, S_IFBLK:
		return ENOSYS
	default:
		return EINVAL
	}
	fsLock.Lock()
	defer fsLock.Unlock()
	l, err := newName(AT_FDCWD, path)
	if err != nil {
		return err
	}
	if l.dir.mnt != nil {
		if typ != S_IFREG {
			return EPERM // sockets' files live in the in-memory tree
		}
		_, err := l.dir.mnt.fs.Create(l.dir.fino, l.name, mode&07777&^umask, 0, 0)
		return fsErr(err)
	}
	linkIn(l.dir, l.name, newInode(typ|mode&07777&^umask))
	return nil
}

func Sendfile(outfd int, infd int, offset *int64, count int) (written int, err error) {
	return 0, ENOSYS
}

const (
	F_OK = 0x0
	X_OK = 0x1
	W_OK = 0x2
	R_OK = 0x4
)

func Access(path string, mode uint32) error {
	return Faccessat(AT_FDCWD, path, mode, 0)
}

// Faccessat checks access as the super-user does: reading and writing are
// always allowed, executing if any execute bit is set (or for
// directories, searching).
func Faccessat(dirfd int, path string, mode uint32, flags int) error {
	if mode&^(R_OK|W_OK|X_OK) != 0 {
		return EINVAL
	}
	fsLock.Lock()
	defer fsLock.Unlock()
	n, err := existing(dirfd, path, flags&AT_SYMLINK_NOFOLLOW == 0)
	if err != nil {
		return err
	}
	perm := n.mode
	if n.mnt != nil {
		a, err := n.attr()
		if err != nil {
			return err
		}
		perm = a.Mode
	}
	if mode&X_OK != 0 && !n.isDir() && perm&0111 == 0 {
		return EACCES
	}
	return nil
}
