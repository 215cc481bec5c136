// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vchan

import (
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"xen/internal/ring"
)

var (
	// ErrClosed is returned by operations on a Conn after Close.
	ErrClosed = errors.New("vchan: use of closed connection")
	// ErrPeerClosed is returned by Write once the other end has gone.
	ErrPeerClosed = errors.New("vchan: the other end closed the connection")
	// ErrRingCorrupt means the other domain wrote an impossible ring
	// index; the connection is unusable.
	ErrRingCorrupt = errors.New("vchan: ring index out of range")
	// ErrMoved is returned once the domain has moved (xl restore, xl
	// migrate) while the Conn was open: the shared pages and the event
	// channel stayed with the old domain, and the connection is over.
	ErrMoved = errors.New("vchan: the domain moved (restored or migrated); the connection is gone")
)

// timeoutError is returned when a deadline passes; like the net
// package's errors it says Timeout() true.
type timeoutError struct{}

func (timeoutError) Error() string   { return "vchan: i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }

// ErrTimeout is returned by Read, Write and Accept when the deadline
// passes.
var ErrTimeout error = timeoutError{}

// byteRing is one direction of the stream: the shared indices and buffer.
type byteRing struct {
	cons, prod *uint32
	buf        []byte // length a power of two
}

// Conn is one end of a vchan.
type Conn struct {
	server bool
	status *uint32 // the four status bytes, changed atomically
	rd, wr byteRing
	ev     ring.Events

	rmu, wmu sync.Mutex // one Read and one Write at a time

	mu            sync.Mutex
	kick          chan struct{} // closed and replaced at every event
	closed        bool
	readDeadline  time.Time
	writeDeadline time.Time
	loopDone      chan struct{}
	teardown      func(moved bool) error // frees grants, mappings, the port

	// gate is held for reading while a call touches the shared pages,
	// and for writing while the domain suspends; moved is set when it
	// came back in a new domain, where the pages are gone.
	gate       sync.RWMutex
	moved      atomic.Bool
	unregister func() // ends its part in suspends

	events, notifies, sleeps atomic.Uint64
}

// Stats counts the events received from the other end, the events sent
// to it, and the times a Read, Write or Accept had to sleep.
func (c *Conn) Stats() (events, notifies, sleeps uint64) {
	return c.events.Load(), c.notifies.Load(), c.sleeps.Load()
}

// newConn makes an end over a control page and its two rings; the page
// must stay mapped until teardown.
func newConn(server bool, ctrl unsafe.Pointer, left, right []byte, ev ring.Events, teardown func(moved bool) error) *Conn {
	at := func(off uintptr) *uint32 { return (*uint32)(unsafe.Add(ctrl, off)) }
	lr := byteRing{cons: at(offLeftCons), prod: at(offLeftProd), buf: left}
	rr := byteRing{cons: at(offRightCons), prod: at(offRightProd), buf: right}
	c := &Conn{server: server, status: at(offStatus), ev: ev, teardown: teardown,
		kick: make(chan struct{}), loopDone: make(chan struct{})}
	if server {
		c.rd, c.wr = lr, rr
	} else {
		c.rd, c.wr = rr, lr
	}
	go c.eventLoop()
	return c
}

// eventLoop turns events into wake-ups of every blocked Read, Write and
// Accept: only one goroutine may sleep on a port.
func (c *Conn) eventLoop() {
	defer close(c.loopDone)
	for {
		c.ev.Wait()
		c.events.Add(1)
		c.mu.Lock()
		close(c.kick)
		c.kick = make(chan struct{})
		done := c.closed || c.moved.Load()
		c.mu.Unlock()
		if done {
			return
		}
	}
}

func (c *Conn) statusByte(b uint) uint8 {
	return uint8(atomic.LoadUint32(c.status) >> (8 * b))
}

func (c *Conn) setStatusByte(b uint, v uint8) {
	atomic.AndUint32(c.status, ^(0xff << (8 * b)))
	atomic.OrUint32(c.status, uint32(v)<<(8*b))
}

// peerLive is the other end's live byte.
func (c *Conn) peerLive() uint8 {
	if c.server {
		return c.statusByte(byteCliLive)
	}
	return c.statusByte(byteSrvLive)
}

// requestNotify asks the other end to signal after it does what bit
// says.
func (c *Conn) requestNotify(bit uint8) {
	b := uint(byteSrvNotify)
	if c.server {
		b = byteCliNotify
	}
	atomic.OrUint32(c.status, uint32(bit)<<(8*b))
}

// sendNotify signals the other end if it asked to hear about bit.
func (c *Conn) sendNotify(bit uint8) error {
	b := uint(byteCliNotify)
	if c.server {
		b = byteSrvNotify
	}
	old := atomic.AndUint32(c.status, ^(uint32(bit) << (8 * b)))
	if uint8(old>>(8*b))&bit != 0 {
		c.notifies.Add(1)
		return c.ev.Notify()
	}
	return nil
}

// state returns what a blocked call waits on (taken before it looks at
// the rings, so no event is missed), the deadline, and whether the Conn
// is closed.
func (c *Conn) state(read bool) (kick chan struct{}, deadline time.Time, closed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	deadline = c.writeDeadline
	if read {
		deadline = c.readDeadline
	}
	return c.kick, deadline, c.closed
}

// sleep waits for the next event or the deadline.
func sleep(kick chan struct{}, deadline time.Time) error {
	if deadline.IsZero() {
		<-kick
		return nil
	}
	d := time.Until(deadline)
	if d <= 0 {
		return ErrTimeout
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-kick:
		return nil
	case <-t.C:
		return ErrTimeout
	}
}

// readable is how many bytes wait in the read ring.
func (c *Conn) readable() (int, error) {
	n := atomic.LoadUint32(c.rd.prod) - atomic.LoadUint32(c.rd.cons)
	if n > uint32(len(c.rd.buf)) {
		return 0, ErrRingCorrupt
	}
	return int(n), nil
}

// writable is how much room the write ring has.
func (c *Conn) writable() (int, error) {
	used := atomic.LoadUint32(c.wr.prod) - atomic.LoadUint32(c.wr.cons)
	if used > uint32(len(c.wr.buf)) {
		return 0, ErrRingCorrupt
	}
	return len(c.wr.buf) - int(used), nil
}

// take copies up to len(p) waiting bytes out of the read ring.
func (c *Conn) take(p []byte) (int, error) {
	ready, err := c.readable()
	if err != nil || ready == 0 {
		return 0, err
	}
	n := min(ready, len(p))
	cons := atomic.LoadUint32(c.rd.cons)
	mask := uint32(len(c.rd.buf) - 1)
	i := int(cons & mask)
	k := copy(p[:n], c.rd.buf[i:])
	copy(p[k:n], c.rd.buf)
	atomic.StoreUint32(c.rd.cons, cons+uint32(n))
	return n, c.sendNotify(notifyRead)
}

// put copies as much of p as fits into the write ring.
func (c *Conn) put(p []byte) (int, error) {
	room, err := c.writable()
	if err != nil || room == 0 {
		return 0, err
	}
	n := min(room, len(p))
	prod := atomic.LoadUint32(c.wr.prod)
	mask := uint32(len(c.wr.buf) - 1)
	i := int(prod & mask)
	k := copy(c.wr.buf[i:], p[:n])
	copy(c.wr.buf, p[k:n])
	atomic.StoreUint32(c.wr.prod, prod+uint32(n))
	return n, c.sendNotify(notifyWrite)
}

// Read reads what the other end wrote; it returns io.EOF once the other
// end has closed and everything it wrote has been read.
func (c *Conn) Read(p []byte) (int, error) {
	c.rmu.Lock()
	defer c.rmu.Unlock()
	if len(p) == 0 {
		return 0, nil
	}
	for {
		kick, deadline, closed := c.state(true)
		if closed {
			return 0, ErrClosed
		}
		if n, wait, err := c.readNow(p); !wait {
			return n, err
		}
		c.sleeps.Add(1)
		if err := sleep(kick, deadline); err != nil {
			return 0, err
		}
	}
}

// readNow takes what the read ring holds, or says Read must wait.
func (c *Conn) readNow(p []byte) (n int, wait bool, err error) {
	if err := c.enter(); err != nil {
		return 0, false, err
	}
	defer c.gate.RUnlock()
	if n, err := c.take(p); n > 0 || err != nil {
		return n, false, err
	}
	c.requestNotify(notifyWrite)
	if n, err := c.take(p); n > 0 || err != nil {
		return n, false, err
	}
	if c.peerLive() == liveGone {
		// It may have written just before it left.
		if n, err := c.take(p); n > 0 || err != nil {
			return n, false, err
		}
		return 0, false, io.EOF
	}
	return 0, true, nil
}

// enter takes the gate for a call that touches the shared pages; the
// caller releases it (c.gate.RUnlock) unless enter fails.
func (c *Conn) enter() error {
	c.gate.RLock()
	if c.moved.Load() {
		c.gate.RUnlock()
		return ErrMoved
	}
	return nil
}

// Write writes all of p, waiting for room in the ring as needed.
func (c *Conn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	done := 0
	for done < len(p) {
		kick, deadline, closed := c.state(false)
		if closed {
			return done, ErrClosed
		}
		n, wait, err := c.writeNow(p[done:])
		done += n
		if err != nil {
			return done, err
		}
		if !wait {
			continue
		}
		c.sleeps.Add(1)
		if err := sleep(kick, deadline); err != nil {
			return done, err
		}
	}
	return done, nil
}

// writeNow puts what fits of p into the write ring, or says Write must
// wait for room.
func (c *Conn) writeNow(p []byte) (n int, wait bool, err error) {
	if err := c.enter(); err != nil {
		return 0, false, err
	}
	defer c.gate.RUnlock()
	if c.peerLive() == liveGone {
		return 0, false, ErrPeerClosed
	}
	if n, err := c.put(p); n > 0 || err != nil {
		return n, false, err
	}
	c.requestNotify(notifyRead)
	room, err := c.writable()
	return 0, room == 0 && err == nil, err
}

// Accept waits until the client has connected (or has come and gone);
// it respects the read deadline. Only a server has to accept; Read and
// Write work before, the ring holding what was written meanwhile.
func (c *Conn) Accept() error {
	for {
		kick, deadline, closed := c.state(true)
		if closed {
			return ErrClosed
		}
		if err := c.enter(); err != nil {
			return err
		}
		live := c.peerLive()
		c.gate.RUnlock()
		if live != liveWaiting {
			return nil
		}
		c.sleeps.Add(1)
		if err := sleep(kick, deadline); err != nil {
			return err
		}
	}
}

// SetReadDeadline sets when blocked and future Reads and Accepts fail
// with ErrTimeout; the zero time means never.
func (c *Conn) SetReadDeadline(t time.Time) error { return c.setDeadline(&c.readDeadline, t) }

// SetWriteDeadline sets when blocked and future Writes fail with
// ErrTimeout, and how long Close waits for the other end to read.
func (c *Conn) SetWriteDeadline(t time.Time) error { return c.setDeadline(&c.writeDeadline, t) }

// SetDeadline sets both deadlines.
func (c *Conn) SetDeadline(t time.Time) error {
	c.SetReadDeadline(t)
	return c.SetWriteDeadline(t)
}

func (c *Conn) setDeadline(d *time.Time, t time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	*d = t
	// Wake sleepers so they see the new deadline.
	close(c.kick)
	c.kick = make(chan struct{})
	return nil
}

// closeLinger bounds how long Close waits for the other end to read what
// was written, when no write deadline is set.
const closeLinger = 10 * time.Second

// Close waits until the other end has read everything written (or has
// gone, or the write deadline or 10 s passed), then tells the other end
// the connection is over, wakes blocked calls (they return ErrClosed),
// and frees the shared pages and the port. It reports data the other
// end never read.
func (c *Conn) Close() error {
	unread := c.linger()
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return ErrClosed
	}
	c.closed = true
	close(c.kick)
	c.kick = make(chan struct{})
	c.mu.Unlock()
	me := uint(byteCliLive)
	if c.server {
		me = byteSrvLive
	}
	var err error
	if c.enter() == nil {
		c.setStatusByte(me, liveGone)
		err = c.ev.Notify()
		c.gate.RUnlock()
	}
	c.ev.Interrupt()
	<-c.loopDone
	// No Read or Write may be copying when the pages go.
	c.rmu.Lock()
	c.wmu.Lock()
	defer c.rmu.Unlock()
	defer c.wmu.Unlock()
	if c.unregister != nil {
		c.unregister()
	}
	if c.teardown != nil {
		err = errors.Join(err, c.teardown(c.moved.Load()))
	}
	return errors.Join(unread, err)
}

// linger waits for the other end to read what is in the write ring.
func (c *Conn) linger() error {
	limit := time.Now().Add(closeLinger)
	for {
		kick, deadline, closed := c.state(false)
		if closed {
			return nil
		}
		if deadline.IsZero() {
			deadline = limit
		}
		if wait, err := c.lingerNow(); !wait {
			return err
		}
		if sleep(kick, deadline) != nil {
			return errors.New("vchan: closed with data the other end did not read in time")
		}
	}
}

// lingerNow reports whether the other end has yet to read what is in the
// write ring (and has not gone).
func (c *Conn) lingerNow() (wait bool, err error) {
	if c.enter() != nil {
		return false, nil // nobody is left to read it
	}
	defer c.gate.RUnlock()
	room, err := c.writable()
	if err != nil || room == len(c.wr.buf) {
		return false, nil
	}
	if c.peerLive() == liveGone {
		return false, errors.New("vchan: closed with data the other end never read")
	}
	c.requestNotify(notifyRead)
	room, _ = c.writable()
	return room != len(c.wr.buf), nil
}
