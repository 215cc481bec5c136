// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import "syscall"

// Directory entry file types.
const (
	ftUnknown = 0
	ftReg     = 1
	ftDir     = 2
	ftChr     = 3
	ftBlk     = 4
	ftFifo    = 5
	ftSock    = 6
	ftSymlink = 7
)

const (
	direntHeader = 8
	tailSize     = 12
	tailType     = 0xde
	linkMax      = 65000
	nameMax      = 255
)

// DirEntry is one name in a directory.
type DirEntry struct {
	Name string
	Ino  Ino
	// Type is the file type as syscall.S_IF* (0 when the file
	// system does not record types).
	Type uint32
}

type dirent struct {
	ino     Ino
	recLen  int
	nameLen int
	ftype   uint8
}

func direntSize(nameLen int) int { return (direntHeader + nameLen + 3) &^ 3 }

func modeFtype(mode uint16) uint8 {
	switch mode & syscall.S_IFMT {
	case syscall.S_IFREG:
		return ftReg
	case syscall.S_IFDIR:
		return ftDir
	case syscall.S_IFCHR:
		return ftChr
	case syscall.S_IFBLK:
		return ftBlk
	case syscall.S_IFIFO:
		return ftFifo
	case syscall.S_IFSOCK:
		return ftSock
	case syscall.S_IFLNK:
		return ftSymlink
	}
	return ftUnknown
}

var ftypeMode = [...]uint32{0, syscall.S_IFREG, syscall.S_IFDIR, syscall.S_IFCHR,
	syscall.S_IFBLK, syscall.S_IFIFO, syscall.S_IFSOCK, syscall.S_IFLNK}

func (fs *FS) hasTail(d []byte) bool {
	if !fs.sb.csum() {
		return false
	}
	t := d[len(d)-tailSize:]
	return le32(t, 0) == 0 && le16(t, 4) == tailSize && t[6] == 0 && t[7] == tailType
}

// usable is the part of a directory block entries may use.
func (fs *FS) usable() int {
	if fs.sb.csum() {
		return int(fs.bs) - tailSize
	}
	return int(fs.bs)
}

// dirBlock returns logical block l of directory in.
func (fs *FS) dirBlock(in *inode, l uint32) (*buf, error) {
	p, _, unwritten, err := fs.mapBlock(in, l)
	if err != nil {
		return nil, err
	}
	if p == 0 || unwritten {
		return nil, corrupt("hole in directory")
	}
	b, err := fs.meta(p)
	if err != nil {
		return nil, err
	}
	if fs.hasTail(b.data) {
		if le32(b.data, int(fs.bs)-4) != crc32c(fs.inodeSeed(in.ino, in.gen), b.data[:int(fs.bs)-tailSize]) {
			return nil, corrupt("directory block checksum")
		}
	}
	return b, nil
}

// sealDir refreshes a directory block's checksum tail and adds the
// block to the transaction.
func (fs *FS) sealDir(in *inode, b *buf) {
	if fs.sb.csum() {
		t := b.data[fs.usable():]
		put32(t, 0, 0)
		put16(t, 4, tailSize)
		t[6], t[7] = 0, tailType
		put32(t, 8, crc32c(fs.inodeSeed(in.ino, in.gen), b.data[:fs.usable()]))
	}
	fs.dirty(b)
}

func (fs *FS) dirBlocks(in *inode) (uint32, error) {
	if in.size%uint64(fs.bs) != 0 || in.size/uint64(fs.bs) >= 1<<31 {
		return 0, corrupt("directory size")
	}
	return uint32(in.size / uint64(fs.bs)), nil
}

// parseBlock calls fn for each entry, live or not, of directory block
// d, checking each. fn returns true to stop.
func (fs *FS) parseBlock(d []byte, fn func(off int, e dirent, name []byte) bool) (bool, error) {
	for off := 0; off < len(d); {
		if len(d)-off < direntHeader {
			return false, corrupt("directory entry")
		}
		e := dirent{ino: Ino(le32(d, off)), recLen: int(le16(d, off+4)), nameLen: int(d[off+6]), ftype: d[off+7]}
		if fs.sb.featureIncompat&incompatFiletype == 0 {
			e.nameLen |= int(e.ftype) << 8
			e.ftype = 0
		}
		if e.recLen == 0 && fs.bs == 65536 {
			e.recLen = 65536
		}
		if e.recLen < direntHeader || e.recLen%4 != 0 || off+e.recLen > len(d) || direntHeader+e.nameLen > e.recLen {
			return false, corrupt("directory entry")
		}
		if fn(off, e, d[off+direntHeader:off+direntHeader+e.nameLen]) {
			return true, nil
		}
		off += e.recLen
	}
	return false, nil
}

// walkDir calls fn for each entry, live or not, of every block. fn
// returns true to stop.
func (fs *FS) walkDir(in *inode, fn func(b *buf, l uint32, off int, e dirent, name []byte) bool) error {
	n, err := fs.dirBlocks(in)
	if err != nil {
		return err
	}
	for l := range n {
		b, err := fs.dirBlock(in, l)
		if err != nil {
			return err
		}
		stop, err := fs.parseBlock(b.data, func(off int, e dirent, name []byte) bool {
			return fn(b, l, off, e, name)
		})
		if stop || err != nil {
			return err
		}
	}
	return nil
}

// dirIndex is an in-memory index of a large directory: where each
// name is, and how much room each block has, so that lookups and
// inserts do not scan every block. It mirrors the cached blocks and
// is kept up to date by every change made through this file.
type dirIndex struct {
	names map[string]dirLoc
	room  []int // per block: the largest entry it can take
}

type dirLoc struct {
	ino Ino
	blk uint32
}

const (
	indexMinBlocks = 4  // smaller directories are scanned
	maxIndexes     = 64 // directories indexed at once
)

// index returns dir's index, building it if the directory is large
// enough to deserve one; nil otherwise.
func (fs *FS) index(dir *inode) (*dirIndex, error) {
	if x, ok := fs.dirs[dir.ino]; ok {
		return x, nil
	}
	n, err := fs.dirBlocks(dir)
	if err != nil || n < indexMinBlocks || dir.flags&flagIndex != 0 {
		return nil, err
	}
	// room grows as blocks are read: a corrupt size fails at the
	// first hole instead of allocating for it.
	x := &dirIndex{names: make(map[string]dirLoc)}
	for l := range n {
		b, err := fs.dirBlock(dir, l)
		if err != nil {
			return nil, err
		}
		if _, err := fs.parseBlock(b.data, func(_ int, e dirent, name []byte) bool {
			if e.ino != 0 {
				x.names[string(name)] = dirLoc{e.ino, l}
			}
			return false
		}); err != nil {
			return nil, err
		}
		room, err := fs.blockRoom(b.data)
		if err != nil {
			return nil, err
		}
		x.room = append(x.room, room)
	}
	if len(fs.dirs) >= maxIndexes {
		clear(fs.dirs)
	}
	fs.dirs[dir.ino] = x
	return x, nil
}

// blockRoom is the largest entry block d can take.
func (fs *FS) blockRoom(d []byte) (int, error) {
	room := 0
	usable := fs.usable()
	_, err := fs.parseBlock(d, func(off int, e dirent, _ []byte) bool {
		if off >= usable {
			return true
		}
		used := 0
		if e.ino != 0 {
			used = direntSize(e.nameLen)
		}
		room = max(room, e.recLen-used)
		return false
	})
	return room, err
}

// lookup finds name in directory in.
func (fs *FS) lookup(in *inode, name string) (Ino, error) {
	x, err := fs.index(in)
	if err != nil {
		return 0, err
	}
	var found Ino
	if x != nil {
		found = x.names[name].ino
	} else {
		err = fs.walkDir(in, func(_ *buf, _ uint32, _ int, e dirent, n []byte) bool {
			if e.ino != 0 && string(n) == name {
				found = e.ino
				return true
			}
			return false
		})
		if err != nil {
			return 0, err
		}
	}
	if found == 0 {
		return 0, syscall.ENOENT
	}
	if uint32(found) > fs.sb.inodesCount {
		return 0, corrupt("directory entry inode number")
	}
	return found, nil
}

func (fs *FS) putDirent(d []byte, off int, ino Ino, recLen int, name string, ft uint8) {
	put32(d, off, uint32(ino))
	put16(d, off+4, uint16(recLen))
	d[off+6] = uint8(len(name))
	if fs.sb.featureIncompat&incompatFiletype != 0 {
		d[off+7] = ft
	} else {
		d[off+7] = 0
	}
	copy(d[off+direntHeader:], name)
}

// insert puts name into block b if it has room.
func (fs *FS) insert(b *buf, name string, ino Ino, ft uint8) (bool, error) {
	need := direntSize(len(name))
	usable := fs.usable()
	return fs.parseBlock(b.data, func(off int, e dirent, _ []byte) bool {
		if off >= usable {
			return false // the checksum tail
		}
		used := 0
		if e.ino != 0 {
			used = direntSize(e.nameLen)
		}
		if e.recLen-used < need {
			return false
		}
		if used > 0 {
			put16(b.data, off+4, uint16(used))
			off += used
		}
		fs.putDirent(b.data, off, ino, e.recLen-used, name, ft)
		return true
	})
}

// addEntry links name to ino in directory dir, growing it by a block
// when no block has room. The caller writes dir's inode.
func (fs *FS) addEntry(dir *inode, name string, ino Ino, ft uint8) error {
	if err := fs.unindex(dir); err != nil {
		return err
	}
	x, err := fs.index(dir)
	if err != nil {
		return err
	}
	n, err := fs.dirBlocks(dir)
	if err != nil {
		return err
	}
	need := direntSize(len(name))
	for l := range n {
		if x != nil && x.room[l] < need {
			continue
		}
		b, err := fs.dirBlock(dir, l)
		if err != nil {
			return err
		}
		ok, err := fs.insert(b, name, ino, ft)
		if err != nil {
			return err
		}
		if ok {
			fs.sealDir(dir, b)
			if x != nil {
				x.names[name] = dirLoc{ino, l}
				x.room[l], err = fs.blockRoom(b.data)
			}
			return err
		}
	}
	b, err := fs.growDir(dir)
	if err != nil {
		return err
	}
	fs.putDirent(b.data, 0, ino, fs.usable(), name, ft)
	fs.sealDir(dir, b)
	if x != nil {
		x.names[name] = dirLoc{ino, n}
		x.room = append(x.room, fs.usable()-need)
	}
	return nil
}

// growDir appends a zeroed block to directory dir.
func (fs *FS) growDir(dir *inode) (*buf, error) {
	n, err := fs.dirBlocks(dir)
	if err != nil {
		return nil, err
	}
	list, nodes, err := fs.extents(dir)
	if err != nil {
		return nil, err
	}
	goal := fs.inodeGoal(dir.ino)
	if len(list) > 0 {
		last := list[len(list)-1]
		goal = last.pblk + uint64(last.len)
	}
	p, _, err := fs.allocBlocks(goal, 1, dir)
	if err != nil {
		return nil, err
	}
	list = setRange(list, n, 1, p)
	if err := fs.writeExtents(dir, list, nodes); err != nil {
		fs.freeBlocks(p, 1, dir)
		return nil, err
	}
	dir.size += uint64(fs.bs)
	return fs.newMeta(p), nil
}

// inodeGoal is a block near inode ino's group, where its data should go.
func (fs *FS) inodeGoal(ino Ino) uint64 {
	g := (uint32(ino) - 1) / fs.sb.inodesPerGroup
	return fs.groupStart(g)
}

// findEntry calls fn on the live entry called name, with the offset
// of the entry before it in the same block (-1 if first).
func (fs *FS) findEntry(dir *inode, name string, fn func(b *buf, l uint32, off, prev int, e dirent)) error {
	x, err := fs.index(dir)
	if err != nil {
		return err
	}
	n, err := fs.dirBlocks(dir)
	if err != nil {
		return err
	}
	lo, hi := uint32(0), n
	if x != nil {
		loc, ok := x.names[name]
		if !ok || loc.blk >= n {
			return syscall.ENOENT
		}
		lo, hi = loc.blk, loc.blk+1
	}
	for l := lo; l < hi; l++ {
		b, err := fs.dirBlock(dir, l)
		if err != nil {
			return err
		}
		prev := -1
		found, err := fs.parseBlock(b.data, func(off int, e dirent, nm []byte) bool {
			if e.ino != 0 && string(nm) == name {
				fn(b, l, off, prev, e)
				return true
			}
			prev = off
			return false
		})
		if err != nil || found {
			if err == nil && x != nil {
				x.room[l], err = fs.blockRoom(b.data)
			}
			return err
		}
	}
	if x != nil {
		return corrupt("directory index out of date")
	}
	return syscall.ENOENT
}

// removeEntry unlinks name from dir, returning the inode it named.
func (fs *FS) removeEntry(dir *inode, name string) (Ino, error) {
	if err := fs.unindex(dir); err != nil {
		return 0, err
	}
	var found Ino
	err := fs.findEntry(dir, name, func(b *buf, _ uint32, off, prev int, e dirent) {
		found = e.ino
		if prev >= 0 {
			put16(b.data, prev+4, le16(b.data, prev+4)+uint16(e.recLen))
		} else {
			put32(b.data, off, 0)
		}
		fs.sealDir(dir, b)
	})
	if err != nil {
		return 0, err
	}
	if x := fs.dirs[dir.ino]; x != nil {
		delete(x.names, name)
	}
	return found, nil
}

// setEntry points the existing entry name at ino (rename over a file).
func (fs *FS) setEntry(dir *inode, name string, ino Ino, ft uint8) error {
	if err := fs.unindex(dir); err != nil {
		return err
	}
	var l uint32
	err := fs.findEntry(dir, name, func(b *buf, bl uint32, off, _ int, _ dirent) {
		put32(b.data, off, uint32(ino))
		if fs.sb.featureIncompat&incompatFiletype != 0 {
			b.data[off+7] = ft
		}
		fs.sealDir(dir, b)
		l = bl
	})
	if err != nil {
		return err
	}
	if x := fs.dirs[dir.ino]; x != nil {
		x.names[name] = dirLoc{ino, l}
	}
	return nil
}

// isEmpty reports whether dir holds only "." and "..".
func (fs *FS) isEmpty(dir *inode) (bool, error) {
	empty := true
	err := fs.walkDir(dir, func(_ *buf, _ uint32, _ int, e dirent, n []byte) bool {
		if e.ino != 0 && string(n) != "." && string(n) != ".." {
			empty = false
			return true
		}
		return false
	})
	return empty, err
}

// initDir gives a new directory its first block with "." and "..".
func (fs *FS) initDir(in *inode, parent Ino) error {
	b, err := fs.growDir(in)
	if err != nil {
		return err
	}
	fs.putDirent(b.data, 0, in.ino, 12, ".", ftDir)
	fs.putDirent(b.data, 12, parent, fs.usable()-12, "..", ftDir)
	fs.sealDir(in, b)
	return nil
}

// unindex turns an htree directory into a linear one before it is
// changed: the interior index blocks become empty entry blocks and
// the root's ".." entry spans the rest of the block again. Every name
// stays where it is, since htree leaves are ordinary entry blocks.
func (fs *FS) unindex(dir *inode) error {
	if dir.flags&flagIndex == 0 {
		return nil
	}
	root, err := fs.dirBlock(dir, 0)
	if err != nil {
		return err
	}
	d := root.data
	levels := int(d[0x1e])
	nblocks, err := fs.dirBlocks(dir)
	if err != nil {
		return err
	}
	if levels > 3 || le16(d, 4) != 12 {
		return corrupt("htree root")
	}
	// Collect the interior blocks level by level.
	var interior []uint32
	cur := [][]byte{d[0x20:]}
	for lv := 0; lv < levels; lv++ {
		var next [][]byte
		for _, node := range cur {
			limit, count := int(le16(node, 0)), int(le16(node, 2))
			if count > limit || 8*limit > len(node) {
				return corrupt("htree node")
			}
			for i := range count {
				blk := le32(node, 8*i+4) & 0x0fffffff
				if blk >= nblocks || blk == 0 {
					return corrupt("htree block")
				}
				b, err := fs.dirBlock(dir, blk)
				if err != nil {
					return err
				}
				interior = append(interior, blk)
				next = append(next, b.data[8:])
			}
		}
		if len(interior) > int(nblocks) {
			return corrupt("htree size")
		}
		cur = next
	}
	for _, l := range interior {
		b, err := fs.dirBlock(dir, l)
		if err != nil {
			return err
		}
		clear(b.data)
		fs.putDirent(b.data, 0, 0, fs.usable(), "", 0)
		fs.sealDir(dir, b)
	}
	delete(fs.dirs, dir.ino)
	clear(d[24:])
	put16(d, 16, uint16(fs.usable()-12))
	fs.sealDir(dir, root)
	dir.flags &^= flagIndex
	return nil
}
