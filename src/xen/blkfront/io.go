// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"io"
)

// check validates a transfer of n bytes at off: whole sectors, and
// within the disk when write is set. It returns how many bytes lie
// within the disk.
func (d *Device) check(off int64, n int, write bool) (int, error) {
	ss := int64(d.disk.sectorSize)
	if off < 0 || off%ss != 0 || int64(n)%ss != 0 {
		return 0, ErrAlignment
	}
	size := d.Size()
	if off >= size {
		if n == 0 {
			return 0, nil
		}
		if write {
			return 0, ErrRange
		}
		return 0, io.EOF
	}
	if int64(n) > size-off {
		if write {
			return 0, ErrRange
		}
		return int(size - off), io.EOF
	}
	return n, nil
}

// ReadAt reads len(p) bytes at byte offset off, both multiples of
// SectorSize, as io.ReaderAt: fewer bytes only with an error, io.EOF at
// the end of the disk.
func (d *Device) ReadAt(p []byte, off int64) (int, error) {
	n, eof := d.check(off, len(p), false)
	if eof != nil && eof != io.EOF {
		return 0, eof
	}
	got, err := d.transfer(opRead, p[:n], off)
	if err != nil {
		return got, err
	}
	return got, eof
}

// WriteAt writes p at byte offset off, both multiples of SectorSize,
// as io.WriterAt. The data is with the backend when it returns; Flush
// makes it stable.
func (d *Device) WriteAt(p []byte, off int64) (int, error) {
	if d.disk.readOnly {
		return 0, ErrReadOnly
	}
	if _, err := d.check(off, len(p), true); err != nil {
		return 0, err
	}
	return d.transfer(opWrite, p, off)
}

// Flush makes the writes that completed before it stable: it empties
// the backend's write cache (BLKIF_OP_FLUSH_DISKCACHE), or writes a
// barrier when only that is offered. A backend that offers neither has
// no volatile cache to flush: Flush returns nil. ErrNotSupported means
// the backend offered a flush and then refused one; later Flushes
// return it at once.
func (d *Device) Flush() error {
	f := d.Features()
	op := opFlush
	switch {
	case d.disk.readOnly:
		return nil // nothing written to flush, and blkback refuses a write op
	case f.Flush:
	case f.Barrier:
		op = opBarrier
	default:
		return nil
	}
	d.mu.Lock()
	refused := d.noFlush
	d.mu.Unlock()
	if refused {
		return ErrNotSupported
	}
	err := d.do(request{op: op})
	if errors.Is(err, ErrNotSupported) {
		d.mu.Lock()
		d.noFlush = true
		d.mu.Unlock()
	}
	return err
}

// Discard tells the backend that n bytes at off (multiples of
// SectorSize) hold nothing of value (a TRIM). Features reports the
// backend's granularity and alignment; it may ignore what does not
// cover whole extents.
func (d *Device) Discard(off, n int64) error { return d.discard(off, n, false) }

// SecureDiscard is Discard that also makes every copy of the data
// unrecoverable; it needs Features().SecureDiscard.
func (d *Device) SecureDiscard(off, n int64) error { return d.discard(off, n, true) }

func (d *Device) discard(off, n int64, secure bool) error {
	f := d.Features()
	switch {
	case !f.Discard || secure && !f.SecureDiscard:
		return ErrNotSupported
	case d.disk.readOnly:
		return ErrReadOnly
	case n < 0:
		return ErrAlignment
	case n == 0:
		return nil
	}
	ss := int64(d.disk.sectorSize)
	if off < 0 || off%ss != 0 || n%ss != 0 {
		return ErrAlignment
	}
	if off > d.Size() || n > d.Size()-off {
		return ErrRange
	}
	return d.do(request{op: opDiscard, off: off, nbytes: n, secure: secure})
}
