// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

const (
	bgInodeUninit  = 0x1
	bgBlockUninit  = 0x2
	bgItableZeroed = 0x4
)

// group is a decoded block group descriptor.
type group struct {
	blockBitmap  uint64
	inodeBitmap  uint64
	inodeTable   uint64
	freeBlocks   uint32
	freeInodes   uint32
	usedDirs     uint32
	flags        uint16
	itableUnused uint32
}

func (fs *FS) gdLoc(g uint32) (blk uint64, off int) {
	pos := uint64(g) * uint64(fs.sb.gdSize())
	return uint64(fs.sb.firstDataBlock) + 1 + pos/uint64(fs.bs), int(pos % uint64(fs.bs))
}

func (fs *FS) loadGroups() error {
	n := fs.sb.groupCount()
	if n == 0 || uint64(n)*uint64(fs.sb.gdSize()) > 64<<20 {
		return corrupt("group count")
	}
	fs.groups = make([]group, n)
	ds := int(fs.sb.gdSize())
	for g := range n {
		blk, off := fs.gdLoc(g)
		b, err := fs.meta(blk)
		if err != nil {
			return err
		}
		d := b.data[off : off+ds]
		gr := group{
			blockBitmap:  uint64(le32(d, 0x0)),
			inodeBitmap:  uint64(le32(d, 0x4)),
			inodeTable:   uint64(le32(d, 0x8)),
			freeBlocks:   uint32(le16(d, 0xc)),
			freeInodes:   uint32(le16(d, 0xe)),
			usedDirs:     uint32(le16(d, 0x10)),
			flags:        le16(d, 0x12),
			itableUnused: uint32(le16(d, 0x1c)),
		}
		if ds >= 64 {
			gr.blockBitmap |= uint64(le32(d, 0x20)) << 32
			gr.inodeBitmap |= uint64(le32(d, 0x24)) << 32
			gr.inodeTable |= uint64(le32(d, 0x28)) << 32
			gr.freeBlocks |= uint32(le16(d, 0x2c)) << 16
			gr.freeInodes |= uint32(le16(d, 0x2e)) << 16
			gr.usedDirs |= uint32(le16(d, 0x30)) << 16
			gr.itableUnused |= uint32(le16(d, 0x32)) << 16
		}
		if fs.sb.csum() || fs.sb.gdtCsum() {
			if le16(d, 0x1e) != fs.gdCsum(g, d) {
				return corrupt("group descriptor checksum")
			}
		} else {
			gr.flags = 0 // the uninit flags mean nothing without checksums
		}
		itBlocks := (uint64(fs.sb.inodesPerGroup)*uint64(fs.sb.inodeSize) + uint64(fs.bs) - 1) / uint64(fs.bs)
		if !fs.validBlock(gr.blockBitmap, 1) || !fs.validBlock(gr.inodeBitmap, 1) || !fs.validBlock(gr.inodeTable, itBlocks) ||
			gr.freeInodes > fs.sb.inodesPerGroup || gr.freeBlocks > fs.sb.blocksPerGroup || gr.itableUnused > fs.sb.inodesPerGroup {
			return corrupt("group descriptor")
		}
		fs.groups[g] = gr
	}
	return nil
}

func (fs *FS) validBlock(b, n uint64) bool {
	return b >= uint64(fs.sb.firstDataBlock) && b < fs.sb.blocksCount && n <= fs.sb.blocksCount-b
}

func (fs *FS) gdCsum(g uint32, d []byte) uint16 {
	var gb [4]byte
	put32(gb[:], 0, g)
	if fs.sb.csum() {
		c := crc32c(fs.seed, gb[:])
		c = crc32c(c, d[:0x1e])
		c = crc32c(c, []byte{0, 0})
		if len(d) > 0x20 {
			c = crc32c(c, d[0x20:])
		}
		return uint16(c)
	}
	c := crc16(0xffff, fs.sb.uuid[:])
	c = crc16(c, gb[:])
	c = crc16(c, d[:0x1e])
	if len(d) > 0x20 && fs.sb.has64() {
		c = crc16(c, d[0x20:])
	}
	return c
}

// groupDirty marks group g's descriptor (and its bitmap checksums) to
// be written at the next commit.
func (fs *FS) groupDirty(g uint32) {
	fs.dirtyGroups[g] = true
}

// flushGroups encodes the changed descriptors into the descriptor
// table's blocks, with fresh bitmap checksums.
func (fs *FS) flushGroups() error {
	ds := int(fs.sb.gdSize())
	for g := range fs.dirtyGroups {
		gr := &fs.groups[g]
		blk, off := fs.gdLoc(g)
		b, err := fs.meta(blk)
		if err != nil {
			return err
		}
		d := b.data[off : off+ds]
		put32(d, 0x0, uint32(gr.blockBitmap))
		put32(d, 0x4, uint32(gr.inodeBitmap))
		put32(d, 0x8, uint32(gr.inodeTable))
		put16(d, 0xc, uint16(gr.freeBlocks))
		put16(d, 0xe, uint16(gr.freeInodes))
		put16(d, 0x10, uint16(gr.usedDirs))
		put16(d, 0x12, gr.flags)
		put16(d, 0x1c, uint16(gr.itableUnused))
		if ds >= 64 {
			put16(d, 0x2c, uint16(gr.freeBlocks>>16))
			put16(d, 0x2e, uint16(gr.freeInodes>>16))
			put16(d, 0x30, uint16(gr.usedDirs>>16))
			put16(d, 0x32, uint16(gr.itableUnused>>16))
		}
		if fs.sb.csum() {
			if gr.flags&bgBlockUninit == 0 {
				bm, err := fs.meta(gr.blockBitmap)
				if err != nil {
					return err
				}
				c := crc32c(fs.seed, bm.data[:fs.sb.blocksPerGroup/8])
				put16(d, 0x18, uint16(c))
				if ds >= 64 {
					put16(d, 0x38, uint16(c>>16))
				}
			}
			if gr.flags&bgInodeUninit == 0 {
				bm, err := fs.meta(gr.inodeBitmap)
				if err != nil {
					return err
				}
				c := crc32c(fs.seed, bm.data[:fs.sb.inodesPerGroup/8])
				put16(d, 0x1a, uint16(c))
				if ds >= 64 {
					put16(d, 0x3a, uint16(c>>16))
				}
			}
		}
		if fs.sb.csum() || fs.sb.gdtCsum() {
			put16(d, 0x1e, fs.gdCsum(g, d))
		}
		fs.dirty(b)
		delete(fs.dirtyGroups, g)
	}
	return nil
}
