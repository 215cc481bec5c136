// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"errors"
	"strconv"
	"sync"
	"sync/atomic"

	"xen/hypercall"
)

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

	wmu sync.Mutex // held while one whole request is written

	mu      sync.Mutex
	pending map[uint32]chan reply // by request id
	watches map[string]*Watch     // by token
	nextID  uint32
	nextTok uint64
	err     error         // why the client stopped; nil while it runs
	space   chan struct{} // closed and replaced each time the reader wakes
	broken  chan struct{} // closed when err is set

	readerDone chan struct{}
	dropped    atomic.Uint64
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
		pending:    make(map[uint32]chan reply),
		watches:    make(map[string]*Watch),
		space:      make(chan struct{}),
		broken:     make(chan struct{}),
		readerDone: make(chan struct{}),
	}
	go c.readLoop()
	return c, nil
}

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
// to no outstanding request, malformed watch events, and events for a
// token no longer watched (which can legitimately race with Close).
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

// send writes one whole message into the request ring, in pieces if it is
// larger than the free space, kicking xenstored after each piece. Messages
// from different goroutines never interleave.
func (c *Client) send(msg []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	for len(msg) > 0 {
		// Take the wake-up channel before looking at the ring, so a wake
		// between the look and the wait is not missed.
		c.mu.Lock()
		wake, err := c.space, c.err
		c.mu.Unlock()
		if err != nil {
			return err
		}
		n, err := c.page.WriteRequest(msg)
		if err != nil {
			c.fail(err)
			return err
		}
		if n == 0 {
			select {
			case <-wake:
			case <-c.broken:
			}
			continue
		}
		msg = msg[n:]
		if err := c.t.Notify(); err != nil {
			c.fail(err)
			return err
		}
	}
	return nil
}

// call sends one request and waits for its reply. It returns the reply
// payload, an *Error for an XS_ERROR reply, or an ErrProtocol error for a
// reply of the wrong type.
func (c *Client) call(op, path string, typ hypercall.XSMsgType, tx uint32, parts ...[]byte) ([]byte, error) {
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
		err = c.send(msg)
	}
	if err != nil {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
		if e, ok := err.(*Error); ok {
			e.Op, e.Path = op, path
		}
		return nil, err
	}

	r := <-ch
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
// skipped because xenstored uses it for watch events.
func (c *Client) allocID() uint32 {
	for {
		c.nextID++
		if _, busy := c.pending[c.nextID]; c.nextID != 0 && !busy {
			return c.nextID
		}
	}
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
