// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import "slices"

const (
	extMagic     = 0xf30a
	extMaxDepth  = 5
	extInitMax   = 32768 // longest initialized extent
	extUninitMax = 32767 // longest unwritten extent
)

// extent maps len logical blocks from lblk to physical blocks from
// pblk. Unwritten extents read as zeros.
type extent struct {
	lblk      uint32
	len       uint32
	pblk      uint64
	unwritten bool
}

func (e extent) end() uint64 { return uint64(e.lblk) + uint64(e.len) }

type extHeader struct {
	entries, max, depth uint16
}

func parseExtHeader(b []byte, capacity int) (extHeader, error) {
	h := extHeader{le16(b, 2), le16(b, 4), le16(b, 6)}
	if le16(b, 0) != extMagic || h.entries > h.max || int(h.max) > capacity || h.depth > extMaxDepth {
		return h, corrupt("extent header")
	}
	return h, nil
}

func decodeExtent(e []byte) extent {
	x := extent{
		lblk: le32(e, 0),
		len:  uint32(le16(e, 4)),
		pblk: uint64(le16(e, 6))<<32 | uint64(le32(e, 8)),
	}
	if x.len > extInitMax {
		x.len -= extInitMax
		x.unwritten = true
	}
	return x
}

func decodeIndex(e []byte) (lblk uint32, child uint64) {
	return le32(e, 0), uint64(le16(e, 8))<<32 | uint64(le32(e, 4))
}

// extBlockCap is how many entries fit in a tree block, leaving room
// for the checksum tail.
func (fs *FS) extBlockCap() int { return (int(fs.bs) - 12) / 12 }

// extNode reads tree block blk expected at depth, checking its header
// and checksum.
func (fs *FS) extNode(in *inode, blk uint64, depth uint16) ([]byte, extHeader, error) {
	b, err := fs.meta(blk)
	if err != nil {
		return nil, extHeader{}, err
	}
	h, err := parseExtHeader(b.data, fs.extBlockCap())
	if err != nil {
		return nil, h, err
	}
	if h.depth != depth {
		return nil, h, corrupt("extent tree depth")
	}
	if fs.sb.csum() {
		t := 12 + 12*int(h.max)
		if le32(b.data, t) != crc32c(fs.inodeSeed(in.ino, in.gen), b.data[:t]) {
			return nil, h, corrupt("extent block checksum")
		}
	}
	return b.data, h, nil
}

// mapBlock finds the mapping of logical block l: the physical block
// and how many blocks from there are contiguous in the same state.
// A hole (pblk 0) reports its length up to the next mapping, or
// ^uint32(0) past the last one.
func (fs *FS) mapBlock(in *inode, l uint32) (pblk uint64, n uint32, unwritten bool, err error) {
	if in.flags&flagExtents == 0 {
		return fs.mapIndirect(in, l)
	}
	node := in.iblock()
	h, err := parseExtHeader(node, 4)
	if err != nil {
		return 0, 0, false, err
	}
	next := ^uint32(0) // first mapped block after l, for hole length
	for {
		ents := node[12 : 12+12*int(h.entries)]
		// Last entry whose start is <= l.
		i := sortSearch(int(h.entries), func(i int) bool { return le32(ents, 12*i) > l }) - 1
		if i+1 < int(h.entries) {
			next = min(next, le32(ents, 12*(i+1)))
		}
		if h.depth == 0 {
			if i >= 0 {
				e := decodeExtent(ents[12*i:])
				if uint64(l) < e.end() {
					off := l - e.lblk
					return e.pblk + uint64(off), e.len - off, e.unwritten, nil
				}
			}
			return 0, next - l, false, nil
		}
		if i < 0 {
			return 0, next - l, false, nil
		}
		_, child := decodeIndex(ents[12*i:])
		node, h, err = fs.extNode(in, child, h.depth-1)
		if err != nil {
			return 0, 0, false, err
		}
	}
}

func sortSearch(n int, f func(int) bool) int {
	lo, hi := 0, n
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !f(m) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// extents loads the whole extent list of in, in logical order, and
// the tree blocks that hold it.
func (fs *FS) extents(in *inode) (list []extent, nodes []uint64, err error) {
	if in.flags&flagExtents == 0 {
		return nil, nil, corrupt("not an extent-mapped inode")
	}
	// Nodes by depth, leaves first and left to right, the order
	// writeExtents fills them in, so that unchanged nodes keep their
	// blocks and contents.
	var byDepth [extMaxDepth][]uint64
	defer func() {
		if err == nil {
			for _, d := range byDepth {
				nodes = append(nodes, d...)
			}
		}
	}()
	count := 0
	var walk func(node []byte, depth uint16, cap int) error
	walk = func(node []byte, depth uint16, cap int) error {
		h, err := parseExtHeader(node, cap)
		if err != nil {
			return err
		}
		if h.depth != depth {
			return corrupt("extent tree depth")
		}
		for i := range int(h.entries) {
			e := node[12+12*i:]
			if depth == 0 {
				x := decodeExtent(e)
				if x.len == 0 || !fs.validBlock(x.pblk, uint64(x.len)) ||
					len(list) > 0 && uint64(x.lblk) < list[len(list)-1].end() || x.end() > 1<<32 {
					return corrupt("extent")
				}
				list = append(list, x)
				continue
			}
			_, child := decodeIndex(e)
			if count++; uint64(count) > min(in.blocks/uint64(fs.bs/512), fs.sb.blocksCount) {
				return corrupt("extent tree size")
			}
			byDepth[depth-1] = append(byDepth[depth-1], child)
			b, _, err := fs.extNode(in, child, depth-1)
			if err != nil {
				return err
			}
			if err := walk(b, depth-1, fs.extBlockCap()); err != nil {
				return err
			}
		}
		return nil
	}
	root := in.iblock()
	h, err := parseExtHeader(root, 4)
	if err != nil {
		return nil, nil, err
	}
	err = walk(root, h.depth, 4)
	return list, nodes, err
}

// setRange maps [l, l+n) to physical blocks from p as initialized,
// replacing whatever mapped that range, and merges neighbours.
func setRange(list []extent, l uint32, n uint32, p uint64) []extent {
	for n > extInitMax {
		list = setRange(list, l, extInitMax, p)
		l, n, p = l+extInitMax, n-extInitMax, p+extInitMax
	}
	list = cutRange(list, l, n, nil)
	i, _ := slices.BinarySearchFunc(list, l, func(e extent, l uint32) int {
		if e.lblk < l {
			return -1
		}
		if e.lblk > l {
			return 1
		}
		return 0
	})
	list = slices.Insert(list, i, extent{lblk: l, len: n, pblk: p})
	return mergeExtents(list, max(i-1, 0), i+2)
}

// cutRange removes [l, l+n) from the list, splitting extents at its
// edges, and appends the physical ranges removed to freed when it is
// not nil.
func cutRange(list []extent, l uint32, n uint32, freed *[]extent) []extent {
	end := uint64(l) + uint64(n)
	out := list[:0:0]
	for _, e := range list {
		if e.end() <= uint64(l) || uint64(e.lblk) >= end {
			out = append(out, e)
			continue
		}
		if e.lblk < l {
			head := e
			head.len = l - e.lblk
			out = append(out, head)
		}
		cs := max(uint64(e.lblk), uint64(l))
		ce := min(e.end(), end)
		if freed != nil {
			*freed = append(*freed, extent{lblk: uint32(cs), len: uint32(ce - cs), pblk: e.pblk + (cs - uint64(e.lblk))})
		}
		if e.end() > end {
			tail := e
			tail.lblk = uint32(end)
			tail.len = uint32(e.end() - end)
			tail.pblk = e.pblk + (end - uint64(e.lblk))
			out = append(out, tail)
		}
	}
	return out
}

// mergeExtents joins adjacent extents in list[lo:hi] that continue each
// other logically and physically.
func mergeExtents(list []extent, lo, hi int) []extent {
	hi = min(hi, len(list))
	for i := max(lo, 1); i < hi; {
		a, b := list[i-1], list[i]
		lim := uint32(extInitMax)
		if a.unwritten {
			lim = extUninitMax
		}
		if a.unwritten == b.unwritten && a.end() == uint64(b.lblk) && a.pblk+uint64(a.len) == b.pblk && a.len+b.len <= lim {
			list[i-1].len += b.len
			list = slices.Delete(list, i, i+1)
			hi--
			continue
		}
		i++
	}
	return list
}

// writeExtents stores list as in's extent tree with the least depth,
// reusing the blocks in nodes and allocating or freeing tree blocks
// as needed. Leaves are packed full, so the tree is as narrow and
// shallow as e2fsck wants it.
func (fs *FS) writeExtents(in *inode, list []extent, nodes []uint64) error {
	capB := fs.extBlockCap()
	// levels[0] is the leaf level: how many blocks each level needs.
	var levels []int
	n := len(list)
	for n > 4 {
		n = (n + capB - 1) / capB
		levels = append(levels, n)
	}
	need := 0
	for _, c := range levels {
		need += c
	}
	if len(levels) > extMaxDepth {
		return corrupt("extent tree too deep")
	}
	// Get exactly need blocks.
	had := len(nodes)
	for len(nodes) < need {
		goal := uint64(0)
		if len(list) > 0 {
			goal = list[0].pblk
		}
		b, _, err := fs.allocBlocks(goal, 1, in)
		if err != nil {
			for _, b := range nodes[had:] {
				fs.freeBlocks(b, 1, in)
			}
			return err
		}
		nodes = append(nodes, b)
	}
	for len(nodes) > need {
		last := nodes[len(nodes)-1]
		nodes = nodes[:len(nodes)-1]
		fs.forget(last)
		if err := fs.freeBlocks(last, 1, in); err != nil {
			return err
		}
	}
	seed := fs.inodeSeed(in.ino, in.gen)
	type ref struct {
		lblk uint32
		blk  uint64
	}
	// Build bottom-up. entries holds (first lblk, encoded entry).
	var refs []ref
	next := 0
	writeNode := func(depth uint16, items int, fill func(e []byte, i int)) (uint64, error) {
		blk := nodes[next]
		next++
		d := make([]byte, fs.bs)
		put16(d, 0, extMagic)
		put16(d, 2, uint16(items))
		put16(d, 4, uint16(capB))
		put16(d, 6, depth)
		for i := range items {
			fill(d[12+12*i:], i)
		}
		if fs.sb.csum() {
			t := 12 + 12*capB
			put32(d, t, crc32c(seed, d[:t]))
		}
		// A node that comes out as it was stays out of the
		// transaction: appending or cutting the tail of a big tree
		// then dirties only its last leaves.
		var b *buf
		if next-1 < had {
			var err error
			if b, err = fs.meta(blk); err != nil {
				return 0, err
			}
			if slices.Equal(b.data, d) {
				return blk, nil
			}
		} else {
			b = fs.newMeta(blk)
		}
		copy(b.data, d)
		fs.dirty(b)
		return blk, nil
	}
	var depth uint16
	if len(levels) > 0 {
		for i := 0; i < len(list); i += capB {
			chunk := list[i:min(i+capB, len(list))]
			blk, err := writeNode(0, len(chunk), func(e []byte, j int) { encodeExtent(e, chunk[j]) })
			if err != nil {
				return err
			}
			refs = append(refs, ref{chunk[0].lblk, blk})
		}
		depth = 1
		for len(refs) > 4 {
			var up []ref
			for i := 0; i < len(refs); i += capB {
				chunk := refs[i:min(i+capB, len(refs))]
				blk, err := writeNode(depth, len(chunk), func(e []byte, j int) { encodeIndex(e, chunk[j].lblk, chunk[j].blk) })
				if err != nil {
					return err
				}
				up = append(up, ref{chunk[0].lblk, blk})
			}
			refs = up
			depth++
		}
	}
	root := in.iblock()
	clear(root)
	put16(root, 0, extMagic)
	put16(root, 4, 4)
	put16(root, 6, depth)
	if depth == 0 {
		put16(root, 2, uint16(len(list)))
		for i, e := range list {
			encodeExtent(root[12+12*i:], e)
		}
	} else {
		put16(root, 2, uint16(len(refs)))
		for i, r := range refs {
			encodeIndex(root[12+12*i:], r.lblk, r.blk)
		}
	}
	return nil
}

func encodeExtent(b []byte, e extent) {
	put32(b, 0, e.lblk)
	l := e.len
	if e.unwritten {
		l += extInitMax
	}
	put16(b, 4, uint16(l))
	put16(b, 6, uint16(e.pblk>>32))
	put32(b, 8, uint32(e.pblk))
}

func encodeIndex(b []byte, l uint32, child uint64) {
	put32(b, 0, l)
	put32(b, 4, uint32(child))
	put16(b, 8, uint16(child>>32))
	put16(b, 10, 0)
}

// mapIndirect maps logical block l of a block-mapped (ext2/3) inode,
// for reading only.
func (fs *FS) mapIndirect(in *inode, l uint32) (uint64, uint32, bool, error) {
	per := fs.bs / 4
	ib := in.iblock()
	if l < 12 {
		return fs.checkMapped(uint64(le32(ib, 4*int(l))))
	}
	l -= 12
	var path []uint32
	var top uint32
	switch {
	case l < per:
		top, path = 12, []uint32{l}
	case uint64(l-per) < uint64(per)*uint64(per):
		l -= per
		top, path = 13, []uint32{l / per, l % per}
	default:
		l -= per + per*per
		top, path = 14, []uint32{l / (per * per), l / per % per, l % per}
	}
	blk := uint64(le32(ib, 4*int(top)))
	for _, idx := range path {
		if blk == 0 {
			return 0, 1, false, nil
		}
		b, err := fs.meta(blk)
		if err != nil {
			return 0, 0, false, err
		}
		blk = uint64(le32(b.data, 4*int(idx)))
	}
	return fs.checkMapped(blk)
}

func (fs *FS) checkMapped(b uint64) (uint64, uint32, bool, error) {
	if b != 0 && !fs.validBlock(b, 1) {
		return 0, 0, false, corrupt("block map")
	}
	return b, 1, false, nil
}
