// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package ext4 is an ext4 file system over a block device, for
// programs that keep durable files on a Xen PV disk. Disks are made
// and checked with the stock Linux tools (mkfs.ext4, e2fsck,
// debugfs); this package reads and writes what they expect.
//
// The interface is by inode number, for a VFS layer above it:
//
//	fs, err := ext4.Mount(dev, ext4.Options{})
//	ino, err := fs.Create(fs.Root(), "f", 0o644, uid, gid)
//	n, err := fs.WriteAt(ino, p, 0)
//	err = fs.Sync(ino)
//	err = fs.Unmount()
//
// Lookup, Stat, ReadDir, Readlink and ReadAt read; Create, Mkdir,
// Symlink, Link, Unlink, Rmdir, Rename (POSIX: it replaces a file or
// an empty directory), WriteAt, Truncate and SetAttr (an AttrChange
// whose Valid bits say which of mode, owner, times and size to set)
// change. StatFS reports space. Open and Release count references, so
// that a file whose last name goes while it is open lives until the
// last Release (or Unmount); after a crash it is on the orphan list
// and the next mount frees it. Errors are syscall.Errno values,
// possibly wrapped: test them with errors.Is. Damaged metadata gives
// a *CorruptError, which matches syscall.EIO; it never panics, loops
// or allocates without bound. After an I/O error or damage found in
// the middle of a change, the FS refuses every later change with
// that error and leaves the disk as of its last commit, as the
// kernel's journal abort does.
//
// Mount accepts the features of mke2fs's ext4 defaults (has_journal,
// extent, huge_file, flex_bg, metadata_csum, 64bit, dir_nlink,
// extra_isize, dir_index, filetype, sparse_super, large_file,
// resize_inode, ext_attr) and metadata_csum_seed, uninit_bg,
// orphan_file, largedir and sparse_super2, with 1 to 64 KiB blocks.
// Other incompatible features refuse the mount with a *FeatureError
// matching EINVAL; other read-only compatible features (bigalloc,
// quota, verity, ...) and ea_inode allow only a read-only mount.
// Files mapped by blocks rather than extents (ext2 and ext3) are read
// but not written.
//
// Metadata changes gather in a running transaction, in a block cache.
// Sync, SyncFS, Unmount (and a transaction grown to a quarter of the
// journal) commit it through the jbd2 journal: descriptor blocks and
// block copies, a flush, the commit block, a flush, then the blocks
// are written home. The journal uses checksums v3 with metadata_csum
// and 64-bit block tags on 64-bit file systems, as the kernel does;
// freed metadata blocks get revoke records. File data is not
// journaled: it is written to its blocks before the transaction that
// links them commits (ordered mode), and blocks freed by a
// transaction are not reused before it commits. Short writes gather
// in a write-behind buffer of up to 1 MiB (one physically contiguous
// run of one file), written out before every commit, before the file
// is read or truncated, and before its blocks are freed; new blocks
// are allocated contiguously after the file's previous block. A small
// read that continues the previous one reads 512 KiB ahead into one
// of four windows; a change to the file's data drops its window.
// Decoded inodes are kept while their bytes in the inode table are
// unchanged, so that a small write inside an open file allocates
// nothing. Mount replays a dirty
// journal (in memory only for a read-only mount) and then frees the
// orphans. Sync commits everything, not just one file, as ext4's
// fsync mostly does; periodic commits are the caller's to schedule.
// Without a journal, a commit writes the blocks home and flushes, and
// a crash may need e2fsck. The superblock is assumed not to tear
// (1 KiB inside one physical sector); if it does, e2fsck repairs it.
//
// Directories are linear. Reading an htree (dir_index) directory
// scans its blocks; changing one first turns it into a linear
// directory (its index blocks become empty entry blocks and the
// index flag is cleared), which e2fsck accepts. Large directories get
// an in-memory index of names and free room. Access times are not
// updated on read. Extended attributes are not read or written,
// except that freeing an inode drops its attribute block reference.
// The orphan_file feature's file is not used: unlinked open files go
// on the classic s_last_orphan list, which e2fsck and the kernel also
// read.
//
// All methods are safe for concurrent use and serialized by one lock,
// except for the device reads of ReadAt, which run in parallel.
package ext4
