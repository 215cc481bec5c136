// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"math/bits"
	"syscall"
)

func (fs *FS) groupOf(blk uint64) (uint32, uint32) {
	r := blk - uint64(fs.sb.firstDataBlock)
	return uint32(r / uint64(fs.sb.blocksPerGroup)), uint32(r % uint64(fs.sb.blocksPerGroup))
}

func (fs *FS) groupStart(g uint32) uint64 {
	return uint64(fs.sb.firstDataBlock) + uint64(g)*uint64(fs.sb.blocksPerGroup)
}

// groupBlocks is how many blocks group g has (the last may be short).
func (fs *FS) groupBlocks(g uint32) uint32 {
	s := fs.groupStart(g)
	return uint32(min(uint64(fs.sb.blocksPerGroup), fs.sb.blocksCount-s))
}

func (fs *FS) gdtBlocks() uint64 {
	return (uint64(len(fs.groups))*uint64(fs.sb.gdSize()) + uint64(fs.bs) - 1) / uint64(fs.bs)
}

// blockBitmap returns group g's block bitmap, building it first when
// the group is still BLOCK_UNINIT (as the kernel does).
func (fs *FS) blockBitmap(g uint32) (*buf, error) {
	gr := &fs.groups[g]
	if gr.flags&bgBlockUninit == 0 {
		return fs.meta(gr.blockBitmap)
	}
	b := fs.newMeta(gr.blockBitmap)
	d := b.data
	start := fs.groupStart(g)
	n := fs.groupBlocks(g)
	if fs.sb.hasSuper(g) {
		used := 1 + fs.gdtBlocks() + uint64(fs.sb.reservedGdt)
		for i := uint64(0); i < used && i < uint64(n); i++ {
			setBit(d, uint32(i))
		}
	}
	itBlocks := (uint64(fs.sb.inodesPerGroup)*uint64(fs.sb.inodeSize) + uint64(fs.bs) - 1) / uint64(fs.bs)
	for h := range fs.groups {
		o := &fs.groups[h]
		for _, r := range [][2]uint64{{o.blockBitmap, 1}, {o.inodeBitmap, 1}, {o.inodeTable, itBlocks}} {
			lo, hi := max(r[0], start), min(r[0]+r[1], start+uint64(n))
			for x := lo; x < hi; x++ {
				setBit(d, uint32(x-start))
			}
		}
	}
	for i := n; i < fs.bs*8; i++ {
		setBit(d, i)
	}
	gr.flags &^= bgBlockUninit
	fs.groupDirty(g)
	fs.dirty(b)
	return b, nil
}

func (fs *FS) inodeBitmap(g uint32) (*buf, error) {
	gr := &fs.groups[g]
	if gr.flags&bgInodeUninit == 0 {
		return fs.meta(gr.inodeBitmap)
	}
	b := fs.newMeta(gr.inodeBitmap)
	for i := fs.sb.inodesPerGroup; i < fs.bs*8; i++ {
		setBit(b.data, i)
	}
	gr.flags &^= bgInodeUninit
	fs.groupDirty(g)
	fs.dirty(b)
	return b, nil
}

func setBit(d []byte, i uint32)       { d[i/8] |= 1 << (i % 8) }
func clearBit(d []byte, i uint32)     { d[i/8] &^= 1 << (i % 8) }
func testBit(d []byte, i uint32) bool { return d[i/8]&(1<<(i%8)) != 0 }

// nextZero finds the first clear bit at or after i and before n.
func nextZero(d []byte, i, n uint32) (uint32, bool) {
	for i < n {
		if i%64 == 0 && i+64 <= n {
			w := le64(d[i/8:])
			if w == ^uint64(0) {
				i += 64
				continue
			}
			return i + uint32(bits.TrailingZeros64(^w)), true
		}
		if !testBit(d, i) {
			return i, true
		}
		i++
	}
	return 0, false
}

func le64(b []byte) uint64 { return uint64(le32(b, 0)) | uint64(le32(b, 4))<<32 }

// allocBlocks allocates up to n contiguous blocks, at goal if free or
// else the first free run after it, and charges them to in (which may
// be nil). It never returns a block freed by the running transaction.
func (fs *FS) allocBlocks(goal uint64, n uint32, in *inode) (uint64, uint32, error) {
	if fs.sb.freeBlocks == 0 {
		return 0, 0, syscall.ENOSPC
	}
	if goal < uint64(fs.sb.firstDataBlock) || goal >= fs.sb.blocksCount {
		goal = uint64(fs.sb.firstDataBlock)
	}
	g0, off := fs.groupOf(goal)
	ng := uint32(len(fs.groups))
	for k := uint32(0); k <= ng; k++ {
		g := (g0 + k) % ng
		if k > 0 {
			off = 0
		}
		if fs.groups[g].freeBlocks == 0 {
			continue
		}
		bm, err := fs.blockBitmap(g)
		if err != nil {
			return 0, 0, err
		}
		gn := fs.groupBlocks(g)
		for {
			i, ok := nextZero(bm.data, off, gn)
			if !ok {
				break
			}
			j := i + 1
			for j < gn && j-i < n && !testBit(bm.data, j) {
				j++
			}
			start := fs.groupStart(g) + uint64(i)
			s, cnt := fs.tx.avoidBusy(start, j-i)
			if cnt == 0 {
				off = uint32(s - fs.groupStart(g))
				continue
			}
			for x := s; x < s+uint64(cnt); x++ {
				setBit(bm.data, uint32(x-fs.groupStart(g)))
			}
			fs.dirty(bm)
			fs.groups[g].freeBlocks -= cnt
			fs.groupDirty(g)
			fs.sb.freeBlocks -= uint64(cnt)
			if in != nil {
				in.blocks += uint64(cnt) * uint64(fs.bs/512)
			}
			return s, cnt, nil
		}
	}
	return 0, 0, syscall.ENOSPC
}

// freeBlocks returns [start, start+n) to the free pool. The blocks
// stay unavailable until the running transaction commits.
func (fs *FS) freeBlocks(start uint64, n uint32, in *inode) error {
	if !fs.validBlock(start, uint64(n)) {
		return corrupt("freeing blocks out of range")
	}
	if fs.wbOverlaps(start, uint64(n)) {
		if err := fs.flushWB(); err != nil {
			return err
		}
	}
	if in != nil {
		in.blocks -= min(in.blocks, uint64(n)*uint64(fs.bs/512))
	}
	fs.tx.busy = append(fs.tx.busy, extent{pblk: start, len: n})
	for n > 0 {
		g, off := fs.groupOf(start)
		cnt := min(n, fs.groupBlocks(g)-off)
		bm, err := fs.blockBitmap(g)
		if err != nil {
			return err
		}
		for i := off; i < off+cnt; i++ {
			if !testBit(bm.data, i) {
				return corrupt("freeing a free block")
			}
			clearBit(bm.data, i)
		}
		fs.dirty(bm)
		fs.groups[g].freeBlocks += cnt
		fs.groupDirty(g)
		fs.sb.freeBlocks += uint64(cnt)
		start += uint64(cnt)
		n -= cnt
	}
	return nil
}

// allocInode allocates an inode near the parent's group.
func (fs *FS) allocInode(parent Ino, dir bool) (Ino, error) {
	if fs.sb.freeInodes == 0 {
		return 0, syscall.ENOSPC
	}
	ng := uint32(len(fs.groups))
	g0 := (uint32(parent) - 1) / fs.sb.inodesPerGroup
	for k := range ng {
		g := (g0 + k) % ng
		gr := &fs.groups[g]
		if gr.freeInodes == 0 {
			continue
		}
		bm, err := fs.inodeBitmap(g)
		if err != nil {
			return 0, err
		}
		first := uint32(0)
		if g == 0 {
			first = fs.sb.firstIno - 1
		}
		i, ok := nextZero(bm.data, first, fs.sb.inodesPerGroup)
		if !ok {
			continue
		}
		setBit(bm.data, i)
		fs.dirty(bm)
		gr.freeInodes--
		if dir {
			gr.usedDirs++
		}
		if fs.sb.csum() || fs.sb.gdtCsum() {
			if used := fs.sb.inodesPerGroup - gr.itableUnused; i >= used {
				gr.itableUnused = fs.sb.inodesPerGroup - i - 1
			}
		}
		fs.groupDirty(g)
		fs.sb.freeInodes--
		return Ino(g*fs.sb.inodesPerGroup + i + 1), nil
	}
	return 0, syscall.ENOSPC
}

func (fs *FS) freeInode(ino Ino, dir bool) error {
	g := (uint32(ino) - 1) / fs.sb.inodesPerGroup
	i := (uint32(ino) - 1) % fs.sb.inodesPerGroup
	bm, err := fs.inodeBitmap(g)
	if err != nil {
		return err
	}
	if !testBit(bm.data, i) {
		return corrupt("freeing a free inode")
	}
	clearBit(bm.data, i)
	fs.dirty(bm)
	gr := &fs.groups[g]
	gr.freeInodes++
	if dir && gr.usedDirs > 0 {
		gr.usedDirs--
	}
	fs.groupDirty(g)
	fs.sb.freeInodes++
	return nil
}
