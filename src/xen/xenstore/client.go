// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"xen/hypercall"
)

// DefaultTimeout is how long a call waits for xenstored before it fails,
// unless SetTimeout changes it: far longer than a healthy xenstored takes,
// short enough that a dead one does not hang the guest.
const DefaultTimeout = 30 * time.Second

// Transport connects a Client to xenstored: the shared page and the event
// channel bound to it.
//
// In a guest, Page is the page of HVM_PARAM_STORE_PFN, Notify sends on the
// event channel of HVM_PARAM_STORE_EVTCHN, and Wait receives from a
// channel with a buffer of one that the event channel's upcall fills with
// a non-blocking send, so that a kick arriving while nobody waits is kept.
type Transport interface {
	// Page returns the shared page. NewClient calls it once.
	Page() *DomainInterface

	// Notify tells xenstored that the client has moved ring data.
	Notify() error

	// Wait blocks until xenstored has notified the client since the
	// previous Wait returned, and returns at once if it already has: a
	// notification is latched, like an event channel's pending bit, and
	// never lost. Spurious returns are harmless. Only the Client's reader
	// goroutine calls Wait. Once Close has been called, Wait (including one
	// already blocked) returns a non-nil error.
	Wait() error

	// Close releases the transport and unblocks Wait. The Client calls it
	// once, from Close or when the connection breaks.
	Close() error
}

// Client is a connection to xenstored. Its methods may be called from any
// number of goroutines at once.
type Client struct {
	t    Transport
	page *DomainInterface

	// wsem holds one token while one whole request is written. It is a
	// channel, not a mutex, so that a caller can stop waiting for it.
	wsem chan struct{}

	mu      sync.Mutex
	pending map[uint32]chan reply // by request id
	watches map[string]*Watch     // by token
	nextID  uint32
	nextTok uint64
	err     error         // why the client stopped; nil while it runs
	space   chan struct{} // closed and replaced each time the reader wakes
	broken  chan struct{} // closed when err is set

	readerDone chan struct{}
	gate       gate // closed while the domain suspends (suspend.go)
	dropped    atomic.Uint64
	timeout    atomic.Int64 // per call, in nanoseconds; <= 0 for none
}

type reply struct {
	h       Header
	payload []byte
	err     error
}

// NewClient starts a client on t and its reader goroutine. The client owns
// t from now on and closes it in Close.
func NewClient(t Transport) (*Client, error) {
	page := t.Page()
	if page == nil {
		return nil, errors.New("xenstore: transport has no ring page")
	}
	c := &Client{
		t:          t,
		page:       page,
		wsem:       make(chan struct{}, 1),
		pending:    make(map[uint32]chan reply),
		watches:    make(map[string]*Watch),
		space:      make(chan struct{}),
		broken:     make(chan struct{}),
		readerDone: make(chan struct{}),
	}
	c.timeout.Store(int64(DefaultTimeout))
	go c.readLoop()
	return c, nil
}

// SetTimeout sets how long each call started from now on may take, from
// queueing its request to receiving the reply (for a Directory fetched in
// parts, all of them); d <= 0 means no limit. A
// call that runs out of time returns an error for which
// errors.Is(err, os.ErrDeadlineExceeded) is true. Its request may still
// reach xenstored and take effect; the reply is then dropped (see
// Dropped).
func (c *Client) SetTimeout(d time.Duration) { c.timeout.Store(int64(d)) }

// Timeout reports the limit SetTimeout set, DefaultTimeout at first.
func (c *Client) Timeout() time.Duration { return time.Duration(c.timeout.Load()) }

// Close stops the client: calls in progress and later ones fail with
// ErrClosed, watch channels are closed, and the transport is closed. It
// waits for the reader goroutine to exit.
func (c *Client) Close() error {
	c.fail(ErrClosed)
	<-c.readerDone
	return nil
}

// Err reports why the client stopped (ErrClosed after Close, or the ring
// or protocol error that broke the connection), or nil while it runs.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Dropped counts messages from xenstored that were thrown away: replies
// to no outstanding request (such as the late reply to a call that timed
// out), malformed watch events, and events for a token no longer watched
// (which can legitimately race with Close).
func (c *Client) Dropped() uint64 { return c.dropped.Load() }

// fail stops the client with err; the first error wins. Pending calls
// receive err, watchers see their channel closed, and the transport is
// closed so the reader's Wait returns.
func (c *Client) fail(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	pending, watches := c.pending, c.watches
	c.pending, c.watches = nil, nil
	close(c.broken)
	c.mu.Unlock()
	for _, ch := range pending {
		ch <- reply{err: err}
	}
	for _, w := range watches {
		close(w.ch)
	}
	c.t.Close()
}

// readLoop is the only reader of the reply ring. After each wake it drains
// every complete message, lets blocked writers retry (xenstored kicks us
// when it consumes requests, too), and kicks xenstored if it freed space.
func (c *Client) readLoop() {
	defer close(c.readerDone)
	var a assembler
	for {
		for {
			h, payload, ok, err := a.next(c.page)
			if err != nil {
				c.fail(err)
				return
			}
			if !ok {
				break
			}
			c.dispatch(h, payload)
		}
		c.mu.Lock()
		close(c.space)
		c.space = make(chan struct{})
		stopped := c.err != nil
		c.mu.Unlock()
		if stopped {
			return
		}
		if a.moved {
			a.moved = false
			if err := c.t.Notify(); err != nil {
				c.fail(err)
				return
			}
		}
		if err := c.t.Wait(); err != nil {
			c.fail(err) // after Close, c.err is already ErrClosed
			return
		}
	}
}

// dispatch hands one message to whoever waits for it.
func (c *Client) dispatch(h Header, payload []byte) {
	if h.Type == hypercall.XSWatchEvent {
		c.deliverEvent(payload)
		return
	}
	c.mu.Lock()
	ch, ok := c.pending[h.ReqID]
	if ok {
		delete(c.pending, h.ReqID)
	}
	c.mu.Unlock()
	if !ok {
		c.dropped.Add(1)
		return
	}
	ch <- reply{h: h, payload: payload}
}

// errExpired is send's report that the call's deadline passed.
var errExpired = errors.New("xenstore: deadline passed")

// send writes one whole message into the request ring, in pieces if it is
// larger than the free space, kicking xenstored after each piece. Messages
// from different goroutines never interleave. If expired fires first, send
// returns errExpired; a message it had begun is finished in the
// background, since a partial one would garble every later request.
func (c *Client) send(msg []byte, expired <-chan struct{}) error {
	select {
	case c.wsem <- struct{}{}:
	case <-c.broken:
		return c.Err()
	case <-expired:
		return errExpired
	}
	n, err := c.transmit(msg, expired)
	if err == errExpired && n > 0 {
		go func() {
			c.transmit(msg[n:], nil) // ends when done or the client stops
			<-c.wsem
		}()
		return err
	}
	<-c.wsem
	return err
}

// transmit is send's loop; it returns how many bytes of msg it wrote.
func (c *Client) transmit(msg []byte, expired <-chan struct{}) (int, error) {
	done := 0
	for done < len(msg) {
		// Take the wake-up channel before looking at the ring, so a wake
		// between the look and the wait is not missed.
		c.mu.Lock()
		wake, err := c.space, c.err
		c.mu.Unlock()
		if err != nil {
			return done, err
		}
		n, err := c.page.WriteRequest(msg[done:])
		if err != nil {
			c.fail(err)
			return done, err
		}
		if n == 0 {
			select {
			case <-wake:
			case <-c.broken:
			case <-expired:
				return done, errExpired
			}
			continue
		}
		done += n
		if err := c.t.Notify(); err != nil {
			c.fail(err)
			return done, err
		}
	}
	return done, nil
}

// limit is the deadline of one call of the API, which may take several
// requests (a directory listing in parts).
type limit struct {
	expired <-chan struct{} // nil for no limit
	d       time.Duration
	timer   *time.Timer
}

// startLimit starts the client's timeout; stop the limit when done.
func (c *Client) startLimit() limit {
	d := c.Timeout()
	if d <= 0 {
		return limit{}
	}
	expired, t := after(d)
	return limit{expired: expired, d: d, timer: t}
}

// after returns a channel closed when d has passed, and the timer that
// closes it. Not time.NewTimer: its chan time.Time makes time.Time's
// String method, time formatting and time zone loading part of every
// program (the disk layer on every program's path uses this package).
func after(d time.Duration) (<-chan struct{}, *time.Timer) {
	c := make(chan struct{})
	return c, time.AfterFunc(d, func() { close(c) })
}

func (l limit) stop() {
	if l.timer != nil {
		l.timer.Stop()
	}
}

// call sends one request under a limit of its own.
func (c *Client) call(op, path string, typ hypercall.XSMsgType, tx uint32, parts ...[]byte) ([]byte, error) {
	l := c.startLimit()
	defer l.stop()
	return c.request(l, op, path, typ, tx, parts...)
}

// request sends one request and waits for its reply. It returns the reply
// payload, an *Error for an XS_ERROR reply, an ErrProtocol error for a
// reply of the wrong type, or an os.ErrDeadlineExceeded error when l
// expires first.
//
// A request outside a transaction waits while the domain suspends
// (Suspend); one in a transaction belongs to it, which holds the
// suspend off until it ends.
func (c *Client) request(l limit, op, path string, typ hypercall.XSMsgType, tx uint32, parts ...[]byte) ([]byte, error) {
	if tx == 0 && typ != hypercall.XSTransactionStart {
		if err := c.gate.enter(l.expired, c.broken); err != nil {
			return nil, c.gateError(err, op, path, l.d)
		}
		defer c.gate.leave()
	}
	return c.exchange(l, op, path, typ, tx, parts...)
}

// exchange is request without the suspend gate.
func (c *Client) exchange(l limit, op, path string, typ hypercall.XSMsgType, tx uint32, parts ...[]byte) ([]byte, error) {
	ch := make(chan reply, 1)
	c.mu.Lock()
	if c.err != nil {
		err := c.err
		c.mu.Unlock()
		return nil, err
	}
	id := c.allocID()
	c.pending[id] = ch
	c.mu.Unlock()

	msg, err := encodeRequest(typ, id, tx, parts...)
	if err == nil {
		err = c.send(msg, l.expired)
	}
	if err != nil {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		if e, ok := err.(*Error); ok {
			e.Op, e.Path = op, path
		}
		if err == errExpired {
			err = timeoutError(op, path, l.d)
		}
		return nil, err
	}

	var r reply
	select {
	case r = <-ch:
	case <-l.expired:
		// Unless dispatch or fail has already taken the request (its reply
		// is then on the way to ch), withdraw it, so that a late reply is
		// dropped rather than delivered.
		c.mu.Lock()
		_, waiting := c.pending[id]
		delete(c.pending, id)
		c.mu.Unlock()
		if waiting {
			return nil, timeoutError(op, path, l.d)
		}
		r = <-ch
	}
	switch {
	case r.err != nil:
		return nil, r.err
	case r.h.Type == hypercall.XSError:
		return nil, errnoError(op, path, r.payload)
	case r.h.Type != typ:
		return nil, errorString(ErrProtocol, "xenstore "+op+" "+path+": reply of type "+
			strconv.FormatUint(uint64(r.h.Type), 10)+" to request of type "+strconv.FormatUint(uint64(typ), 10))
	}
	return r.payload, nil
}

// allocID picks a request id not in use; c.mu must be held. Zero is
// skipped because xenstored uses it for watch events. Ids count up, so
// the id of a call that timed out comes round again only after 2^32
// requests: its late reply finds no pending call and is dropped.
func (c *Client) allocID() uint32 {
	for {
		c.nextID++
		if _, busy := c.pending[c.nextID]; c.nextID != 0 && !busy {
			return c.nextID
		}
	}
}

func timeoutError(op, path string, d time.Duration) error {
	return &timeoutErr{opString(op, path) + ": timed out after " + d.String() + " waiting for xenstored"}
}

// timeoutErr is a call's timeout. It reports Timeout, as net's errors do,
// and is every error that does (os.ErrDeadlineExceeded,
// context.DeadlineExceeded), without importing os, which this package
// sits below in std's dependency order.
type timeoutErr struct{ msg string }

func (e *timeoutErr) Error() string { return e.msg }
func (e *timeoutErr) Timeout() bool { return true }

func (e *timeoutErr) Is(target error) bool {
	t, ok := target.(interface{ Timeout() bool })
	return ok && t.Timeout()
}

// assembler collects one message at a time from the reply ring, which may
// deliver it in pieces over several wakes.
type assembler struct {
	buf   [HeaderSize + hypercall.XenstorePayloadMax]byte
	n     int    // bytes of buf filled
	h     Header // valid once n >= HeaderSize
	moved bool   // bytes were consumed since the flag was cleared
}

// next returns the next complete message, or ok == false if the ring
// holds only part of it so far. An error (corrupt indices, impossible
// length) means the stream cannot be trusted any more.
func (a *assembler) next(p *DomainInterface) (h Header, payload []byte, ok bool, err error) {
	if a.n < HeaderSize {
		m, err := p.ReadResponse(a.buf[a.n:HeaderSize])
		a.n += m
		a.moved = a.moved || m > 0
		if err != nil || a.n < HeaderSize {
			return Header{}, nil, false, err
		}
		if a.h, err = parseHeader(a.buf[:HeaderSize]); err != nil {
			return Header{}, nil, false, err
		}
	}
	end := HeaderSize + int(a.h.Len)
	if a.n < end {
		m, err := p.ReadResponse(a.buf[a.n:end])
		a.n += m
		a.moved = a.moved || m > 0
		if err != nil || a.n < end {
			return Header{}, nil, false, err
		}
	}
	a.n = 0
	return a.h, append([]byte(nil), a.buf[HeaderSize:end]...), true, nil
}
