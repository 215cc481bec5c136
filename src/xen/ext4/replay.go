// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import "internal/byteorder"

// replayTag is one block copy in the log.
type replayTag struct {
	seq    uint32
	logBlk uint32
	home   uint64
	escape bool
	csum   uint32 // v2/v3 block checksum
}

// replay recovers the log: it finds the committed transactions from
// the journal's tail, gathers their revoke records, and writes every
// copy not revoked by the same or a later transaction home, in log
// order, one block at a time. A read-only mount keeps the result in
// memory instead.
func (fs *FS) replay() error {
	j := fs.jnl
	if j.start == 0 {
		return nil
	}
	bs := int(fs.bs)
	blk := make([]byte, bs)
	read := func(l uint32) error {
		return fs.readBlocks(blk, j.phys(l))
	}
	var tags, pending []replayTag
	revoked := make(map[uint64]uint32)
	var pendingRevoke []struct {
		blk uint64
		seq uint32
	}
	pos, seq := j.start, j.seq
	logLen := j.maxlen - j.first
	steps := uint32(0)
	ts := j.tagSize()
scan:
	for steps < logLen {
		if err := read(pos); err != nil {
			return err
		}
		if be32(blk, 0) != jMagic || be32(blk, 8) != seq {
			break
		}
		switch be32(blk, 4) {
		case jDescriptor:
			if j.csumV23() && be32(blk, bs-4) != crc32c(j.csumSeed, append(blk[:bs-4:bs-4], 0, 0, 0, 0)) {
				break scan
			}
			off := 12
			for off+ts <= bs-j.tailSize() {
				t := blk[off:]
				var flags, csum uint32
				home := uint64(be32(t, 0))
				if j.incompat&jIncompatCsumV3 != 0 {
					flags = be32(t, 4)
					csum = be32(t, 12)
					if j.incompat&jIncompat64bit != 0 {
						home |= uint64(be32(t, 8)) << 32
					}
				} else {
					flags = uint32(byteorder.BEUint16(t[6:]))
					csum = uint32(byteorder.BEUint16(t[4:]))
					if j.incompat&jIncompat64bit != 0 {
						home |= uint64(be32(t, 8)) << 32
					}
				}
				off += ts
				if flags&tagSameUUID == 0 {
					off += 16
				}
				pos = j.next(pos)
				steps++
				pending = append(pending, replayTag{seq: seq, logBlk: pos, home: home, escape: flags&tagEscape != 0, csum: csum})
				if flags&tagLast != 0 {
					break
				}
			}
			pos = j.next(pos)
			steps++
		case jRevoke:
			if j.csumV23() && be32(blk, bs-4) != crc32c(j.csumSeed, append(blk[:bs-4:bs-4], 0, 0, 0, 0)) {
				break scan
			}
			n := int(be32(blk, 12))
			if n > bs-j.tailSize() || n < 16 {
				break scan
			}
			rs := 4
			if j.incompat&jIncompat64bit != 0 {
				rs = 8
			}
			for off := 16; off+rs <= n; off += rs {
				b := uint64(be32(blk, off))
				if rs == 8 {
					b = b<<32 | uint64(be32(blk, off+4))
				}
				pendingRevoke = append(pendingRevoke, struct {
					blk uint64
					seq uint32
				}{b, seq})
			}
			pos = j.next(pos)
			steps++
		case jCommit:
			if j.csumV23() {
				sum := be32(blk, 0x10)
				putBE32(blk, 0x10, 0)
				if sum != crc32c(j.csumSeed, blk) {
					break scan
				}
			}
			tags = append(tags, pending...)
			pending = pending[:0]
			for _, r := range pendingRevoke {
				if s, ok := revoked[r.blk]; !ok || int32(r.seq-s) > 0 {
					revoked[r.blk] = r.seq
				}
			}
			pendingRevoke = pendingRevoke[:0]
			seq++
			pos = j.next(pos)
			steps++
		default:
			break scan
		}
	}
	// Write (or keep) the surviving copies in log order.
	out := make(map[uint64][]byte)
	for _, t := range tags {
		if s, ok := revoked[t.home]; ok && int32(s-t.seq) >= 0 {
			continue
		}
		if t.home >= fs.sb.blocksCount {
			continue
		}
		d := blk
		if fs.ro {
			d = make([]byte, bs)
		}
		if err := fs.readBlocks(d, j.phys(t.logBlk)); err != nil {
			return err
		}
		if j.csumV23() {
			// A copy that fails its checksum is skipped, as jbd2 does.
			var seqb [4]byte
			putBE32(seqb[:], 0, t.seq)
			c := crc32c(crc32c(j.csumSeed, seqb[:]), d)
			if j.incompat&jIncompatCsumV3 == 0 {
				c &= 0xffff
			}
			if c != t.csum {
				continue
			}
		}
		if t.escape {
			putBE32(d, 0, jMagic)
		}
		if fs.ro {
			out[t.home] = d
		} else if err := fs.writeDev(d, int64(t.home)*int64(bs)); err != nil {
			return err
		}
	}
	if fs.ro {
		fs.overlay = out
		return nil
	}
	if err := fs.flushDev(); err != nil {
		return err
	}
	j.seq = seq
	j.start = 0
	return j.writeSuper(fs)
}
