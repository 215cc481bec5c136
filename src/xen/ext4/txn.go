// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"slices"
	"syscall"
)

// txn is the running transaction: the metadata blocks changed since
// the last commit, the blocks freed (which must not be reused before
// the commit, or a crash could leave them owned twice) and the freed
// metadata blocks whose older journal copies must not be replayed.
type txn struct {
	bufs   []*buf
	busy   []extent // only pblk and len are used
	revoke map[uint64]bool
}

func newTxn() *txn { return &txn{revoke: make(map[uint64]bool)} }

// avoidBusy trims [start, start+n) to its first run of blocks that
// the running transaction did not free. With no such run it returns
// the range's end and 0.
func (t *txn) avoidBusy(start uint64, n uint32) (uint64, uint32) {
	s, e := start, start+uint64(n)
	for changed := true; changed && s < e; {
		changed = false
		for _, b := range t.busy {
			bs, be := b.pblk, b.pblk+uint64(b.len)
			if bs <= s && s < be {
				s, changed = be, true
			} else if s < bs && bs < e {
				e = bs
			}
		}
	}
	if s >= e {
		return start + uint64(n), 0
	}
	return s, uint32(e - s)
}

// testTxLimit, when set by a test, replaces txLimit so that long
// operations commit midway.
var testTxLimit int

// txLimit is how many blocks a transaction may gather before an
// operation boundary commits it, so that it always fits the journal.
func (fs *FS) txLimit() int {
	if testTxLimit > 0 {
		return testTxLimit
	}
	if fs.jnl == nil {
		return 1024
	}
	return int(fs.jnl.maxlen-fs.jnl.first) / 4
}

// endOp commits when the running transaction has grown large.
func (fs *FS) endOp() error {
	if len(fs.tx.bufs)+len(fs.tx.revoke)+len(fs.dirtyGroups) > fs.txLimit() {
		return fs.commit()
	}
	return nil
}

// retryAfterCommit reports whether an operation that ran out of space
// may try again: blocks the running transaction freed become
// allocatable once it commits, which it then does, as Linux's ext4
// forces a journal commit before it reports ENOSPC.
func (fs *FS) retryAfterCommit(err error) bool {
	return errIs(err, syscall.ENOSPC) && len(fs.tx.busy) > 0 && fs.commit() == nil
}

// commit makes the running transaction durable: through the journal
// when there is one, then written home (checkpointed).
func (fs *FS) commit() (err error) {
	if fs.broken != nil {
		return fs.broken
	}
	defer fs.guard(&err)
	// Ordered mode: file data before the metadata that links it.
	if err := fs.flushWB(); err != nil {
		return err
	}
	if err := fs.flushGroups(); err != nil {
		return err
	}
	if len(fs.tx.bufs) == 0 && len(fs.tx.revoke) == 0 {
		// File data may have been overwritten in place.
		return fs.flushDev()
	}
	copy(fs.sbBuf.data[fs.sbOffset:], fs.sb.encode())
	fs.dirty(fs.sbBuf)
	bufs := fs.tx.bufs
	slices.SortFunc(bufs, func(a, b *buf) int {
		if a.blk < b.blk {
			return -1
		}
		if a.blk > b.blk {
			return 1
		}
		return 0
	})
	if fs.jnl != nil {
		revoked := make([]uint64, 0, len(fs.tx.revoke))
		for b := range fs.tx.revoke {
			revoked = append(revoked, b)
		}
		slices.Sort(revoked)
		if err := fs.jnl.commit(fs, bufs, revoked); err != nil {
			return err
		}
	}
	if err := fs.writeHome(bufs); err != nil {
		return err
	}
	if fs.jnl == nil {
		if err := fs.flushDev(); err != nil {
			return err
		}
	} else {
		fs.jnl.needFlush = true
	}
	for _, b := range bufs {
		b.dirty = false
	}
	// The blocks this transaction freed become allocatable: wait for
	// the reads that mapped them before they were freed.
	fs.reads.Lock()
	fs.reads.Unlock()
	fs.tx = newTxn()
	return nil
}

// writeHome writes sorted blocks to their places, joining runs of
// neighbours into one request.
func (fs *FS) writeHome(bufs []*buf) error {
	for i := 0; i < len(bufs); {
		j := i + 1
		for j < len(bufs) && bufs[j].blk == bufs[j-1].blk+1 && j-i < 256 {
			j++
		}
		var p []byte
		if j-i == 1 {
			p = bufs[i].data
		} else {
			p = make([]byte, 0, (j-i)*int(fs.bs))
			for _, b := range bufs[i:j] {
				p = append(p, b.data...)
			}
		}
		if err := fs.writeDev(p, int64(bufs[i].blk)*int64(fs.bs)); err != nil {
			return err
		}
		i = j
	}
	return nil
}
