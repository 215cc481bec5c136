// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"syscall"
	"time"
)

// Inode flags.
const (
	flagIndex    = 0x1000
	flagHugeFile = 0x40000
	flagExtents  = 0x80000
	flagEAInode  = 0x200000
	flagInline   = 0x10000000
)

const goodOldInodeSize = 128

// inode is a decoded on-disk inode. raw is the whole on-disk record,
// so that fields we do not interpret survive a write.
type inode struct {
	ino   Ino
	raw   []byte
	mode  uint16
	uid   uint32
	gid   uint32
	size  uint64
	links uint16
	flags uint32
	gen   uint32
	// blocks is i_blocks in 512-byte units.
	blocks uint64
	extra  uint16 // i_extra_isize
}

func (fs *FS) inodeLoc(ino Ino) (blk uint64, off int, err error) {
	if ino == 0 || uint32(ino) > fs.sb.inodesCount {
		return 0, 0, corrupt("inode number out of range")
	}
	g := (uint32(ino) - 1) / fs.sb.inodesPerGroup
	idx := uint64((uint32(ino) - 1) % fs.sb.inodesPerGroup)
	pos := idx * uint64(fs.sb.inodeSize)
	return fs.groups[g].inodeTable + pos/uint64(fs.bs), int(pos % uint64(fs.bs)), nil
}

// inodeSeed is the per-inode checksum seed of extent and directory
// blocks.
func (fs *FS) inodeSeed(ino Ino, gen uint32) uint32 {
	var b [4]byte
	put32(b[:], 0, uint32(ino))
	c := crc32c(fs.seed, b[:])
	put32(b[:], 0, gen)
	return crc32c(c, b[:])
}

func (fs *FS) inodeCsum(ino Ino, raw []byte) uint32 {
	var zero [4]byte
	c := fs.inodeSeed(ino, le32(raw, 0x64))
	c = crc32c(c, raw[:0x7c])
	c = crc32c(c, zero[:2])
	c = crc32c(c, raw[0x7e:goodOldInodeSize])
	if len(raw) > goodOldInodeSize {
		extra := int(le16(raw, 0x80))
		c = crc32c(c, raw[goodOldInodeSize:0x82])
		if goodOldInodeSize+extra >= 0x84 {
			c = crc32c(c, zero[:2])
			c = crc32c(c, raw[0x84:])
		} else {
			c = crc32c(c, raw[0x82:])
		}
	}
	return c
}

// inodeCacheMax bounds the decoded inodes kept between operations.
const inodeCacheMax = 1024

// readInode returns inode ino, decoded. Decoded inodes are kept (see
// FS.icache), so that a small write to an open file neither allocates
// nor verifies the inode's checksum again. A kept inode is used only
// while its raw bytes are those of its inode table block: any change
// to the block (a write of another copy, journal replay, a block read
// again) makes it stale without further bookkeeping. Its fields are
// decoded again from raw, dropping what a failed operation changed.
func (fs *FS) readInode(ino Ino) (*inode, error) {
	blk, off, err := fs.inodeLoc(ino)
	if err != nil {
		return nil, err
	}
	b, err := fs.meta(blk)
	if err != nil {
		return nil, err
	}
	disk := b.data[off : off+int(fs.sb.inodeSize)]
	if in := fs.icache[ino]; in != nil && string(in.raw) == string(disk) {
		fs.decodeInode(in) // checked when it was read or written
		return in, nil
	}
	in := &inode{ino: ino, raw: make([]byte, len(disk))}
	copy(in.raw, disk)
	if err := fs.decodeInode(in); err != nil {
		return nil, err
	}
	if fs.sb.csum() {
		c := fs.inodeCsum(ino, in.raw)
		ok := le16(in.raw, 0x7c) == uint16(c)
		if len(in.raw) > goodOldInodeSize && goodOldInodeSize+int(in.extra) >= 0x84 {
			ok = ok && le16(in.raw, 0x82) == uint16(c>>16)
		}
		if !ok {
			return nil, corrupt("inode " + itoa(uint64(ino)) + " checksum")
		}
	}
	fs.icache[ino] = in
	return in, nil
}

// decodeInode sets in's fields from in.raw.
func (fs *FS) decodeInode(in *inode) error {
	raw := in.raw
	in.mode = le16(raw, 0x0)
	in.uid = uint32(le16(raw, 0x2)) | uint32(le16(raw, 0x78))<<16
	in.gid = uint32(le16(raw, 0x18)) | uint32(le16(raw, 0x7a))<<16
	in.size = uint64(le32(raw, 0x4)) | uint64(le32(raw, 0x6c))<<32
	in.links = le16(raw, 0x1a)
	in.flags = le32(raw, 0x20)
	in.gen = le32(raw, 0x64)
	in.blocks = uint64(le32(raw, 0x1c))
	if fs.sb.featureRoCompat&roHugeFile != 0 {
		in.blocks |= uint64(le16(raw, 0x74)) << 32
		if in.flags&flagHugeFile != 0 {
			in.blocks *= uint64(fs.bs / 512)
		}
	}
	in.extra = 0
	if len(raw) > goodOldInodeSize {
		in.extra = le16(raw, 0x80)
		if int(in.extra)+goodOldInodeSize > len(raw) || in.extra%4 != 0 {
			return corrupt("inode extra size")
		}
	}
	return nil
}

// writeInode encodes in into its inode table block, in the running
// transaction.
func (fs *FS) writeInode(in *inode) error {
	blk, off, err := fs.inodeLoc(in.ino)
	if err != nil {
		return err
	}
	b, err := fs.meta(blk)
	if err != nil {
		return err
	}
	r := in.raw
	put16(r, 0x0, in.mode)
	put16(r, 0x2, uint16(in.uid))
	put16(r, 0x78, uint16(in.uid>>16))
	put16(r, 0x18, uint16(in.gid))
	put16(r, 0x7a, uint16(in.gid>>16))
	put32(r, 0x4, uint32(in.size))
	put32(r, 0x6c, uint32(in.size>>32))
	put16(r, 0x1a, in.links)
	blocks := in.blocks
	if in.flags&flagHugeFile != 0 {
		blocks /= uint64(fs.bs / 512)
	}
	put32(r, 0x1c, uint32(blocks))
	if fs.sb.featureRoCompat&roHugeFile != 0 {
		put16(r, 0x74, uint16(blocks>>32))
	}
	put32(r, 0x20, in.flags)
	put32(r, 0x64, in.gen)
	if fs.sb.csum() {
		c := fs.inodeCsum(in.ino, r)
		put16(r, 0x7c, uint16(c))
		if len(r) > goodOldInodeSize && goodOldInodeSize+int(in.extra) >= 0x84 {
			put16(r, 0x82, uint16(c>>16))
		}
	}
	copy(b.data[off:], r)
	fs.dirty(b)
	fs.icache[in.ino] = in // its raw is now the block's
	return nil
}

// Time fields: the low 32 bits of seconds in the base field, and in
// the extra field two epoch bits then 30 bits of nanoseconds.
const (
	tAtime = iota
	tCtime
	tMtime
	tCrtime
)

var timeOff = [...][2]int{{0x8, 0x8c}, {0xc, 0x84}, {0x10, 0x88}, {0x90, 0x94}}

func (in *inode) time(which int) time.Time {
	o := timeOff[which]
	if o[0] >= len(in.raw) {
		return time.Time{}
	}
	sec := int64(int32(le32(in.raw, o[0])))
	var nsec int64
	if goodOldInodeSize+int(in.extra) >= o[1]+4 {
		x := le32(in.raw, o[1])
		sec += int64(x&3) << 32
		nsec = int64(x >> 2)
		if nsec > 999999999 {
			nsec = 0
		}
	}
	return time.Unix(sec, nsec)
}

func (in *inode) setTime(which int, t time.Time) {
	o := timeOff[which]
	if o[0] >= len(in.raw) || o[0] >= goodOldInodeSize && goodOldInodeSize+int(in.extra) < o[0]+4 {
		return
	}
	sec := t.Unix()
	put32(in.raw, o[0], uint32(sec))
	if goodOldInodeSize+int(in.extra) >= o[1]+4 {
		epoch := uint32((sec-int64(int32(sec)))>>32) & 3
		put32(in.raw, o[1], uint32(t.Nanosecond())<<2|epoch)
	}
}

func (in *inode) isDir() bool     { return in.mode&syscall.S_IFMT == syscall.S_IFDIR }
func (in *inode) isReg() bool     { return in.mode&syscall.S_IFMT == syscall.S_IFREG }
func (in *inode) isSymlink() bool { return in.mode&syscall.S_IFMT == syscall.S_IFLNK }

// iblock is the 60-byte i_block area: the extent root, block map or
// inline symlink.
func (in *inode) iblock() []byte { return in.raw[0x28:0x64] }

func (in *inode) dtime() uint32     { return le32(in.raw, 0x14) }
func (in *inode) setDtime(v uint32) { put32(in.raw, 0x14, v) }

// fastSymlink reports whether the target lives in i_block.
func (in *inode) fastSymlink(fs *FS) bool {
	if !in.isSymlink() || in.flags&(flagExtents|flagInline) != 0 {
		return false
	}
	ea := uint64(0)
	if le32(in.raw, 0x68) != 0 {
		ea = uint64(fs.bs / 512)
	}
	return in.blocks == ea && in.size < 60
}

// Attr is what Stat returns.
type Attr struct {
	Ino   Ino
	Mode  uint32 // syscall.S_IF* | permission bits
	Nlink uint32
	Uid   uint32
	Gid   uint32
	Size  int64
	// Blocks counts 512-byte units, as st_blocks.
	Blocks int64
	Atime  time.Time
	Mtime  time.Time
	Ctime  time.Time
	Rdev   uint32
	Gen    uint32
}

func (fs *FS) attr(in *inode) Attr {
	a := Attr{
		Ino:    in.ino,
		Mode:   uint32(in.mode),
		Nlink:  uint32(in.links),
		Uid:    in.uid,
		Gid:    in.gid,
		Size:   int64(in.size),
		Blocks: int64(in.blocks),
		Atime:  in.time(tAtime),
		Mtime:  in.time(tMtime),
		Ctime:  in.time(tCtime),
		Gen:    in.gen,
	}
	if in.isDir() && in.links == 1 && fs.sb.featureRoCompat&roDirNlink != 0 {
		a.Nlink = 1
	}
	switch in.mode & syscall.S_IFMT {
	case syscall.S_IFCHR, syscall.S_IFBLK:
		ib := in.iblock()
		if d := le32(ib, 0); d != 0 {
			a.Rdev = d
		} else {
			a.Rdev = le32(ib, 4)
		}
	}
	return a
}

func itoa(v uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			return string(b[i:])
		}
	}
}
