// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"errors"
	"io"
	"sync"
	"syscall"
	"time"
)

// Device is the block device under a file system. Offsets are in
// bytes; every request is a multiple of 512 bytes at a 512-byte
// aligned offset (whole file system blocks, except for the 1 KiB
// superblock at offset 1024). Concurrent ReadAt calls must be safe.
type Device interface {
	ReadAt(p []byte, off int64) (int, error)
	WriteAt(p []byte, off int64) (int, error)
	// Flush makes every completed write durable: a barrier.
	Flush() error
	// Size is the device's size in bytes.
	Size() int64
}

// Options tune Mount.
type Options struct {
	// ReadOnly mounts without writing to the device. A dirty journal
	// is then replayed in memory only.
	ReadOnly bool
	// Now gives timestamps as Unix seconds and nanoseconds; nil means
	// time.Now. Not a func() time.Time: a function of that type kept
	// in the FS that mount converts to an interface makes time.Time's
	// String method reachable, which links time formatting and time
	// zone loading into every program.
	Now func() (sec int64, nsec int32)
	// CacheBlocks bounds the clean metadata blocks kept in memory
	// between operations; 0 means 4096.
	CacheBlocks int
}

// Ino is an inode number.
type Ino uint32

// RootIno is the inode number of the root directory.
const RootIno Ino = 2

// FS is a mounted ext4 file system. Its methods are safe for
// concurrent use; they are serialized by one lock, except that the
// device reads of ReadAt calls run in parallel.
type FS struct {
	mu     sync.Mutex
	reads  sync.RWMutex // held (shared) by ReadAt's device reads
	dev    Device
	opt    Options
	ro     bool
	closed bool
	bs     uint32
	sb     *superblock
	seed   uint32
	groups []group

	dirtyGroups map[uint32]bool
	cache       map[uint64]*buf
	icache      map[Ino]*inode // decoded inodes; see readInode
	dirs        map[Ino]*dirIndex
	overlay     map[uint64][]byte // replayed blocks of a read-only mount

	open     map[Ino]int // Open counts
	nextGen  uint32
	sbBuf    *buf // block holding the primary superblock
	sbOffset int  // its offset in that block

	tx *txn
	wb wbuf
	ra readAhead
	// scratch is writeSpan's partial block; see blockBuf.
	scratch []byte
	// broken is the error that stopped all changes; see guard.
	broken error
	jnl    *journal // nil without a journal
}

// buf is a cached metadata block.
type buf struct {
	blk   uint64
	data  []byte
	dirty bool // in the running transaction
}

const defaultCache = 4096

// meta returns the cached metadata block blk, reading it if needed.
func (fs *FS) meta(blk uint64) (*buf, error) {
	if b, ok := fs.cache[blk]; ok {
		return b, nil
	}
	if blk >= fs.sb.blocksCount {
		return nil, corrupt("block number out of range")
	}
	b := &buf{blk: blk, data: make([]byte, fs.bs)}
	if err := fs.readBlocks(b.data, blk); err != nil {
		return nil, err
	}
	fs.cache[blk] = b
	return b, nil
}

// trimCache drops clean blocks when the cache has grown (it runs
// only between operations, when no caller holds a *buf), and forgets
// the decoded inodes when there are more than inodeCacheMax.
func (fs *FS) trimCache() {
	if len(fs.icache) > inodeCacheMax {
		clear(fs.icache)
	}
	limit := fs.opt.CacheBlocks
	if limit <= 0 {
		limit = defaultCache
	}
	if len(fs.cache) < limit {
		return
	}
	for k, b := range fs.cache {
		if !b.dirty && b != fs.sbBuf {
			delete(fs.cache, k)
		}
	}
}

// newMeta returns a zeroed cache block for a freshly allocated block,
// without reading it.
func (fs *FS) newMeta(blk uint64) *buf {
	b, ok := fs.cache[blk]
	if !ok {
		b = &buf{blk: blk, data: make([]byte, fs.bs)}
		fs.cache[blk] = b
	}
	clear(b.data)
	return b
}

// dirty adds b to the running transaction.
func (fs *FS) dirty(b *buf) {
	if !b.dirty {
		b.dirty = true
		fs.tx.bufs = append(fs.tx.bufs, b)
	}
}

// forget drops a freed metadata block from the cache and the
// transaction, and revokes it so an older journal copy is never
// replayed over the block's next owner.
func (fs *FS) forget(blk uint64) {
	if b, ok := fs.cache[blk]; ok {
		delete(fs.cache, blk)
		if b.dirty {
			b.dirty = false
			for i, x := range fs.tx.bufs {
				if x == b {
					fs.tx.bufs = append(fs.tx.bufs[:i], fs.tx.bufs[i+1:]...)
					break
				}
			}
		}
	}
	if fs.jnl != nil {
		fs.tx.revoke[blk] = true
	}
}

func (fs *FS) readBlocks(p []byte, blk uint64) error {
	if err := fs.readDev(p, int64(blk)*int64(fs.bs)); err != nil {
		return err
	}
	if fs.overlay != nil {
		for i := 0; i < len(p); i += int(fs.bs) {
			if d, ok := fs.overlay[blk+uint64(i)/uint64(fs.bs)]; ok {
				copy(p[i:], d)
			}
		}
	}
	return nil
}

func (fs *FS) readDev(p []byte, off int64) error {
	n, err := fs.dev.ReadAt(p, off)
	if n == len(p) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return &ioError{err}
}

func (fs *FS) writeDev(p []byte, off int64) error {
	n, err := fs.dev.WriteAt(p, off)
	if n == len(p) && err == nil {
		return nil
	}
	if err == nil {
		err = io.ErrShortWrite
	}
	return &ioError{err}
}

func (fs *FS) flushDev() error {
	if err := fs.dev.Flush(); err != nil {
		return &ioError{err}
	}
	return nil
}

// ioError is a device error; it matches syscall.EIO.
type ioError struct{ err error }

func (e *ioError) Error() string { return "ext4: device: " + e.err.Error() }
func (e *ioError) Unwrap() []error {
	return []error{syscall.EIO, e.err}
}

func (fs *FS) now() time.Time {
	if fs.opt.Now != nil {
		sec, nsec := fs.opt.Now()
		return time.Unix(sec, int64(nsec))
	}
	return time.Now()
}

// Mount reads the file system on dev. It refuses unknown incompatible
// features, mounts read-only when an unknown read-only-compatible
// feature is present and Options.ReadOnly is set (and refuses with
// EROFS otherwise), replays a dirty journal and releases the inodes
// left on the orphan list by a crash.
func Mount(dev Device, opt Options) (*FS, error) {
	fs := &FS{
		dev:         dev,
		opt:         opt,
		ro:          opt.ReadOnly,
		dirtyGroups: make(map[uint32]bool),
		cache:       make(map[uint64]*buf),
		icache:      make(map[Ino]*inode),
		dirs:        make(map[Ino]*dirIndex),
		open:        make(map[Ino]int),
	}
	fs.tx = newTxn()
	if err := fs.loadSuper(); err != nil {
		return nil, err
	}
	if err := fs.sb.checkFeatures(fs.ro); err != nil {
		return nil, err
	}
	if err := fs.loadGroups(); err != nil {
		return nil, err
	}
	if fs.sb.featureCompat&compatHasJournal != 0 && fs.sb.journalInum != 0 {
		if err := fs.openJournal(); err != nil {
			return nil, err
		}
		if fs.sb.featureIncompat&incompatRecover != 0 || fs.jnl.start != 0 {
			if err := fs.replay(); err != nil {
				return nil, err
			}
			// The journal may have held the superblock and any
			// descriptor: read them again.
			clear(fs.cache)
			if err := fs.loadSuper(); err != nil {
				return nil, err
			}
			if err := fs.sb.checkFeatures(fs.ro); err != nil {
				return nil, err
			}
			if err := fs.loadGroups(); err != nil {
				return nil, err
			}
		}
	} else if fs.sb.featureIncompat&incompatRecover != 0 {
		return nil, corrupt("needs recovery but has no journal")
	}
	if !fs.ro && fs.sb.featureRoCompat&roOrphanPresent != 0 {
		return nil, &FeatureError{Kind: "orphan file with entries", Err: syscall.EROFS}
	}
	if fs.ro {
		return fs, nil
	}
	if fs.jnl != nil {
		if err := fs.jnl.prepareWrite(fs); err != nil {
			return nil, err
		}
		fs.sb.featureIncompat |= incompatRecover
	}
	fs.sb.state &^= stateValid
	put32(fs.sb.raw[:], 0x2c, uint32(fs.now().Unix())) // s_mtime
	put16(fs.sb.raw[:], 0x34, le16(fs.sb.raw[:], 0x34)+1)
	if err := fs.writeSuperNow(); err != nil {
		return nil, err
	}
	if err := fs.processOrphans(); err != nil {
		return nil, err
	}
	if err := fs.commit(); err != nil {
		return nil, err
	}
	return fs, nil
}

func (fs *FS) loadSuper() error {
	raw := make([]byte, sbSize)
	if err := fs.readDev(raw, sbOffset); err != nil {
		return err
	}
	if fs.overlay != nil && fs.bs != 0 {
		if d, ok := fs.overlay[sbOffset/uint64(fs.bs)]; ok {
			copy(raw, d[sbOffset%fs.bs:])
		}
	}
	sb, err := parseSuperblock(raw)
	if err != nil {
		return err
	}
	fs.sb = sb
	fs.bs = sb.blockSize()
	fs.seed = sb.seed()
	if uint64(fs.dev.Size())/uint64(fs.bs) < sb.blocksCount {
		return corrupt("device smaller than the file system")
	}
	fs.sbBuf = nil
	b, err := fs.meta(sbOffset / uint64(fs.bs))
	if err != nil {
		return err
	}
	fs.sbBuf = b
	fs.sbOffset = sbOffset % int(fs.bs)
	return nil
}

// writeSuperNow writes the superblock in place and flushes, outside
// any transaction: for the mount state and the recovery flag.
func (fs *FS) writeSuperNow() error {
	copy(fs.sbBuf.data[fs.sbOffset:], fs.sb.encode())
	if err := fs.writeDev(fs.sbBuf.data[fs.sbOffset:fs.sbOffset+sbSize], sbOffset); err != nil {
		return err
	}
	return fs.flushDev()
}

func (fs *FS) check() error {
	if fs.closed {
		return syscall.EINVAL
	}
	fs.trimCache()
	return nil
}

func (fs *FS) checkWrite() error {
	if fs.closed {
		return syscall.EINVAL
	}
	if fs.broken != nil {
		return fs.broken
	}
	fs.trimCache()
	if fs.ro {
		return syscall.EROFS
	}
	return nil
}

// Unmount commits, checkpoints, empties the journal and marks the
// file system clean. The FS is unusable afterwards.
func (fs *FS) Unmount() error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.closed {
		return syscall.EINVAL
	}
	if fs.ro {
		fs.closed = true
		return nil
	}
	if fs.broken != nil {
		// Leave the disk as of the last commit; the journal and the
		// recovery flag are still in place for the next mount.
		fs.closed = true
		return fs.broken
	}
	var err error
	for ino := range fs.open {
		// Files removed while open go now, as at their last Release.
		if err = fs.releaseOrphan(ino); err != nil {
			break
		}
	}
	clear(fs.open)
	if err == nil {
		err = fs.commit()
	}
	if err == nil && fs.jnl != nil {
		err = fs.jnl.empty(fs)
	}
	if err == nil {
		fs.sb.featureIncompat &^= incompatRecover
		fs.sb.state |= stateValid
		put32(fs.sb.raw[:], 0x30, uint32(fs.now().Unix())) // s_wtime
		err = fs.writeSuperNow()
	}
	fs.closed = true
	return err
}

// guard stops every later change after a failure that may have left
// the running transaction half done (a device error, or damaged
// metadata found midway): the disk keeps its last committed state,
// as after the kernel's journal abort.
func (fs *FS) guard(err *error) {
	if *err != nil && fs.broken == nil && errors.Is(*err, syscall.EIO) {
		fs.broken = *err
	}
}

// Root returns the root directory's inode number.
func (fs *FS) Root() Ino { return RootIno }

// errIs is errors.Is, kept short for the many errno checks.
func errIs(err, target error) bool { return errors.Is(err, target) }
