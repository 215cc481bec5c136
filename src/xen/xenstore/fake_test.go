// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package xenstore

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"xen/hypercall"
)

// fakeConn is the client's Transport in tests: a ring page in ordinary
// memory and two latched "event channels", one per direction.
type fakeConn struct {
	page      *DomainInterface
	toServer  chan struct{}
	toClient  chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
	notifies  atomic.Int64
}

func newFakeConn() *fakeConn {
	return &fakeConn{
		page:     new(DomainInterface),
		toServer: make(chan struct{}, 1),
		toClient: make(chan struct{}, 1),
		closed:   make(chan struct{}),
	}
}

// kick sets a latch without blocking, as an event channel's pending bit.
func kick(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (f *fakeConn) Page() *DomainInterface { return f.page }
func (f *fakeConn) Notify() error          { f.notifies.Add(1); kick(f.toServer); return nil }
func (f *fakeConn) Close() error           { f.closeOnce.Do(func() { close(f.closed) }); return nil }

func (f *fakeConn) Wait() error {
	select {
	case <-f.closed:
		return ErrClosed
	case <-f.toClient:
		return nil
	}
}

// fakeServer is an in-memory xenstored serving the other side of a
// fakeConn's page from its own goroutine.
type fakeServer struct {
	conn *fakeConn

	mu        sync.Mutex
	nodes     map[string][]byte // committed tree; "/" always exists
	gen       uint64            // bumped by every committed change
	txs       map[uint32]*fakeTx
	nextTx    uint32
	watches   []fakeWatch
	conflicts int // commits still to fail with EAGAIN
	commits   int // commits attempted
	// hook, if set, sees every request first; if it returns true the
	// server sends raw (which may be nil, for no reply at all) instead.
	hook     func(h Header, payload []byte) (raw []byte, handled bool)
	rspChunk int // if > 0, write at most this many reply bytes per wake
	requests int
	perms    map[string][]byte // SET_PERMS payloads after the path

	in, out []byte // request bytes not yet parsed, reply bytes not yet sent
	stop    chan struct{}
	done    chan struct{}
}

type fakeTx struct {
	nodes   map[string][]byte
	gen     uint64
	changed []string
}

type fakeWatch struct{ path, token string }

// newFake starts a fake xenstored and a Client connected to it; both are
// stopped when the test ends.
func newFake(t testing.TB) (*fakeServer, *Client) {
	conn := newFakeConn()
	s := &fakeServer{
		conn:   conn,
		nodes:  map[string][]byte{"/": nil},
		txs:    make(map[uint32]*fakeTx),
		nextTx: 10,
		stop:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	go s.serve()
	c, err := NewClient(conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Close()
		close(s.stop)
		<-s.done
	})
	return s, c
}

func (s *fakeServer) serve() {
	defer close(s.done)
	p := s.conn.page
	var buf [hypercall.XenstoreRingSize]byte
	for {
		s.mu.Lock()
		moved := false
		// Consume requests. Corrupt indices (set by a test) are ignored.
		cons := atomic.LoadUint32((*uint32)(&p.ReqCons))
		prod := atomic.LoadUint32((*uint32)(&p.ReqProd))
		if avail := prod - cons; avail > 0 && avail <= hypercall.XenstoreRingSize {
			n := copyOut(buf[:], &p.Req, cons, avail)
			s.in = append(s.in, buf[:n]...)
			atomic.StoreUint32((*uint32)(&p.ReqCons), cons+uint32(n))
			moved = true
		}
		for len(s.in) >= HeaderSize {
			h, err := parseHeader(s.in)
			if err != nil {
				panic("fake xenstored: client sent " + err.Error())
			}
			end := HeaderSize + int(h.Len)
			if len(s.in) < end {
				break
			}
			payload := append([]byte(nil), s.in[HeaderSize:end]...)
			s.in = s.in[end:]
			s.requests++
			s.handle(h, payload)
		}
		// Produce replies, as far as the ring has room.
		cons = atomic.LoadUint32((*uint32)(&p.RspCons))
		prod = atomic.LoadUint32((*uint32)(&p.RspProd))
		if used := prod - cons; used <= hypercall.XenstoreRingSize && len(s.out) > 0 {
			out := s.out
			if s.rspChunk > 0 && len(out) > s.rspChunk {
				out = out[:s.rspChunk]
			}
			n := copyIn(&p.Rsp, prod, hypercall.XenstoreRingSize-used, out)
			if n > 0 {
				atomic.StoreUint32((*uint32)(&p.RspProd), prod+uint32(n))
				s.out = s.out[n:]
				moved = true
			}
		}
		more := len(s.out) > 0 && s.rspChunk > 0
		s.mu.Unlock()
		if moved {
			kick(s.conn.toClient)
		}
		if more {
			kick(s.conn.toServer) // trickle the rest on the next round
		}
		select {
		case <-s.conn.toServer:
		case <-s.stop:
			return
		}
	}
}

// inject queues raw bytes on the reply stream and wakes the server.
func (s *fakeServer) inject(raw []byte) {
	s.mu.Lock()
	s.out = append(s.out, raw...)
	s.mu.Unlock()
	kick(s.conn.toServer)
}

// msg builds a raw message for the reply stream.
func msg(typ hypercall.XSMsgType, reqID, txID uint32, payload []byte) []byte {
	m := make([]byte, HeaderSize, HeaderSize+len(payload))
	putUint32(m[0:], uint32(typ))
	putUint32(m[4:], reqID)
	putUint32(m[8:], txID)
	putUint32(m[12:], uint32(len(payload)))
	return append(m, payload...)
}

func (s *fakeServer) reply(h Header, payload []byte) {
	s.out = append(s.out, msg(h.Type, h.ReqID, h.TxID, payload)...)
}

func (s *fakeServer) replyErr(h Header, name string) {
	s.out = append(s.out, msg(hypercall.XSError, h.ReqID, h.TxID, cstr(name))...)
}

func (s *fakeServer) event(path, token string) {
	s.out = append(s.out, msg(hypercall.XSWatchEvent, 0, 0, append(cstr(path), cstr(token)...))...)
}

// fire sends the watch events xenstored would for a change to path.
func (s *fakeServer) fire(path string, removed bool) {
	for _, w := range s.watches {
		switch {
		case under(path, w.path):
			s.event(path, w.token)
		case removed && under(w.path, path):
			s.event(w.path, w.token)
		}
	}
}

// under reports whether p is dir or below it.
func under(p, dir string) bool {
	return p == dir || dir == "/" || strings.HasPrefix(p, dir+"/")
}

func parent(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return "/"
	}
	return p[:i]
}

func setNode(nodes map[string][]byte, p string, v []byte) {
	for q := parent(p); ; q = parent(q) {
		if _, ok := nodes[q]; ok {
			break
		}
		nodes[q] = []byte{}
	}
	nodes[p] = v
}

func children(nodes map[string][]byte, p string) []string {
	var names []string
	for q := range nodes {
		if q != "/" && parent(q) == p {
			names = append(names, q[len(strings.TrimSuffix(p, "/"))+1:])
		}
	}
	sort.Strings(names)
	return names
}

func (s *fakeServer) handle(h Header, payload []byte) {
	if s.hook != nil {
		if raw, ok := s.hook(h, payload); ok {
			s.out = append(s.out, raw...)
			return
		}
	}
	str := parseStrings(payload)
	arg := func(i int) string {
		if i < len(str) {
			return str[i]
		}
		return ""
	}
	path := arg(0)
	if path != "" && path[0] != '/' && path[0] != '@' {
		path = "/local/domain/7/" + path
	}
	path = strings.TrimSuffix(path, "/")
	if path == "" {
		path = "/"
	}

	nodes := s.nodes
	var tx *fakeTx
	if h.TxID != 0 {
		if tx = s.txs[h.TxID]; tx == nil {
			s.replyErr(h, "ENOENT")
			return
		}
		nodes = tx.nodes
	}
	// changed records a change for watches: now, or at commit.
	changed := func(p string, removed bool) {
		if tx != nil {
			tx.changed = append(tx.changed, p)
			return
		}
		s.gen++
		s.fire(p, removed)
	}

	switch h.Type {
	case hypercall.XSGetPerms:
		if _, ok := nodes[path]; !ok {
			s.replyErr(h, "ENOENT")
			return
		}
		if p, ok := s.perms[path]; ok {
			s.reply(h, p)
			return
		}
		s.reply(h, cstr("n7"))
	case hypercall.XSSetPerms:
		i := strings.IndexByte(string(payload), 0)
		if _, ok := nodes[path]; !ok || i < 0 {
			s.replyErr(h, "ENOENT")
			return
		}
		if s.perms == nil {
			s.perms = map[string][]byte{}
		}
		s.perms[path] = append([]byte{}, payload[i+1:]...)
		s.reply(h, cstr("OK"))
	case hypercall.XSRead:
		v, ok := nodes[path]
		if !ok {
			s.replyErr(h, "ENOENT")
			return
		}
		s.reply(h, v)
	case hypercall.XSWrite:
		i := strings.IndexByte(string(payload), 0)
		if i < 0 {
			s.replyErr(h, "EINVAL")
			return
		}
		setNode(nodes, path, append([]byte{}, payload[i+1:]...))
		s.reply(h, cstr("OK"))
		changed(path, false)
	case hypercall.XSMkdir:
		if _, ok := nodes[path]; !ok {
			setNode(nodes, path, []byte{})
			changed(path, false)
		}
		s.reply(h, cstr("OK"))
	case hypercall.XSRm:
		if _, ok := nodes[path]; !ok || path == "/" {
			s.replyErr(h, "ENOENT")
			return
		}
		for q := range nodes {
			if under(q, path) {
				delete(nodes, q)
			}
		}
		s.reply(h, cstr("OK"))
		changed(path, true)
	case hypercall.XSDirectory:
		if _, ok := nodes[path]; !ok {
			s.replyErr(h, "ENOENT")
			return
		}
		var b []byte
		for _, n := range children(nodes, path) {
			b = append(b, cstr(n)...)
		}
		if len(b) > hypercall.XenstorePayloadMax {
			s.replyErr(h, "E2BIG")
			return
		}
		s.reply(h, b)
	case hypercall.XSDirectoryPart:
		if _, ok := nodes[path]; !ok {
			s.replyErr(h, "ENOENT")
			return
		}
		off, _ := strconv.Atoi(arg(1))
		b := cstr(strconv.FormatUint(s.gen, 16))
		// Whole names from off on, leaving room for the final extra NUL;
		// only those are copied, so a huge directory costs little per part.
		pos, all := 0, true
		for _, n := range children(nodes, path) {
			if pos >= off {
				if len(b)+len(n)+2 > hypercall.XenstorePayloadMax {
					all = false
					break
				}
				b = append(b, cstr(n)...)
			}
			pos += len(n) + 1
		}
		if all {
			b = append(b, 0)
		}
		s.reply(h, b)
	case hypercall.XSGetDomainPath:
		s.reply(h, cstr("/local/domain/"+arg(0)))
	case hypercall.XSWatch:
		for _, w := range s.watches {
			if w.path == arg(0) && w.token == arg(1) {
				s.replyErr(h, "EEXIST")
				return
			}
		}
		s.watches = append(s.watches, fakeWatch{arg(0), arg(1)})
		s.reply(h, cstr("OK"))
		s.event(arg(0), arg(1)) // xenstored fires every new watch once
	case hypercall.XSUnwatch:
		for i, w := range s.watches {
			if w.path == arg(0) && w.token == arg(1) {
				s.watches = append(s.watches[:i], s.watches[i+1:]...)
				s.reply(h, cstr("OK"))
				return
			}
		}
		s.replyErr(h, "ENOENT")
	case hypercall.XSTransactionStart:
		s.nextTx++
		t := &fakeTx{nodes: make(map[string][]byte, len(s.nodes)), gen: s.gen}
		for k, v := range s.nodes {
			t.nodes[k] = v
		}
		s.txs[s.nextTx] = t
		h.TxID = 0
		s.reply(h, cstr(strconv.FormatUint(uint64(s.nextTx), 10)))
	case hypercall.XSTransactionEnd:
		if tx == nil {
			s.replyErr(h, "ENOENT")
			return
		}
		delete(s.txs, h.TxID)
		if arg(0) == "T" {
			s.commits++
			if s.conflicts > 0 || s.gen != tx.gen {
				if s.conflicts > 0 {
					s.conflicts--
				}
				s.replyErr(h, "EAGAIN")
				return
			}
			s.nodes = tx.nodes
			s.gen++
			s.reply(h, cstr("OK"))
			for _, p := range tx.changed {
				s.fire(p, false)
			}
			return
		}
		s.reply(h, cstr("OK"))
	default:
		s.replyErr(h, "ENOSYS")
	}
}
