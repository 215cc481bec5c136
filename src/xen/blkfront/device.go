// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"strconv"
	"sync"
	"time"

	"xen/internal/ring"
)

var (
	// ErrClosed is returned by a Device's methods after Close.
	ErrClosed = errors.New("blkfront: device closed")
	// ErrBackendGone is returned once the backend has left the
	// Connected state (closing, closed, or removed from xenstore).
	ErrBackendGone = errors.New("blkfront: backend disconnected")
	// ErrBackendBroken means the backend answered a request that was
	// not in flight, or wrote an impossible ring index: requests in
	// flight may never be answered, so the device stops.
	ErrBackendBroken = errors.New("blkfront: backend broke the ring protocol")
	// ErrIO is a request the backend failed (BLKIF_RSP_ERROR) or
	// answered with a response that cannot be.
	ErrIO = errors.New("blkfront: i/o error")
	// ErrNotSupported is an operation the backend does not offer, or
	// refused (BLKIF_RSP_EOPNOTSUPP).
	ErrNotSupported = errors.New("blkfront: operation not supported")
	// ErrReadOnly is a write or discard on a read-only disk.
	ErrReadOnly = errors.New("blkfront: read-only disk")
	// ErrAlignment is an offset or length that is not a whole number of
	// logical sectors.
	ErrAlignment = errors.New("blkfront: offset or length not a multiple of the sector size")
	// ErrRange is a write or discard past the end of the disk.
	ErrRange = errors.New("blkfront: beyond the end of the disk")
	// ErrDiskChanged means the domain moved (xl restore, xl migrate)
	// and the vbd's new backend offers another disk (size, sector size
	// or read-only mode): the device stops rather than write to it.
	ErrDiskChanged = errors.New("blkfront: the disk changed across the domain's move")
)

// Config configures a Device.
type Config struct {
	// RingPageOrder asks for a request ring of 2^RingPageOrder pages
	// (32 requests in flight a page), as far as the backend offers it
	// (max-ring-page-order); at most 4. 0 means one page.
	RingPageOrder int
	// BufferPages is how many granted pages data passes through; 0
	// means 256 (1 MiB).
	BufferPages int
	// MaxSegments caps the pages of one request: 11 go in a request,
	// more in an indirect one, if the backend offers those. 0 means 32
	// (128 KiB); at most 512.
	MaxSegments int
}

func (cfg Config) bufferPages() int {
	if cfg.BufferPages <= 0 {
		return 256
	}
	return max(cfg.BufferPages, 2)
}

// segments is how many pages one request may carry with the backend's
// features f; more than 11 need indirect requests.
func (cfg Config) segments(f Features) int {
	want := cfg.MaxSegments
	if want <= 0 {
		want = 32
	}
	n := min(want, maxDirectSegs)
	if f.MaxIndirectSegments > maxDirectSegs && want > maxDirectSegs {
		n = min(want, f.MaxIndirectSegments, segsPerIndirect)
	}
	// A request must fit in the pool, its segment list included.
	return max(min(n, cfg.bufferPages()-1), 1)
}

// shared is what a Device runs on: the ring (initialised before the
// backend saw it) and the pool, zeroed and granted to the backend.
type shared struct {
	ring  *ring.Front
	pool  []byte
	grefs []uint32 // the pool's grants
}

// Device is an open block device.
type Device struct {
	disk disk // its features belong to mu: a move may change them
	cfg  Config
	c    counters

	mu        sync.Mutex
	q         *queue
	ev        ring.Events   // the event channel of the connection
	kick      chan struct{} // closed and replaced when slots or pages come free
	closing   bool          // Close has begun: no new requests
	suspended bool          // a suspend holds new requests back
	stopped   bool          // the event loop is to end
	down      error         // why requests fail now, once set
	dead      chan struct{} // closed when down is set
	noFlush   bool          // the backend refused a flush or barrier
	loopDone  chan struct{} // closed when the event loop ends
	teardown  func() error  // the closing handshake; frees grants and the port
}

func newDevice(handle uint16, dk disk, sh shared, ev ring.Events, cfg Config) *Device {
	d := &Device{disk: dk, cfg: cfg, kick: make(chan struct{}), dead: make(chan struct{})}
	d.q = newQueue(sh.ring, handle, sh.pool, sh.grefs, cfg.segments(dk.features), &d.c)
	d.startLoopLocked(ev)
	return d
}

// startLoopLocked starts the event loop on ev.
func (d *Device) startLoopLocked(ev ring.Events) {
	d.ev, d.stopped, d.loopDone = ev, false, make(chan struct{})
	go d.eventLoop(ev, d.loopDone)
}

// stopLoop ends the event loop and waits until it has.
func (d *Device) stopLoop() {
	d.mu.Lock()
	d.stopped = true
	ev, done := d.ev, d.loopDone
	d.mu.Unlock()
	ev.Interrupt()
	<-done
}

// eventLoop sleeps on ev and completes the requests each event
// answers.
func (d *Device) eventLoop(ev ring.Events, done chan struct{}) {
	defer close(done)
	for {
		ev.Wait()
		d.mu.Lock()
		if d.stopped {
			d.mu.Unlock()
			return
		}
		d.c.events.Add(1)
		completed, broken := d.q.reap()
		if broken != nil {
			d.dieLocked(broken)
		} else if completed {
			d.wakeLocked()
		}
		d.mu.Unlock()
	}
}

func (d *Device) wakeLocked() {
	close(d.kick)
	d.kick = make(chan struct{})
}

func (d *Device) notify(ev ring.Events) {
	d.c.notifies.Add(1)
	ev.Notify()
}

// die makes requests fail with err from now on.
func (d *Device) die(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dieLocked(err)
}

func (d *Device) dieLocked(err error) {
	if d.down == nil {
		d.down = err
		close(d.dead)
	}
	d.wakeLocked()
}

// backendGone is called when the backend leaves Connected.
func (d *Device) backendGone(err error) { d.die(err) }

// Gone is closed once the device can do no more I/O: its backend left
// the Connected state or broke the ring protocol, or it was closed.
func (d *Device) Gone() <-chan struct{} { return d.dead }

// Size is the disk's length in bytes.
func (d *Device) Size() int64 { return d.disk.size() }

// SectorSize is the logical sector size: offsets and lengths of every
// transfer are multiples of it.
func (d *Device) SectorSize() int { return d.disk.sectorSize }

// Sectors is the disk's length in logical sectors.
func (d *Device) Sectors() int64 { return d.Size() / int64(d.disk.sectorSize) }

// PhysicalSectorSize is the backing store's block size; writes of whole
// physical sectors avoid read-modify-write cycles there.
func (d *Device) PhysicalSectorSize() int { return d.disk.physSectorSize }

// ReadOnly reports a disk the backend lets us only read (VDISK_READONLY
// or mode "r").
func (d *Device) ReadOnly() bool { return d.disk.readOnly }

// CDROM reports a disk the toolstack marked as a CD-ROM drive.
func (d *Device) CDROM() bool { return d.disk.cdrom }

// Features reports what the backend offers.
func (d *Device) Features() Features {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.disk.features
}

// MaxTransfer is the most bytes one request carries; longer transfers
// take several, in flight together.
func (d *Device) MaxTransfer() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.q.maxSegs * pageSize
}

// Stats returns the device's counters.
func (d *Device) Stats() Stats { return d.c.snapshot() }

// Close stops new requests, waits (at most 5 s) for those in flight,
// runs the closing handshake, ends the grants (as soon as the backend
// has unmapped the pages) and frees the event channel. Requests still
// waiting then fail with ErrClosed.
func (d *Device) Close() error {
	d.mu.Lock()
	if d.closing {
		d.mu.Unlock()
		return ErrClosed
	}
	d.closing = true
	d.mu.Unlock()
	limit, stop := deadline(closeTimeout)
	d.drain(limit)
	stop()
	d.die(ErrClosed)
	d.stopLoop()
	if d.teardown != nil {
		return d.teardown()
	}
	return nil
}

// deadline returns a channel closed after t, and a func that stops the
// timer. A closed channel, not time.NewTimer's chan time.Time: that
// would link time.Time's String method and time formatting into every
// program (mount closes a disk that does not mount).
func deadline(t time.Duration) (<-chan struct{}, func() bool) {
	c := make(chan struct{})
	return c, time.AfterFunc(t, func() { close(c) }).Stop
}

// drain waits until no request is in flight, the device is dead, or
// limit fires.
func (d *Device) drain(limit <-chan struct{}) {
	for {
		d.mu.Lock()
		idle, kick := d.q.inFlight == 0, d.kick
		d.mu.Unlock()
		if idle {
			return
		}
		select {
		case <-kick:
		case <-d.dead:
			return
		case <-limit:
			return
		}
	}
}

// String names the device by its size.
func (d *Device) String() string {
	return "blkfront " + strconv.FormatInt(d.Size(), 10) + " bytes, " + strconv.Itoa(d.disk.sectorSize) + "-byte sectors"
}
