// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"internal/byteorder"
	"syscall"
)

// jbd2 on-disk constants. Journal fields are big-endian.
const (
	jMagic      = 0xc03b3998
	jDescriptor = 1
	jCommit     = 2
	jSuperV1    = 3
	jSuperV2    = 4
	jRevoke     = 5

	jCompatChecksum = 0x1

	jIncompatRevoke      = 0x1
	jIncompat64bit       = 0x2
	jIncompatAsyncCommit = 0x4
	jIncompatCsumV2      = 0x8
	jIncompatCsumV3      = 0x10
	jIncompatFastCommit  = 0x20

	jIncompatKnown = jIncompatRevoke | jIncompat64bit | jIncompatAsyncCommit |
		jIncompatCsumV2 | jIncompatCsumV3

	tagEscape   = 0x1
	tagSameUUID = 0x2
	tagDeleted  = 0x4
	tagLast     = 0x8
)

func be32(b []byte, off int) uint32 { return byteorder.BEUint32(b[off:]) }
func putBE32(b []byte, off int, v uint32) {
	byteorder.BEPutUint32(b[off:], v)
}

// journal is the internal jbd2 journal (the inode named by the
// superblock). Transactions are checkpointed as soon as they commit,
// so the log only ever holds transactions already written home plus
// at most the one being committed; the tail in the journal superblock
// moves only when the log needs the room.
type journal struct {
	ext    []extent // journal logical block -> device block
	sb     []byte   // journal superblock, one block
	maxlen uint32
	first  uint32

	seq      uint32 // sequence of the next transaction
	head     uint32 // next log block to write
	start    uint32 // durable s_start; 0: log empty
	incompat uint32
	compat   uint32
	csumSeed uint32

	// needFlush says checkpoint writes have been issued since the
	// last device flush: they must be durable before the tail moves
	// past their transactions.
	needFlush bool
}

func (fs *FS) openJournal() error {
	in, err := fs.readInode(Ino(fs.sb.journalInum))
	if err != nil {
		return err
	}
	j := &journal{}
	// Map the first block to read the superblock, then the rest.
	p, _, _, err := fs.mapBlock(in, 0)
	if err != nil {
		return err
	}
	if p == 0 {
		return corrupt("journal inode has no blocks")
	}
	j.sb = make([]byte, fs.bs)
	if err := fs.readBlocks(j.sb, p); err != nil {
		return err
	}
	if be32(j.sb, 0) != jMagic || (be32(j.sb, 4) != jSuperV1 && be32(j.sb, 4) != jSuperV2) {
		return corrupt("journal superblock magic")
	}
	if be32(j.sb, 0xc) != fs.bs {
		return corrupt("journal block size")
	}
	j.maxlen = be32(j.sb, 0x10)
	j.first = be32(j.sb, 0x14)
	j.seq = be32(j.sb, 0x18)
	j.start = be32(j.sb, 0x1c)
	if be32(j.sb, 4) == jSuperV2 {
		j.compat = be32(j.sb, 0x24)
		j.incompat = be32(j.sb, 0x28)
	}
	if j.first == 0 || j.first >= j.maxlen || uint64(j.maxlen) > in.size/uint64(fs.bs) ||
		j.start != 0 && (j.start < j.first || j.start >= j.maxlen) {
		return corrupt("journal superblock geometry")
	}
	if j.incompat&^jIncompatKnown != 0 {
		return &FeatureError{Kind: "journal incompat", Flags: j.incompat &^ jIncompatKnown, Err: syscall.EINVAL}
	}
	var uuid [16]byte
	copy(uuid[:], j.sb[0x30:0x40])
	j.csumSeed = crc32c(^uint32(0), uuid[:])
	if j.csumV23() {
		if be32(j.sb, 0xfc) != j.sbCsum() {
			return corrupt("journal superblock checksum")
		}
	}
	for l := uint32(0); l < j.maxlen; {
		p, n, _, err := fs.mapBlock(in, l)
		if err != nil {
			return err
		}
		if p == 0 {
			return corrupt("journal inode has a hole")
		}
		n = min(n, j.maxlen-l)
		if !fs.validBlock(p, uint64(n)) {
			return corrupt("journal extent")
		}
		j.ext = append(j.ext, extent{lblk: l, len: n, pblk: p})
		l += n
	}
	fs.jnl = j
	return nil
}

func (j *journal) csumV23() bool { return j.incompat&(jIncompatCsumV2|jIncompatCsumV3) != 0 }

func (j *journal) sbCsum() uint32 {
	var zero [4]byte
	c := crc32c(^uint32(0), j.sb[:0xfc])
	c = crc32c(c, zero[:])
	return crc32c(c, j.sb[0x100:1024])
}

// phys maps a journal block to its device block.
func (j *journal) phys(l uint32) uint64 {
	i := sortSearch(len(j.ext), func(i int) bool { return j.ext[i].lblk > l }) - 1
	e := j.ext[i]
	return e.pblk + uint64(l-e.lblk)
}

func (j *journal) next(l uint32) uint32 {
	l++
	if l >= j.maxlen {
		l = j.first
	}
	return l
}

// writeSuper writes the journal superblock and flushes.
func (j *journal) writeSuper(fs *FS) error {
	putBE32(j.sb, 0x18, j.seq)
	putBE32(j.sb, 0x1c, j.start)
	if be32(j.sb, 4) == jSuperV2 {
		putBE32(j.sb, 0x24, j.compat)
		putBE32(j.sb, 0x28, j.incompat)
	}
	if j.csumV23() {
		j.sb[0x50] = 4 // crc32c
		putBE32(j.sb, 0xfc, j.sbCsum())
	}
	if err := fs.writeDev(j.sb, int64(j.phys(0))*int64(fs.bs)); err != nil {
		return err
	}
	return fs.flushDev()
}

// prepareWrite readies an empty log for writing, choosing the
// features the kernel would: checksum v3 with metadata_csum, 64-bit
// block numbers on a 64-bit file system, revoke records.
func (j *journal) prepareWrite(fs *FS) error {
	if be32(j.sb, 4) == jSuperV2 {
		j.incompat |= jIncompatRevoke
		if fs.sb.has64() {
			j.incompat |= jIncompat64bit
		}
		if fs.sb.csum() {
			j.incompat = j.incompat&^jIncompatCsumV2 | jIncompatCsumV3
			j.compat &^= jCompatChecksum
		}
		j.incompat &^= jIncompatAsyncCommit
	} else if fs.sb.blocksCount > 1<<32 {
		return &FeatureError{Kind: "journal v1 on a 64-bit file system", Err: syscall.EROFS}
	}
	j.start = 0
	j.head = j.first
	return j.writeSuper(fs)
}

// tagSize is the size of a block tag in a descriptor block.
func (j *journal) tagSize() int {
	if j.incompat&jIncompatCsumV3 != 0 {
		return 16
	}
	sz := 12
	if j.incompat&jIncompatCsumV2 != 0 {
		sz += 2
	}
	if j.incompat&jIncompat64bit == 0 {
		sz -= 4
	}
	return sz
}

func (j *journal) tailSize() int {
	if j.csumV23() {
		return 4
	}
	return 0
}

func (j *journal) header(b []byte, typ uint32, seq uint32) {
	clear(b)
	putBE32(b, 0, jMagic)
	putBE32(b, 4, typ)
	putBE32(b, 8, seq)
}

// commit writes one transaction to the log: descriptor blocks with
// the copies, revoke blocks, a device flush, the commit block and a
// second flush.
func (j *journal) commit(fs *FS, bufs []*buf, revoked []uint64) error {
	bs := int(fs.bs)
	ts := j.tagSize()
	perDesc := (bs - 12 - j.tailSize() - 16) / ts
	recSize := 4
	if j.incompat&jIncompat64bit != 0 {
		recSize = 8
	}
	perRevoke := (bs - 16 - j.tailSize()) / recSize
	nDesc := (len(bufs) + perDesc - 1) / perDesc
	nRev := (len(revoked) + perRevoke - 1) / perRevoke
	total := uint32(nDesc + len(bufs) + nRev + 1)
	if total+1 > j.maxlen-j.first {
		return corrupt("transaction larger than the journal")
	}
	free := j.maxlen - j.first
	if j.start != 0 {
		free = (j.start + (j.maxlen - j.first) - j.head) % (j.maxlen - j.first)
		if free == 0 {
			free = j.maxlen - j.first
		}
	}
	if j.start == 0 || total+1 > free {
		// Move the tail to this transaction. Everything before it
		// was checkpointed; make that durable first.
		if j.needFlush {
			if err := fs.flushDev(); err != nil {
				return err
			}
			j.needFlush = false
		}
		j.start = j.head
		if err := j.writeSuper(fs); err != nil {
			return err
		}
	}
	seq := j.seq
	var seqb [4]byte
	putBE32(seqb[:], 0, seq)
	blocks := make([]byte, 0, int(total)*bs)
	for d := 0; d < nDesc; d++ {
		chunk := bufs[d*perDesc : min((d+1)*perDesc, len(bufs))]
		desc := make([]byte, bs)
		j.header(desc, jDescriptor, seq)
		off := 12
		data := make([]byte, 0, len(chunk)*bs)
		for i, b := range chunk {
			cp := b.data
			flags := uint32(0)
			if be32(cp, 0) == jMagic {
				cp = append([]byte(nil), cp...)
				putBE32(cp, 0, 0)
				flags |= tagEscape
			}
			if i > 0 {
				flags |= tagSameUUID
			}
			if i == len(chunk)-1 {
				flags |= tagLast
			}
			t := desc[off:]
			putBE32(t, 0, uint32(b.blk))
			if j.incompat&jIncompatCsumV3 != 0 {
				putBE32(t, 4, flags)
				putBE32(t, 8, uint32(b.blk>>32))
				putBE32(t, 12, crc32c(crc32c(j.csumSeed, seqb[:]), cp))
			} else {
				if j.incompat&jIncompatCsumV2 != 0 {
					byteorder.BEPutUint16(t[4:], uint16(crc32c(crc32c(j.csumSeed, seqb[:]), cp)))
				}
				byteorder.BEPutUint16(t[6:], uint16(flags))
				if j.incompat&jIncompat64bit != 0 {
					putBE32(t, 8, uint32(b.blk>>32))
				}
			}
			off += ts
			if i == 0 {
				copy(desc[off:], fs.jnlUUID())
				off += 16
			}
			data = append(data, cp...)
		}
		if j.csumV23() {
			putBE32(desc, bs-4, crc32c(j.csumSeed, desc))
		}
		blocks = append(blocks, desc...)
		blocks = append(blocks, data...)
	}
	for r := 0; r < nRev; r++ {
		chunk := revoked[r*perRevoke : min((r+1)*perRevoke, len(revoked))]
		rb := make([]byte, bs)
		j.header(rb, jRevoke, seq)
		off := 16
		for _, blk := range chunk {
			if recSize == 8 {
				putBE32(rb, off, uint32(blk>>32))
				putBE32(rb, off+4, uint32(blk))
			} else {
				putBE32(rb, off, uint32(blk))
			}
			off += recSize
		}
		putBE32(rb, 12, uint32(off))
		if j.csumV23() {
			putBE32(rb, bs-4, crc32c(j.csumSeed, rb))
		}
		blocks = append(blocks, rb...)
	}
	pos := j.head
	if err := j.writeLog(fs, pos, blocks); err != nil {
		return err
	}
	for range len(blocks) / bs {
		pos = j.next(pos)
	}
	if err := fs.flushDev(); err != nil {
		return err
	}
	cb := make([]byte, bs)
	j.header(cb, jCommit, seq)
	now := fs.now()
	putBE32(cb, 0x30, uint32(uint64(now.Unix())>>32))
	putBE32(cb, 0x34, uint32(now.Unix()))
	putBE32(cb, 0x38, uint32(now.Nanosecond()))
	if j.csumV23() {
		putBE32(cb, 0x10, crc32c(j.csumSeed, cb))
	}
	if err := j.writeLog(fs, pos, cb); err != nil {
		return err
	}
	if err := fs.flushDev(); err != nil {
		return err
	}
	j.head = j.next(pos)
	j.seq++
	return nil
}

func (fs *FS) jnlUUID() []byte { return fs.jnl.sb[0x30:0x40] }

// writeLog writes consecutive log blocks from pos, wrapping at the
// log's end, in as few requests as the mapping allows.
func (j *journal) writeLog(fs *FS, pos uint32, p []byte) error {
	bs := int(fs.bs)
	for len(p) > 0 {
		n := 1
		ph := j.phys(pos)
		for n < len(p)/bs && pos+uint32(n) < j.maxlen && j.phys(pos+uint32(n)) == ph+uint64(n) {
			n++
		}
		if err := fs.writeDev(p[:n*bs], int64(ph)*int64(bs)); err != nil {
			return err
		}
		p = p[n*bs:]
		pos += uint32(n) - 1
		pos = j.next(pos)
	}
	return nil
}

// empty marks the log empty once everything is checkpointed, as
// Unmount leaves it.
func (j *journal) empty(fs *FS) error {
	if err := fs.flushDev(); err != nil {
		return err
	}
	j.needFlush = false
	j.start = 0
	j.head = j.first
	return j.writeSuper(fs)
}
