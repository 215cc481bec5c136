// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"io"
	"syscall"
)

// writeChunk is the most one transaction step writes, so that a long
// write commits along the way instead of outgrowing the journal.
const writeChunk = 16 << 20

func (fs *FS) maxSize() int64 {
	if fs.sb.featureRoCompat&roLargeFile == 0 {
		return 1<<31 - 1
	}
	return int64(1<<32-1) * int64(fs.bs)
}

// ReadAt reads file data. Holes and unwritten extents read as zeros.
// At the end of the file it returns io.EOF, as io.ReaderAt does. The
// device reads run outside the file system's lock, so that readers
// proceed in parallel.
func (fs *FS) ReadAt(ino Ino, p []byte, off int64) (int, error) {
	fs.mu.Lock()
	locked := true
	defer func() {
		if locked {
			fs.mu.Unlock()
		}
	}()
	if err := fs.check(); err != nil {
		return 0, err
	}
	in, err := fs.readInode(ino)
	if err != nil {
		return 0, err
	}
	if in.isDir() {
		return 0, syscall.EISDIR
	}
	if !in.isReg() {
		return 0, syscall.EINVAL
	}
	if off < 0 {
		return 0, syscall.EINVAL
	}
	if uint64(off) >= in.size {
		return 0, io.EOF
	}
	want := len(p)
	if uint64(want) > in.size-uint64(off) {
		p = p[:in.size-uint64(off)]
	}
	if fs.ra.hit(ino, p, off) {
		if len(p) < want {
			return len(p), io.EOF
		}
		return len(p), nil
	}
	if fs.wb.ino == ino {
		if err := fs.flushWB(); err != nil {
			fs.guard(&err)
			return 0, err
		}
	}
	dst, ahead := p, false
	if n := min(raSize, in.size-uint64(off)); uint64(len(p)) < n && fs.ra.sequential(ino, off) {
		dst, ahead = make([]byte, n), true
	} else {
		fs.ra.note(ino, 0, nil, off+int64(len(p)))
	}
	gen := fs.ra.gen
	segs, err := fs.planRead(in, dst, off)
	if err != nil {
		return 0, err
	}
	// Blocks freed meanwhile are not reused before the next commit,
	// and a commit waits for reads in flight (see commit).
	fs.reads.RLock()
	fs.mu.Unlock()
	locked = false
	for _, sg := range segs {
		if err := fs.readSpan(sg.p, sg.pb, sg.boff); err != nil {
			fs.reads.RUnlock()
			return 0, err
		}
	}
	fs.reads.RUnlock()
	if ahead {
		copy(p, dst)
		fs.mu.Lock()
		if fs.ra.gen == gen {
			fs.ra.note(ino, off, dst, off+int64(len(p)))
		}
		fs.mu.Unlock()
	}
	if len(p) < want {
		return len(p), io.EOF
	}
	return len(p), nil
}

// readSeg is a piece of a read that comes from the device.
type readSeg struct {
	p    []byte
	pb   uint64
	boff int
}

// planRead maps a read: it zeroes the parts of p in holes and returns
// the pieces to read from the device.
func (fs *FS) planRead(in *inode, p []byte, off int64) ([]readSeg, error) {
	bs := int64(fs.bs)
	var segs []readSeg
	for len(p) > 0 {
		l := uint32(off / bs)
		boff := int(off % bs)
		pb, n, unwritten, err := fs.mapBlock(in, l)
		if err != nil {
			return nil, err
		}
		run := min(int64(n)*bs-int64(boff), int64(len(p)))
		if pb == 0 || unwritten {
			clear(p[:run])
		} else {
			if !fs.validBlock(pb, (uint64(boff)+uint64(run)+uint64(bs)-1)/uint64(bs)) {
				return nil, corrupt("data block out of range")
			}
			segs = append(segs, readSeg{p[:run], pb, boff})
		}
		p = p[run:]
		off += run
	}
	return segs, nil
}

// readSpan reads len(p) bytes starting boff bytes into block pb,
// keeping every device request block-aligned.
func (fs *FS) readSpan(p []byte, pb uint64, boff int) error {
	bs := int(fs.bs)
	if boff != 0 || len(p) < bs {
		tmp := make([]byte, bs)
		if err := fs.readBlocks(tmp, pb); err != nil {
			return err
		}
		n := copy(p, tmp[boff:])
		p = p[n:]
		pb++
	}
	if full := len(p) / bs * bs; full > 0 {
		if err := fs.readBlocks(p[:full], pb); err != nil {
			return err
		}
		p = p[full:]
		pb += uint64(full / bs)
	}
	if len(p) > 0 {
		tmp := make([]byte, bs)
		if err := fs.readBlocks(tmp, pb); err != nil {
			return err
		}
		copy(p, tmp)
	}
	return nil
}

// WriteAt writes file data. Data goes straight to its blocks, before
// the transaction that makes new blocks part of the file commits
// (ordered mode). New blocks are allocated in contiguous runs after
// the file's previous block.
func (fs *FS) WriteAt(ino Ino, p []byte, off int64) (n int, err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	defer fs.guard(&err)
	if err := fs.checkWrite(); err != nil {
		return 0, err
	}
	in, err := fs.readInode(ino)
	if err != nil {
		return 0, err
	}
	if in.isDir() {
		return 0, syscall.EISDIR
	}
	if !in.isReg() || off < 0 {
		return 0, syscall.EINVAL
	}
	if in.flags&flagExtents == 0 && (in.blocks > 0 || fs.sb.featureIncompat&incompatExtents == 0) {
		return 0, syscall.EROFS // block-mapped files are read-only here
	}
	if off > fs.maxSize() || int64(len(p)) > fs.maxSize()-off {
		return 0, syscall.EFBIG
	}
	fs.ra.drop(ino)
	done, retried := 0, false
	for done < len(p) {
		c := min(len(p)-done, writeChunk)
		n, err := fs.writeChunk(in, p[done:done+c], off+int64(done))
		done += n
		if err != nil && !retried && fs.retryAfterCommit(err) {
			retried = true
			continue
		}
		if err != nil {
			return done, err
		}
		if err := fs.endOp(); err != nil {
			return done, err
		}
	}
	return done, nil
}

func (fs *FS) writeChunk(in *inode, p []byte, off int64) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if in.flags&flagExtents == 0 {
		// An empty inode from a file system made without extents.
		in.flags |= flagExtents
		fs.writeExtents(in, nil, nil)
	}
	bs := int64(fs.bs)
	first := uint32(off / bs)
	last := uint32((off + int64(len(p)) - 1) / bs)
	var list []extent
	var nodes []uint64
	loaded := false
	var fresh []extent
	changed := false
	var werr error
	written := 0 // bytes of p placed, from the start
	for l := first; l <= last; {
		if !loaded {
			// Initialized blocks are written in place with no
			// change to the mapping, so the extent list is loaded
			// only at the first hole or unwritten extent: a small
			// write inside the file allocates nothing.
			pb, n, unwritten, err := fs.mapBlock(in, l)
			if err != nil {
				return 0, err
			}
			if pb != 0 && !unwritten {
				n = min(n, last-l+1)
				if !fs.validBlock(pb, uint64(n)) {
					return 0, corrupt("data block out of range")
				}
				if err := fs.writeSpan(in.ino, p, off, l, n, pb, false); err != nil {
					werr = err
					break
				}
				l += n
				written = int(min(int64(l)*bs-off, int64(len(p))))
				continue
			}
			if list, nodes, err = fs.extents(in); err != nil {
				return 0, err
			}
			loaded = true
		}
		i := sortSearch(len(list), func(i int) bool { return list[i].lblk > l }) - 1
		var pb uint64
		var n uint32
		isNew := false
		if i >= 0 && uint64(l) < list[i].end() && !list[i].unwritten {
			e := list[i]
			pb, n = e.pblk+uint64(l-e.lblk), uint32(e.end()-uint64(l))
		} else if i >= 0 && uint64(l) < list[i].end() {
			e := list[i]
			pb, n, isNew = e.pblk+uint64(l-e.lblk), uint32(e.end()-uint64(l)), true
		} else {
			hole := last - l + 1
			if i+1 < len(list) {
				hole = min(hole, list[i+1].lblk-l)
			}
			goal := fs.inodeGoal(in.ino)
			if i >= 0 {
				e := list[i]
				goal = e.pblk + uint64(e.len) + uint64(l) - e.end()
			}
			var err error
			pb, n, err = fs.allocBlocks(goal, hole, in)
			if err != nil {
				werr = err
				break
			}
			fresh = append(fresh, extent{lblk: l, len: n, pblk: pb})
			isNew = true
		}
		n = min(n, last-l+1)
		if err := fs.writeSpan(in.ino, p, off, l, n, pb, isNew); err != nil {
			werr = err
			break
		}
		if isNew {
			list = setRange(list, l, n, pb)
			changed = true
		}
		l += n
		written = int(min(int64(l)*bs-off, int64(len(p))))
	}
	if changed {
		if err := fs.writeExtents(in, list, nodes); err != nil {
			for _, e := range fresh {
				fs.freeBlocks(e.pblk, e.len, in)
			}
			return 0, err
		}
	}
	if written > 0 {
		if end := uint64(off) + uint64(written); end > in.size {
			in.size = end
		}
		now := fs.now()
		in.setTime(tMtime, now)
		in.setTime(tCtime, now)
	}
	if err := fs.writeInode(in); err != nil {
		return 0, err
	}
	return written, werr
}

// writeSpan writes the part of p (which starts at file offset off)
// that falls in logical blocks [l, l+n), mapped from pb. Whole blocks
// go from p in one request; a partial first or last block is merged
// with its old contents, or with zeros in a new block.
func (fs *FS) writeSpan(ino Ino, p []byte, off int64, l, n uint32, pb uint64, isNew bool) error {
	bs := int64(fs.bs)
	start := int64(l) * bs
	end := start + int64(n)*bs
	pend := off + int64(len(p))
	edge := func(bstart int64, blk uint64) error {
		b := fs.blockBuf()
		if isNew {
			clear(b)
		} else if err := fs.readDataBlock(b, blk); err != nil {
			return err
		}
		lo, hi := max(bstart, off), min(bstart+bs, pend)
		copy(b[lo-bstart:], p[lo-off:hi-off])
		return fs.writeData(ino, b, blk)
	}
	if start < off {
		if err := edge(start, pb); err != nil {
			return err
		}
		start += bs
		pb++
	}
	if start >= end {
		return nil
	}
	full := (min(end, pend) - start) / bs * bs
	if full > 0 {
		if err := fs.writeData(ino, p[start-off:start-off+full], pb); err != nil {
			return err
		}
		start += full
		pb += uint64(full / bs)
	}
	if start < end && start < pend {
		return edge(start, pb)
	}
	return nil
}

// blockBuf returns a scratch block, for a partial block that writeSpan
// merges: it is copied to the write-behind buffer or written before
// writeSpan returns, so one per FS (under its lock) does.
func (fs *FS) blockBuf() []byte {
	if len(fs.scratch) != int(fs.bs) {
		fs.scratch = make([]byte, fs.bs)
	}
	return fs.scratch
}

// Truncate sets a regular file's size, freeing the blocks past it or
// leaving a hole when it grows.
func (fs *FS) Truncate(ino Ino, size int64) (err error) {
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
	if in.isDir() {
		return syscall.EISDIR
	}
	if !in.isReg() || size < 0 {
		return syscall.EINVAL
	}
	if size > fs.maxSize() {
		return syscall.EFBIG
	}
	if in.flags&flagExtents == 0 && in.blocks > 0 {
		return syscall.EROFS
	}
	// A file removed while open is on the orphan list already.
	if err := fs.truncate(in, uint64(size), in.links == 0); err != nil {
		return err
	}
	now := fs.now()
	in.setTime(tMtime, now)
	in.setTime(tCtime, now)
	if err := fs.writeInode(in); err != nil {
		return err
	}
	return fs.endOp()
}

// truncate frees in's blocks past size and sets its size. The caller
// writes the inode. onList says in is on the orphan list already.
func (fs *FS) truncate(in *inode, size uint64, onList bool) error {
	fs.ra.drop(in.ino)
	bs := uint64(fs.bs)
	if fs.wb.ino == in.ino {
		if err := fs.flushWB(); err != nil {
			return err
		}
	}
	if size < in.size && size%bs != 0 && in.flags&flagExtents != 0 {
		// Zero the tail of the new last block, so a later extension
		// does not bring the old bytes back.
		pb, _, unwritten, err := fs.mapBlock(in, uint32(size/bs))
		if err != nil {
			return err
		}
		if pb != 0 && !unwritten {
			b := make([]byte, bs)
			if err := fs.readBlocks(b, pb); err != nil {
				return err
			}
			clear(b[size%bs:])
			if err := fs.writeDev(b, int64(pb)*int64(bs)); err != nil {
				return err
			}
		}
	}
	in.size = size
	return fs.freeFrom(in, uint32((size+bs-1)/bs), !in.isReg(), onList)
}

// Limits of one step of freeFrom, so that each fits a transaction.
const (
	stepExtents = 128
	stepGroups  = 32
)

// freeFrom frees every block of in from logical block l on, from the
// end backwards. Metadata blocks (of directories and symlinks) are
// revoked as well. When that takes more than one step, in goes on the
// orphan list (unless onList says it is there) and the transaction may
// commit between steps: a crash midway leaves the rest to the next
// mount, which cuts in to its size or frees it if it has no links.
func (fs *FS) freeFrom(in *inode, l uint32, isMeta, onList bool) error {
	if in.flags&flagExtents == 0 {
		if in.blocks != 0 && !(in.isSymlink() && in.size < 60) {
			return syscall.EROFS
		}
		return nil
	}
	added := false
	for {
		list, nodes, err := fs.extents(in)
		if err != nil {
			return err
		}
		// This step's first block: back from the end over at most
		// stepExtents extents and stepGroups groups' worth of blocks.
		from, i := l, len(list)
		blocks := uint64(0)
		for i > 0 && list[i-1].end() > uint64(l) {
			if len(list)-i >= stepExtents || blocks >= stepGroups*uint64(fs.sb.blocksPerGroup) {
				from = list[i].lblk
				break
			}
			i--
			blocks += uint64(list[i].len)
		}
		if from != l && !onList && !added {
			fs.addOrphan(in)
			added = true
		}
		var freed []extent
		list = cutRange(list, from, ^uint32(0)-from, &freed)
		for _, e := range freed {
			if isMeta {
				for b := e.pblk; b < e.pblk+uint64(e.len); b++ {
					fs.forget(b)
				}
			}
			if err := fs.freeBlocks(e.pblk, e.len, in); err != nil {
				return err
			}
		}
		if err := fs.writeExtents(in, list, nodes); err != nil {
			return err
		}
		if from == l {
			break
		}
		if err := fs.writeInode(in); err != nil {
			return err
		}
		if err := fs.endOp(); err != nil {
			return err
		}
	}
	if added {
		return fs.removeOrphan(in)
	}
	return nil
}
