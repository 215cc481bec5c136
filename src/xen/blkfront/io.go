// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"io"
)

// request is one operation to start.
type request struct {
	op     uint8
	off    int64  // bytes
	data   []byte // written from, or read into
	nbytes int64  // a discard's length
	secure bool
}

// start reserves a slot and pages for r and puts it on the ring. It
// returns (nil, kick, nil) when slots or pages are short: kick is
// closed when some come free.
func (d *Device) start(r request) (*pending, chan struct{}, error) {
	d.mu.Lock()
	if err := d.refuseLocked(); err != nil {
		d.mu.Unlock()
		return nil, nil, err
	}
	p := d.q.reserve(r.op, len(r.data))
	if p == nil {
		kick := d.kick
		d.mu.Unlock()
		return nil, kick, nil
	}
	d.mu.Unlock()
	if r.op == opWrite {
		// Outside the lock: the pages are ours until pushed.
		for i := 0; i < len(r.data); i += pageSize {
			copy(d.q.page(p.pages[i/pageSize]), r.data[i:])
		}
	}
	d.mu.Lock()
	notify := d.q.push(p, uint64(r.off/wireSector), uint64(r.nbytes/wireSector), r.secure)
	d.mu.Unlock()
	if notify {
		d.notify()
	}
	return p, nil, nil
}

// refuseLocked is why no new request may start, if any.
func (d *Device) refuseLocked() error {
	switch {
	case d.closing:
		return ErrClosed
	case d.down != nil:
		return d.down
	}
	return nil
}

// finish waits for p's response; a read's data is copied into dst.
// The pages go back to the pool only once the backend answered: until
// then it may still be using them.
func (d *Device) finish(p *pending, dst []byte) error {
	var err error
	select {
	case err = <-p.done:
	case <-d.dead:
		select {
		case err = <-p.done: // answered after all
		default:
			return d.down
		}
	}
	if err == nil && p.op == opRead {
		for i := 0; i < len(dst); i += pageSize {
			copy(dst[i:], d.q.page(p.pages[i/pageSize]))
		}
		d.c.readBytes.Add(uint64(len(dst)))
	}
	if err == nil && p.op == opWrite {
		d.c.written.Add(uint64(p.nbytes))
	}
	d.mu.Lock()
	d.q.release(p)
	d.wakeLocked()
	d.mu.Unlock()
	return err
}

// do runs one request with no data to completion.
func (d *Device) do(r request) error {
	for {
		p, kick, err := d.start(r)
		if err != nil {
			return err
		}
		if p != nil {
			return d.finish(p, nil)
		}
		if err := d.wait(kick); err != nil {
			return err
		}
	}
}

// wait sleeps until kick, or the device's death.
func (d *Device) wait(kick chan struct{}) error {
	d.c.waits.Add(1)
	select {
	case <-kick:
		return nil
	case <-d.dead:
		return d.down
	}
}

// transfer reads or writes buf at byte offset off in requests of at
// most MaxTransfer bytes, as many in flight as the ring and pool allow.
// It returns how many bytes from the start were transferred.
func (d *Device) transfer(op uint8, buf []byte, off int64) (int, error) {
	type started struct {
		p   *pending
		pos int
	}
	var queue []started
	done, pos := 0, 0
	var err error
	finishOldest := func() {
		s := queue[0]
		queue = queue[1:]
		e := d.finish(s.p, buf[s.pos:s.pos+s.p.nbytes])
		switch {
		case err != nil: // the first error stands
		case e != nil:
			err = e
		default:
			done = s.pos + s.p.nbytes
		}
	}
	chunk := d.MaxTransfer()
	for pos < len(buf) && err == nil {
		n := min(chunk, len(buf)-pos)
		p, kick, e := d.start(request{op: op, off: off + int64(pos), data: buf[pos : pos+n]})
		switch {
		case e != nil:
			err = e
		case p != nil:
			queue = append(queue, started{p, pos})
			pos += n
		case len(queue) > 0:
			// Our own finished requests may hold the pages we need.
			finishOldest()
		default:
			err = d.wait(kick)
		}
	}
	for len(queue) > 0 {
		finishOldest()
	}
	return done, err
}

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
	f := d.disk.features
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
	f := d.disk.features
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
