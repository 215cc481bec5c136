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
		d := b.data
		for off := 0; off < len(d); {
			if len(d)-off < direntHeader {
				return corrupt("directory entry")
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
				return corrupt("directory entry")
			}
			if fn(b, l, off, e, d[off+direntHeader:off+direntHeader+e.nameLen]) {
				return nil
			}
			off += e.recLen
		}
	}
	return nil
}

// lookup finds name in directory in.
func (fs *FS) lookup(in *inode, name string) (Ino, error) {
	var found Ino
	err := fs.walkDir(in, func(_ *buf, _ uint32, _ int, e dirent, n []byte) bool {
		if e.ino != 0 && string(n) == name {
			found = e.ino
			return true
		}
		return false
	})
	if err != nil {
		return 0, err
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

// addEntry links name to ino in directory dir, growing it by a block
// when no block has room. The caller writes dir's inode.
func (fs *FS) addEntry(dir *inode, name string, ino Ino, ft uint8) error {
	if err := fs.unindex(dir); err != nil {
		return err
	}
	need := direntSize(len(name))
	usable := fs.usable()
	done := false
	err := fs.walkDir(dir, func(b *buf, _ uint32, off int, e dirent, _ []byte) bool {
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
		fs.sealDir(dir, b)
		done = true
		return true
	})
	if err != nil || done {
		return err
	}
	b, err := fs.growDir(dir)
	if err != nil {
		return err
	}
	fs.putDirent(b.data, 0, ino, usable, name, ft)
	fs.sealDir(dir, b)
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

// removeEntry unlinks name from dir, returning the inode it named.
func (fs *FS) removeEntry(dir *inode, name string) (Ino, error) {
	if err := fs.unindex(dir); err != nil {
		return 0, err
	}
	var found Ino
	prev, prevL := -1, uint32(0)
	err := fs.walkDir(dir, func(b *buf, l uint32, off int, e dirent, n []byte) bool {
		if l != prevL || off == 0 {
			prev, prevL = -1, l
		}
		if e.ino != 0 && string(n) == name {
			found = e.ino
			if prev >= 0 {
				put16(b.data, prev+4, uint16(le16(b.data, prev+4))+uint16(e.recLen))
			} else {
				put32(b.data, off, 0)
			}
			fs.sealDir(dir, b)
			return true
		}
		prev = off
		return false
	})
	if err != nil {
		return 0, err
	}
	if found == 0 {
		return 0, syscall.ENOENT
	}
	return found, nil
}

// setEntry points the existing entry name at ino (rename over a file).
func (fs *FS) setEntry(dir *inode, name string, ino Ino, ft uint8) error {
	if err := fs.unindex(dir); err != nil {
		return err
	}
	done := false
	err := fs.walkDir(dir, func(b *buf, _ uint32, off int, e dirent, n []byte) bool {
		if e.ino != 0 && string(n) == name {
			put32(b.data, off, uint32(ino))
			if fs.sb.featureIncompat&incompatFiletype != 0 {
				b.data[off+7] = ft
			}
			fs.sealDir(dir, b)
			done = true
			return true
		}
		return false
	})
	if err == nil && !done {
		err = syscall.ENOENT
	}
	return err
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
	clear(d[24:])
	put16(d, 16, uint16(fs.usable()-12))
	fs.sealDir(dir, root)
	dir.flags &^= flagIndex
	return nil
}
