// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import "errors"

// Requests from start to finish, for the Device's operations: a caller
// blocks only on its own requests, and on slots or pages coming free.

// request is one operation to start.
type request struct {
	op     uint8
	off    int64  // bytes
	data   []byte // written from, or read into
	nbytes int64  // a discard's length
	secure bool
}

// errTooLong is start's answer to data longer than MaxTransfer, which
// a move to a backend with fewer segments a request can shrink.
var errTooLong = errors.New("blkfront: request longer than MaxTransfer")

// start reserves a slot and pages for r and puts it on the ring. It
// returns (nil, kick, nil) when slots or pages are short, or while a
// suspend holds requests back: kick is closed when that may change.
func (d *Device) start(r request) (*pending, chan struct{}, error) {
	d.mu.Lock()
	if err := d.refuseLocked(); err != nil {
		d.mu.Unlock()
		return nil, nil, err
	}
	var p *pending
	switch {
	case d.suspended:
	case len(r.data) > d.q.maxSegs*pageSize:
		d.mu.Unlock()
		return nil, nil, errTooLong
	default:
		p = d.q.reserve(r.op, len(r.data))
	}
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
	ev := d.ev
	d.mu.Unlock()
	if notify {
		d.notify(ev)
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
		case e == errTooLong:
			chunk = d.MaxTransfer()
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
