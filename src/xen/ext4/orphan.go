// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

// The orphan list is the classic one: s_last_orphan names the first
// inode and each inode's dtime field names the next. An inode with no
// links that is still open waits there, so that the next mount (ours,
// the kernel's or e2fsck's) frees it after a crash.
//
// The orphan_file feature (an inode of orphan blocks) is not written;
// a file system whose orphan file holds entries (ro_compat
// orphan_present) is mounted read-only only.

func (fs *FS) addOrphan(in *inode) {
	in.setDtime(fs.sb.lastOrphan)
	fs.sb.lastOrphan = uint32(in.ino)
}

// removeOrphan unlinks in from the orphan list. The caller writes in.
func (fs *FS) removeOrphan(in *inode) error {
	next := in.dtime()
	in.setDtime(0)
	if fs.sb.lastOrphan == uint32(in.ino) {
		fs.sb.lastOrphan = next
		return nil
	}
	cur := fs.sb.lastOrphan
	for range fs.sb.inodesCount {
		if cur == 0 {
			return nil
		}
		p, err := fs.readInode(Ino(cur))
		if err != nil {
			return err
		}
		if p.dtime() == uint32(in.ino) {
			p.setDtime(next)
			return fs.writeInode(p)
		}
		cur = p.dtime()
	}
	return corrupt("orphan list loops")
}

// processOrphans finishes what a crash interrupted: inodes without
// links are freed, others are cut to their size. Each leaves the list
// only when done, so a crash during this is finished next time.
func (fs *FS) processOrphans() error {
	for range fs.sb.inodesCount {
		cur := fs.sb.lastOrphan
		if cur == 0 {
			return nil
		}
		if cur < fs.sb.firstIno || cur > fs.sb.inodesCount {
			return corrupt("orphan list")
		}
		in, err := fs.readInode(Ino(cur))
		if err != nil {
			return err
		}
		if in.links == 0 {
			err = fs.deleteInode(in, true)
		} else {
			if in.isReg() {
				err = fs.truncate(in, in.size, true)
			}
			if err == nil {
				err = fs.removeOrphan(in)
			}
			if err == nil {
				err = fs.writeInode(in)
			}
		}
		if err != nil {
			return err
		}
		if err := fs.endOp(); err != nil {
			return err
		}
	}
	return corrupt("orphan list loops")
}

// deleteInode frees in's blocks, extended attribute block and the
// inode itself; onList says it is on the orphan list, which it leaves.
func (fs *FS) deleteInode(in *inode, onList bool) error {
	delete(fs.dirs, in.ino)
	fs.ra.drop(in.ino)
	in.links = 0
	if err := fs.freeFrom(in, 0, !in.isReg(), onList); err != nil {
		return err
	}
	if err := fs.releaseXattrBlock(in); err != nil {
		return err
	}
	if onList {
		if err := fs.removeOrphan(in); err != nil {
			return err
		}
	}
	in.size = 0
	in.setDtime(uint32(fs.now().Unix()))
	if err := fs.writeInode(in); err != nil {
		return err
	}
	return fs.freeInode(in.ino, in.isDir())
}

// releaseXattrBlock drops in's reference to its extended attribute
// block, freeing the block with its last reference.
func (fs *FS) releaseXattrBlock(in *inode) error {
	blk := uint64(le32(in.raw, 0x68)) | uint64(le16(in.raw, 0x76))<<32
	if blk == 0 {
		return nil
	}
	put32(in.raw, 0x68, 0)
	put16(in.raw, 0x76, 0)
	if !fs.validBlock(blk, 1) {
		return corrupt("xattr block")
	}
	b, err := fs.meta(blk)
	if err != nil {
		return err
	}
	if le32(b.data, 0) != 0xea020000 {
		return corrupt("xattr block magic")
	}
	refs := le32(b.data, 4)
	if refs <= 1 {
		fs.forget(blk)
		return fs.freeBlocks(blk, 1, in)
	}
	put32(b.data, 4, refs-1)
	if fs.sb.csum() {
		var n [8]byte
		put32(n[:], 0, uint32(blk))
		put32(n[:], 4, uint32(blk>>32))
		put32(b.data, 0x10, 0)
		put32(b.data, 0x10, crc32c(crc32c(fs.seed, n[:]), b.data))
	}
	fs.dirty(b)
	return nil
}
