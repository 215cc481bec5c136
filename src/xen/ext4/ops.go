// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"syscall"
	"time"
)

func checkName(name string) error {
	if len(name) == 0 || name == "." || name == ".." {
		return syscall.EINVAL
	}
	if len(name) > nameMax {
		return syscall.ENAMETOOLONG
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '/' || name[i] == 0 {
			return syscall.EINVAL
		}
	}
	return nil
}

// dirInode reads ino and checks it is a directory.
func (fs *FS) dirInode(ino Ino) (*inode, error) {
	in, err := fs.readInode(ino)
	if err != nil {
		return nil, err
	}
	if !in.isDir() {
		return nil, syscall.ENOTDIR
	}
	if in.links == 0 {
		return nil, syscall.ENOENT // removed, still open
	}
	return in, nil
}

// Lookup returns the inode that name in directory dir refers to.
// "." and ".." are found as the entries they are.
func (fs *FS) Lookup(dir Ino, name string) (Ino, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if err := fs.check(); err != nil {
		return 0, err
	}
	d, err := fs.dirInode(dir)
	if err != nil {
		return 0, err
	}
	if len(name) > nameMax {
		return 0, syscall.ENAMETOOLONG
	}
	return fs.lookup(d, name)
}

// Stat returns the attributes of ino.
func (fs *FS) Stat(ino Ino) (Attr, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if err := fs.check(); err != nil {
		return Attr{}, err
	}
	in, err := fs.readInode(ino)
	if err != nil {
		return Attr{}, err
	}
	return fs.attr(in), nil
}

// ReadDir lists a directory, "." and ".." included, in on-disk order.
func (fs *FS) ReadDir(dir Ino) ([]DirEntry, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if err := fs.check(); err != nil {
		return nil, err
	}
	d, err := fs.readInode(dir)
	if err != nil {
		return nil, err
	}
	if !d.isDir() {
		return nil, syscall.ENOTDIR
	}
	var out []DirEntry
	err = fs.walkDir(d, func(_ *buf, _ uint32, _ int, e dirent, n []byte) bool {
		if e.ino != 0 && int(e.ftype) < len(ftypeMode) {
			out = append(out, DirEntry{Name: string(n), Ino: e.ino, Type: ftypeMode[e.ftype]})
		}
		return false
	})
	return out, err
}

// newInode allocates and initializes an inode in dir's neighbourhood.
func (fs *FS) newInode(dir Ino, mode uint16, uid, gid uint32) (*inode, error) {
	ino, err := fs.allocInode(dir, mode&syscall.S_IFMT == syscall.S_IFDIR)
	if err != nil {
		return nil, err
	}
	in := &inode{ino: ino, raw: make([]byte, fs.sb.inodeSize), mode: mode, uid: uid, gid: gid, links: 1}
	if fs.sb.inodeSize > goodOldInodeSize {
		in.extra = min(32, fs.sb.inodeSize-goodOldInodeSize)
		put16(in.raw, 0x80, in.extra)
	}
	if fs.nextGen == 0 {
		fs.nextGen = uint32(time.Now().UnixNano())
	}
	fs.nextGen++
	in.gen = fs.nextGen
	now := fs.now()
	for _, w := range []int{tAtime, tCtime, tMtime, tCrtime} {
		in.setTime(w, now)
	}
	return in, nil
}

func (fs *FS) setExtentRoot(in *inode) {
	in.flags |= flagExtents
	fs.writeExtents(in, nil, nil)
}

// link adds name -> child to directory d and stamps d.
func (fs *FS) link(d *inode, name string, child *inode) error {
	if err := fs.addEntry(d, name, child.ino, modeFtype(child.mode)); err != nil {
		return err
	}
	now := fs.now()
	d.setTime(tMtime, now)
	d.setTime(tCtime, now)
	return nil
}

// create makes a file with create1, once more after a commit if that
// frees space (create1 undoes what it did when it fails).
func (fs *FS) create(dir Ino, name string, mode uint16, uid, gid uint32, init func(d, in *inode) error) (Ino, error) {
	ino, err := fs.create1(dir, name, mode, uid, gid, init)
	if err != nil && fs.retryAfterCommit(err) {
		return fs.create1(dir, name, mode, uid, gid, init)
	}
	return ino, err
}

func (fs *FS) create1(dir Ino, name string, mode uint16, uid, gid uint32, init func(d, in *inode) error) (Ino, error) {
	if err := fs.checkWrite(); err != nil {
		return 0, err
	}
	if name == "." || name == ".." {
		return 0, syscall.EEXIST
	}
	if err := checkName(name); err != nil {
		return 0, err
	}
	d, err := fs.dirInode(dir)
	if err != nil {
		return 0, err
	}
	if _, err := fs.lookup(d, name); err == nil {
		return 0, syscall.EEXIST
	} else if !errIs(err, syscall.ENOENT) {
		return 0, err
	}
	in, err := fs.newInode(dir, mode, uid, gid)
	if err != nil {
		return 0, err
	}
	fail := func(err error) (Ino, error) {
		fs.freeFrom(in, 0, true, false)
		fs.freeInode(in.ino, in.isDir())
		return 0, err
	}
	if err := init(d, in); err != nil {
		return fail(err)
	}
	if err := fs.link(d, name, in); err != nil {
		return fail(err)
	}
	if err := fs.writeInode(in); err != nil {
		return 0, err
	}
	if err := fs.writeInode(d); err != nil {
		return 0, err
	}
	return in.ino, fs.endOp()
}

// Create makes an empty regular file; EEXIST if name exists.
func (fs *FS) Create(dir Ino, name string, mode, uid, gid uint32) (ino Ino, err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	return fs.create(dir, name, uint16(mode&07777|syscall.S_IFREG), uid, gid, func(_, in *inode) error {
		fs.setExtentRoot(in)
		return nil
	})
}

// Mkdir makes a directory with "." and "..".
func (fs *FS) Mkdir(dir Ino, name string, mode, uid, gid uint32) (ino Ino, err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	return fs.create(dir, name, uint16(mode&07777|syscall.S_IFDIR), uid, gid, func(d, in *inode) error {
		if d.links >= linkMax {
			return syscall.EMLINK
		}
		fs.setExtentRoot(in)
		if err := fs.initDir(in, d.ino); err != nil {
			return err
		}
		in.links = 2
		if d.links > 1 {
			d.links++
		}
		return nil
	})
}

// Symlink makes a symbolic link to target. Targets shorter than 60
// bytes live in the inode.
func (fs *FS) Symlink(dir Ino, name, target string, uid, gid uint32) (ino Ino, err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	if len(target) == 0 {
		return 0, syscall.ENOENT
	}
	if len(target) >= int(fs.bs) || len(target) >= 4096 {
		return 0, syscall.ENAMETOOLONG
	}
	return fs.create(dir, name, syscall.S_IFLNK|0777, uid, gid, func(_, in *inode) error {
		in.size = uint64(len(target))
		if len(target) < 60 {
			copy(in.iblock(), target)
			return nil
		}
		fs.setExtentRoot(in)
		p, _, err := fs.allocBlocks(fs.inodeGoal(in.ino), 1, in)
		if err != nil {
			return err
		}
		if err := fs.writeExtents(in, []extent{{lblk: 0, len: 1, pblk: p}}, nil); err != nil {
			fs.freeBlocks(p, 1, in)
			return err
		}
		b := fs.newMeta(p)
		copy(b.data, target)
		fs.dirty(b)
		return nil
	})
}

// Readlink returns a symbolic link's target.
func (fs *FS) Readlink(ino Ino) (string, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if err := fs.check(); err != nil {
		return "", err
	}
	in, err := fs.readInode(ino)
	if err != nil {
		return "", err
	}
	if !in.isSymlink() {
		return "", syscall.EINVAL
	}
	if in.size >= uint64(fs.bs) || in.size >= 4096 {
		return "", corrupt("symlink size")
	}
	if in.fastSymlink(fs) {
		return string(in.iblock()[:in.size]), nil
	}
	if in.flags&flagInline != 0 {
		return "", corrupt("inline data symlink")
	}
	p, _, _, err := fs.mapBlock(in, 0)
	if err != nil {
		return "", err
	}
	if p == 0 {
		return "", corrupt("symlink without a block")
	}
	b, err := fs.meta(p)
	if err != nil {
		return "", err
	}
	return string(b.data[:in.size]), nil
}

// Link gives ino another name. Directories cannot be linked (EPERM).
func (fs *FS) Link(ino, dir Ino, name string) (err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	if err := fs.checkWrite(); err != nil {
		return err
	}
	if err := checkName(name); err != nil {
		return err
	}
	d, err := fs.dirInode(dir)
	if err != nil {
		return err
	}
	in, err := fs.readInode(ino)
	if err != nil {
		return err
	}
	if in.isDir() {
		return syscall.EPERM
	}
	if in.links == 0 {
		return syscall.ENOENT
	}
	if in.links >= linkMax {
		return syscall.EMLINK
	}
	if _, err := fs.lookup(d, name); err == nil {
		return syscall.EEXIST
	} else if !errIs(err, syscall.ENOENT) {
		return err
	}
	if err := fs.link(d, name, in); err != nil {
		return err
	}
	in.links++
	in.setTime(tCtime, fs.now())
	if err := fs.writeInode(in); err != nil {
		return err
	}
	if err := fs.writeInode(d); err != nil {
		return err
	}
	return fs.endOp()
}

// dropLink removes one link of in (whose name is already gone) and
// frees it, or puts it on the orphan list while it is open.
func (fs *FS) dropLink(in *inode) error {
	if in.isDir() {
		in.links = 0
	} else if in.links > 0 {
		in.links--
	}
	in.setTime(tCtime, fs.now())
	if in.links > 0 {
		return fs.writeInode(in)
	}
	if fs.open[in.ino] > 0 {
		fs.addOrphan(in)
		return fs.writeInode(in)
	}
	return fs.deleteInode(in, false)
}

// Unlink removes a name of a non-directory.
func (fs *FS) Unlink(dir Ino, name string) (err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	return fs.remove(dir, name, false)
}

// Rmdir removes an empty directory.
func (fs *FS) Rmdir(dir Ino, name string) (err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	return fs.remove(dir, name, true)
}

func (fs *FS) remove(dir Ino, name string, isDir bool) error {
	if err := fs.checkWrite(); err != nil {
		return err
	}
	if name == "." {
		return syscall.EINVAL
	}
	if name == ".." {
		return syscall.ENOTEMPTY
	}
	if err := checkName(name); err != nil {
		return err
	}
	d, err := fs.dirInode(dir)
	if err != nil {
		return err
	}
	ino, err := fs.lookup(d, name)
	if err != nil {
		return err
	}
	in, err := fs.readInode(ino)
	if err != nil {
		return err
	}
	if isDir {
		if !in.isDir() {
			return syscall.ENOTDIR
		}
		if ino == RootIno {
			return syscall.EBUSY
		}
		empty, err := fs.isEmpty(in)
		if err != nil {
			return err
		}
		if !empty {
			return syscall.ENOTEMPTY
		}
	} else if in.isDir() {
		return syscall.EISDIR
	}
	if _, err := fs.removeEntry(d, name); err != nil {
		return err
	}
	now := fs.now()
	d.setTime(tMtime, now)
	d.setTime(tCtime, now)
	if isDir && d.links > 2 {
		d.links--
	}
	if err := fs.writeInode(d); err != nil {
		return err
	}
	if err := fs.dropLink(in); err != nil {
		return err
	}
	return fs.endOp()
}

// Rename moves oname in odir to nname in ndir with POSIX semantics: an
// existing target is replaced if it is a non-directory and the source
// is too, or if both are directories and the target is empty.
func (fs *FS) Rename(odir Ino, oname string, ndir Ino, nname string) (err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	if err := fs.checkWrite(); err != nil {
		return err
	}
	if err := checkName(oname); err != nil {
		return err
	}
	if err := checkName(nname); err != nil {
		return err
	}
	od, err := fs.dirInode(odir)
	if err != nil {
		return err
	}
	nd := od
	if ndir != odir {
		if nd, err = fs.dirInode(ndir); err != nil {
			return err
		}
	}
	ino, err := fs.lookup(od, oname)
	if err != nil {
		return err
	}
	src, err := fs.readInode(ino)
	if err != nil {
		return err
	}
	var dst *inode
	if t, err := fs.lookup(nd, nname); err == nil {
		if t == ino {
			return nil
		}
		if dst, err = fs.readInode(t); err != nil {
			return err
		}
		switch {
		case src.isDir() && !dst.isDir():
			return syscall.ENOTDIR
		case !src.isDir() && dst.isDir():
			return syscall.EISDIR
		case dst.isDir():
			empty, err := fs.isEmpty(dst)
			if err != nil {
				return err
			}
			if !empty {
				return syscall.ENOTEMPTY
			}
		}
	} else if !errIs(err, syscall.ENOENT) {
		return err
	}
	if src.isDir() && odir != ndir {
		// The target may not be inside the directory being moved.
		cur := ndir
		for n := uint32(0); cur != RootIno; n++ {
			if cur == ino {
				return syscall.EINVAL
			}
			if n > fs.sb.inodesCount {
				return corrupt("directory loop")
			}
			c, err := fs.readInode(cur)
			if err != nil {
				return err
			}
			if cur, err = fs.lookup(c, ".."); err != nil {
				return err
			}
		}
		if dst == nil && nd.links >= linkMax {
			return syscall.EMLINK
		}
	}
	ft := modeFtype(src.mode)
	if dst != nil {
		if err := fs.setEntry(nd, nname, ino, ft); err != nil {
			return err
		}
	} else if err := fs.addEntry(nd, nname, ino, ft); err != nil {
		return err
	}
	if _, err := fs.removeEntry(od, oname); err != nil {
		return err
	}
	now := fs.now()
	for _, d := range []*inode{od, nd} {
		d.setTime(tMtime, now)
		d.setTime(tCtime, now)
	}
	src.setTime(tCtime, now)
	if src.isDir() && odir != ndir {
		if err := fs.setEntry(src, "..", ndir, ftDir); err != nil {
			return err
		}
		if od.links > 2 {
			od.links--
		}
		if dst == nil && nd.links > 1 {
			nd.links++
		}
	} else if src.isDir() && dst != nil && nd.links > 2 {
		nd.links-- // the replaced directory's ".." is gone
	}
	if err := fs.writeInode(src); err != nil {
		return err
	}
	if err := fs.writeInode(od); err != nil {
		return err
	}
	if nd != od {
		if err := fs.writeInode(nd); err != nil {
			return err
		}
	}
	if dst != nil {
		if err := fs.dropLink(dst); err != nil {
			return err
		}
	}
	return fs.endOp()
}

// Attribute changes for SetAttr; Valid says which fields apply.
const (
	SetMode  = 1 << iota // permission bits of Mode (the type is kept)
	SetUid               // Uid
	SetGid               // Gid
	SetAtime             // Atime
	SetMtime             // Mtime
	SetSize              // Size, as Truncate
)

// AttrChange is the argument of SetAttr.
type AttrChange struct {
	Valid        uint32
	Mode         uint32
	Uid, Gid     uint32
	Atime, Mtime time.Time
	Size         int64
}

// SetAttr changes the attributes c.Valid names, and the change time.
func (fs *FS) SetAttr(ino Ino, c AttrChange) (err error) {
	if c.Valid&SetSize != 0 {
		if err := fs.Truncate(ino, c.Size); err != nil {
			return err
		}
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	if err := fs.checkWrite(); err != nil {
		return err
	}
	in, err := fs.readInode(ino)
	if err != nil {
		return err
	}
	if c.Valid&SetMode != 0 {
		in.mode = in.mode&syscall.S_IFMT | uint16(c.Mode&07777)
	}
	if c.Valid&SetUid != 0 {
		in.uid = c.Uid
	}
	if c.Valid&SetGid != 0 {
		in.gid = c.Gid
	}
	if c.Valid&SetAtime != 0 {
		in.setTime(tAtime, c.Atime)
	}
	if c.Valid&SetMtime != 0 {
		in.setTime(tMtime, c.Mtime)
	}
	in.setTime(tCtime, fs.now())
	if err := fs.writeInode(in); err != nil {
		return err
	}
	return fs.endOp()
}

// Open takes a reference on ino: while one is held, removing the
// last name does not free the file.
func (fs *FS) Open(ino Ino) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if err := fs.check(); err != nil {
		return err
	}
	in, err := fs.readInode(ino)
	if err != nil {
		return err
	}
	if in.links == 0 && fs.open[ino] == 0 {
		return syscall.ENOENT
	}
	fs.open[ino]++
	return nil
}

// Release drops a reference taken by Open; the last one frees a file
// that has no names left.
func (fs *FS) Release(ino Ino) (err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	if fs.open[ino] == 0 {
		return syscall.EINVAL
	}
	fs.open[ino]--
	if fs.open[ino] > 0 {
		return nil
	}
	delete(fs.open, ino)
	if fs.closed || fs.ro || fs.broken != nil {
		return nil
	}
	return fs.releaseOrphan(ino)
}

func (fs *FS) releaseOrphan(ino Ino) error {
	in, err := fs.readInode(ino)
	if err != nil {
		return err
	}
	if in.links > 0 {
		return nil
	}
	if err := fs.deleteInode(in, true); err != nil {
		return err
	}
	return fs.endOp()
}

// Sync makes ino's data and metadata, and every namespace change made
// so far, durable. It commits the whole running transaction.
func (fs *FS) Sync(ino Ino) error {
	return fs.SyncFS()
}

// SyncFS commits the running transaction and flushes the device.
func (fs *FS) SyncFS() (err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	if err := fs.check(); err != nil {
		return err
	}
	if fs.ro {
		return nil
	}
	return fs.commit()
}

// StatFS describes the file system as a whole.
type StatFS struct {
	BlockSize   int64
	Blocks      uint64
	BlocksFree  uint64
	BlocksAvail uint64 // free minus the root reserve
	Inodes      uint64
	InodesFree  uint64
	NameMax     int
}

// StatFS reports sizes and free space.
func (fs *FS) StatFS() (StatFS, error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if err := fs.check(); err != nil {
		return StatFS{}, err
	}
	reserve := uint64(le32(fs.sb.raw[:], 0x8))
	if fs.sb.has64() {
		reserve |= uint64(le32(fs.sb.raw[:], 0x154)) << 32
	}
	st := StatFS{
		BlockSize:  int64(fs.bs),
		Blocks:     fs.sb.blocksCount,
		BlocksFree: fs.sb.freeBlocks,
		Inodes:     uint64(fs.sb.inodesCount),
		InodesFree: uint64(fs.sb.freeInodes),
		NameMax:    nameMax,
	}
	if st.BlocksFree > reserve {
		st.BlocksAvail = st.BlocksFree - reserve
	}
	return st, nil
}
