// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import "slices"

// wbuf is the write-behind buffer: the latest physically contiguous
// run of one file's data, not yet on the device, so that a stream of
// small writes becomes one large request. It goes out before every
// commit (which keeps ordered mode: data before the metadata that
// links it), before the file is read or truncated, and before any of
// its blocks is freed.
type wbuf struct {
	ino  Ino
	pblk uint64
	data []byte // whole blocks
}

// wbMax is the most the buffer holds; longer writes go straight out.
const wbMax = 1 << 20

func (fs *FS) wbEnd() uint64 { return fs.wb.pblk + uint64(len(fs.wb.data))/uint64(fs.bs) }

// wbOverlaps reports whether blocks [blk, blk+n) meet the buffer.
func (fs *FS) wbOverlaps(blk, n uint64) bool {
	return len(fs.wb.data) > 0 && blk < fs.wbEnd() && fs.wb.pblk < blk+n
}

// flushWB writes the buffer out.
func (fs *FS) flushWB() error {
	if len(fs.wb.data) == 0 {
		return nil
	}
	err := fs.writeDev(fs.wb.data, int64(fs.wb.pblk)*int64(fs.bs))
	fs.wb.data = fs.wb.data[:0]
	return err
}

// writeData writes whole blocks of file ino's data at block pb,
// through the buffer when the run is short.
func (fs *FS) writeData(ino Ino, p []byte, pb uint64) error {
	wb := &fs.wb
	if len(wb.data) > 0 && (wb.ino != ino || pb < wb.pblk || pb > fs.wbEnd() || len(p) >= wbMax) {
		if err := fs.flushWB(); err != nil {
			return err
		}
	}
	if len(p) >= wbMax {
		return fs.writeDev(p, int64(pb)*int64(fs.bs))
	}
	if len(wb.data) == 0 {
		wb.ino, wb.pblk = ino, pb
	}
	at := int(pb-wb.pblk) * int(fs.bs)
	if need := at + len(p); need > len(wb.data) {
		wb.data = slices.Grow(wb.data, need-len(wb.data))[:need]
	}
	copy(wb.data[at:], p)
	if len(wb.data) >= wbMax {
		return fs.flushWB()
	}
	return nil
}

// readDataBlock reads one block of file data, from the buffer if it
// is there.
func (fs *FS) readDataBlock(b []byte, blk uint64) error {
	if fs.wbOverlaps(blk, 1) {
		copy(b, fs.wb.data[(blk-fs.wb.pblk)*uint64(fs.bs):])
		return nil
	}
	return fs.readBlocks(b, blk)
}
