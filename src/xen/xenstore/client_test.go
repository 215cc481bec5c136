// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The internal tests run on linux: on xen, os imports this package (for
// xen/mount), and testing imports os.
//go:build !xen

package xenstore

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xen/hypercall"
)

func TestRoundTrip(t *testing.T) {
	_, c := newFake(t)
	if err := c.Write("/local/domain/7/name", []byte("guest")); err != nil {
		t.Fatal(err)
	}
	v, err := c.Read("/local/domain/7/name")
	if err != nil || string(v) != "guest" {
		t.Fatalf("Read = %q, %v", v, err)
	}
	// Relative paths are the domain's home, resolved by xenstored.
	if v, err := c.Read("name"); err != nil || string(v) != "guest" {
		t.Fatalf("relative Read = %q, %v", v, err)
	}
	if err := c.Write("/a/b", []byte("bin\x00ary")); err != nil {
		t.Fatal(err)
	}
	if v, _ := c.Read("/a/b"); string(v) != "bin\x00ary" {
		t.Fatalf("value with NUL read back as %q", v)
	}
	if err := c.Mkdir("/a/c"); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Read("/a/c"); err != nil || len(v) != 0 {
		t.Fatalf("Read of new dir = %q, %v", v, err)
	}
	names, err := c.Directory("/a")
	if err != nil || strings.Join(names, ",") != "b,c" {
		t.Fatalf("Directory = %q, %v", names, err)
	}
	if names, err := c.Directory("/a/b"); err != nil || len(names) != 0 {
		t.Fatalf("Directory of leaf = %q, %v", names, err)
	}
	if err := c.Remove("/a"); err != nil {
		t.Fatal(err)
	}
	_, err = c.Read("/a/b")
	var xe *Error
	if !errors.Is(err, ErrNotExist) || !errors.As(err, &xe) || xe.Name != "ENOENT" || xe.Op != "read" || xe.Path != "/a/b" {
		t.Fatalf("Read of removed node: %v", err)
	}
	if got := err.Error(); got != "xenstore read /a/b: ENOENT" {
		t.Errorf("error text %q", got)
	}
	if p, err := c.GetDomainPath(3); err != nil || p != "/local/domain/3" {
		t.Fatalf("GetDomainPath = %q, %v", p, err)
	}
	for _, bad := range []string{"", "/x\x00y"} {
		if _, err := c.Read(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("Read(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
}

func TestConcurrent(t *testing.T) {
	_, c := newFake(t)
	const workers, rounds = 64, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for g := 0; g < workers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "/conc/" + strconv.Itoa(g)
			for i := 0; i < rounds; i++ {
				// Vary the size so messages straddle the ring's end.
				want := strings.Repeat(strconv.Itoa(g)+"-"+strconv.Itoa(i)+";", 1+(g*i)%50)
				if err := c.Write(path, []byte(want)); err != nil {
					errs <- err
					return
				}
				got, err := c.Read(path)
				if err != nil || string(got) != want {
					errs <- errors.New(path + ": read back " + strconv.Quote(string(got)) + " want " + strconv.Quote(want))
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	names, err := c.Directory("/conc")
	if err != nil || len(names) != workers {
		t.Fatalf("Directory = %d names, %v", len(names), err)
	}
}

func TestLargeValue(t *testing.T) {
	_, c := newFake(t)
	path := "/big"
	value := make([]byte, hypercall.XenstorePayloadMax-len(path)-1) // the largest that fits
	for i := range value {
		value[i] = byte(i*7 + i>>8)
	}
	for i := 0; i < 3; i++ { // repeat so the indices wrap at varied offsets
		if err := c.Write(path, value); err != nil {
			t.Fatal(err)
		}
		got, err := c.Read(path)
		if err != nil || !bytes.Equal(got, value) {
			t.Fatalf("large value: len %d, err %v", len(got), err)
		}
	}
	err := c.Write(path, append(value, 'x'))
	var xe *Error
	if !errors.Is(err, ErrTooBig) || !errors.As(err, &xe) || xe.Op != "write" {
		t.Fatalf("oversized Write = %v, want E2BIG", err)
	}
	if v, _ := c.Read(path); !bytes.Equal(v, value) {
		t.Fatal("oversized write changed the node")
	}
}

// TestTrickle has the server deliver replies one byte per wake, so every
// message is reassembled from many pieces.
func TestTrickle(t *testing.T) {
	s, c := newFake(t)
	s.mu.Lock()
	s.rspChunk = 1
	s.mu.Unlock()
	value := bytes.Repeat([]byte("0123456789"), 150)
	if err := c.Write("/t", value); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Read("/t"); err != nil || !bytes.Equal(v, value) {
		t.Fatalf("Read = %d bytes, %v", len(v), err)
	}
}

func TestDirectoryParts(t *testing.T) {
	s, c := newFake(t)
	var want []string
	s.mu.Lock()
	for i := 0; i < 400; i++ { // ~10 KB of names: too big for one reply
		n := "child-with-a-longish-name-" + strconv.Itoa(1000+i)
		want = append(want, n)
		setNode(s.nodes, "/many/"+n, []byte{})
	}
	s.mu.Unlock()
	got, err := c.Directory("/many")
	if err != nil || strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("Directory = %d names, %v", len(got), err)
	}
}

func nextEvent(t *testing.T, w *Watch) WatchEvent {
	t.Helper()
	select {
	case ev, ok := <-w.C:
		if !ok {
			t.Fatal("watch channel closed")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no watch event")
	}
	panic("unreachable")
}

func noEvent(t *testing.T, w *Watch) {
	t.Helper()
	select {
	case ev := <-w.C:
		t.Fatalf("unexpected event %+v", ev)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestWatch(t *testing.T) {
	_, c := newFake(t)
	w, err := c.Watch("/dev", "tok")
	if err != nil {
		t.Fatal(err)
	}
	if ev := nextEvent(t, w); ev != (WatchEvent{"/dev", "tok"}) {
		t.Fatalf("initial event %+v", ev)
	}
	c.Write("/dev/vif/0/state", []byte("1"))
	if ev := nextEvent(t, w); ev != (WatchEvent{"/dev/vif/0/state", "tok"}) {
		t.Fatalf("event %+v", ev)
	}
	c.Write("/other", []byte("x"))
	noEvent(t, w)

	if _, err := c.Watch("/x", "tok"); !errors.Is(err, ErrExist) {
		t.Fatalf("duplicate token: %v", err)
	}
	w2, err := c.Watch("/dev/vif", "") // client-chosen token
	if err != nil || w2.Token == "" || w2.Token == "tok" {
		t.Fatalf("auto token %q, %v", w2.Token, err)
	}
	nextEvent(t, w2)
	c.Remove("/dev/vif")
	if ev := nextEvent(t, w); ev.Path != "/dev/vif" {
		t.Fatalf("rm event %+v", ev)
	}
	if ev := nextEvent(t, w2); ev.Path != "/dev/vif" || ev.Token != w2.Token {
		t.Fatalf("rm event %+v", ev)
	}

	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-w.C; ok {
		t.Fatal("channel open after Close")
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	c.Write("/dev/vif/z", []byte("1"))
	if ev := nextEvent(t, w2); ev.Path != "/dev/vif/z" { // still routed
		t.Fatalf("event %+v", ev)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	for range w2.C { // drained, then closed by the client
	}
	if c.Dropped() != 0 {
		t.Errorf("Dropped = %d", c.Dropped())
	}
}

// TestWatchOverflow checks that a watcher that never reads costs events,
// not progress: the reader goroutine keeps serving replies.
func TestWatchOverflow(t *testing.T) {
	_, c := newFake(t)
	w, err := c.Watch("/flood", "f")
	if err != nil {
		t.Fatal(err)
	}
	const n = watchQueue + 50
	for i := 0; i < n; i++ {
		if err := c.Write("/flood/x", []byte(strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Read("/flood/x"); err != nil { // events before this reply are delivered
		t.Fatal(err)
	}
	if got := w.Dropped(); got != n+1-watchQueue {
		t.Fatalf("Dropped = %d, want %d", got, n+1-watchQueue)
	}
	if len(w.C) != watchQueue {
		t.Fatalf("queued %d", len(w.C))
	}
}

func TestTransaction(t *testing.T) {
	s, c := newFake(t)
	c.Write("/tx/a", []byte("1"))
	tx, err := c.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Write("/tx/b", []byte("2")); err != nil {
		t.Fatal(err)
	}
	if v, err := tx.Read("/tx/b"); err != nil || string(v) != "2" {
		t.Fatalf("tx Read = %q, %v", v, err)
	}
	if _, err := c.Read("/tx/b"); !errors.Is(err, ErrNotExist) {
		t.Fatalf("uncommitted write visible: %v", err)
	}
	if names, err := tx.Directory("/tx"); err != nil || len(names) != 2 {
		t.Fatalf("tx Directory = %q, %v", names, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if v, err := c.Read("/tx/b"); err != nil || string(v) != "2" {
		t.Fatalf("committed Read = %q, %v", v, err)
	}
	if err := tx.Commit(); err != ErrTxDone {
		t.Fatalf("second Commit = %v", err)
	}
	if _, err := tx.Read("/tx/b"); err != ErrTxDone {
		t.Fatalf("Read after Commit = %v", err)
	}

	// A write by someone else makes the commit conflict.
	tx, _ = c.Begin()
	tx.Write("/tx/a", []byte("mine"))
	c.Write("/tx/a", []byte("theirs"))
	if err := tx.Commit(); !errors.Is(err, ErrAgain) {
		t.Fatalf("conflicting Commit = %v", err)
	}
	if v, _ := c.Read("/tx/a"); string(v) != "theirs" {
		t.Fatalf("conflicting commit applied: %q", v)
	}

	tx, _ = c.Begin()
	tx.Remove("/tx/a")
	tx.Mkdir("/tx/d")
	if err := tx.Abort(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Read("/tx/a"); err != nil {
		t.Fatalf("aborted remove applied: %v", err)
	}
	_ = s
}

func TestUpdateRetry(t *testing.T) {
	s, c := newFake(t)
	c.Write("/counter", []byte("0"))
	s.mu.Lock()
	s.conflicts = 3
	s.mu.Unlock()
	runs := 0
	err := c.Update(func(tx *Tx) error {
		runs++
		v, err := tx.Read("/counter")
		if err != nil {
			return err
		}
		n, _ := strconv.Atoi(string(v))
		return tx.Write("/counter", []byte(strconv.Itoa(n+1)))
	})
	if err != nil || runs != 4 {
		t.Fatalf("Update = %v after %d runs, want nil after 4", err, runs)
	}
	if v, _ := c.Read("/counter"); string(v) != "1" {
		t.Fatalf("counter = %q", v)
	}

	// Concurrent increments all land, whatever the conflicts.
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				err := c.Update(func(tx *Tx) error {
					v, err := tx.Read("/counter")
					if err != nil {
						return err
					}
					n, _ := strconv.Atoi(string(v))
					return tx.Write("/counter", []byte(strconv.Itoa(n+1)))
				})
				if err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if v, _ := c.Read("/counter"); string(v) != "41" {
		t.Fatalf("counter = %q, want 41", v)
	}

	// Give up after UpdateAttempts conflicts.
	s.mu.Lock()
	s.conflicts, s.commits = 1000, 0
	s.mu.Unlock()
	err = c.Update(func(tx *Tx) error { return tx.Write("/counter", []byte("x")) })
	s.mu.Lock()
	commits := s.commits
	s.mu.Unlock()
	if !errors.Is(err, ErrAgain) || commits != UpdateAttempts {
		t.Fatalf("Update = %v after %d commits", err, commits)
	}

	// An error from fn aborts the transaction and is returned as is.
	boom := errors.New("boom")
	s.mu.Lock()
	s.conflicts, s.commits = 0, 0
	s.mu.Unlock()
	err = c.Update(func(tx *Tx) error {
		tx.Write("/counter", []byte("y"))
		return boom
	})
	if err != boom {
		t.Fatalf("Update = %v, want boom", err)
	}
	if v, _ := c.Read("/counter"); string(v) != "41" {
		t.Fatalf("aborted update applied: %q", v)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.commits != 0 || len(s.txs) != 0 {
		t.Fatalf("commits %d, open transactions %d", s.commits, len(s.txs))
	}
}

func TestClose(t *testing.T) {
	s, c := newFake(t)
	s.mu.Lock()
	s.hook = func(h Header, p []byte) ([]byte, bool) { return nil, h.Type == hypercall.XSRead } // reads hang
	s.mu.Unlock()
	w, err := c.Watch("/w", "w")
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error)
	go func() {
		_, err := c.Read("/hang")
		errc <- err
	}()
	time.Sleep(20 * time.Millisecond)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != ErrClosed {
		t.Fatalf("pending Read = %v, want ErrClosed", err)
	}
	for range w.C {
	}
	if err := w.Close(); err != nil {
		t.Fatalf("Watch.Close after Client.Close = %v", err)
	}
	if err := c.Write("/x", nil); err != ErrClosed {
		t.Fatalf("Write after Close = %v", err)
	}
	if _, err := c.Watch("/x", ""); err != ErrClosed {
		t.Fatalf("Watch after Close = %v", err)
	}
	if c.Err() != ErrClosed || c.Close() != nil {
		t.Fatal("Err/second Close")
	}
}

func TestNilPage(t *testing.T) {
	conn := newFakeConn()
	conn.page = nil
	if _, err := NewClient(conn); err == nil {
		t.Fatal("NewClient accepted a transport without a page")
	}
}

// hookOnce makes the server answer the next request of type typ with
// whatever raw returns, and serve the rest normally.
func hookOnce(s *fakeServer, typ hypercall.XSMsgType, raw func(h Header) []byte) {
	var used atomic.Bool
	s.mu.Lock()
	s.hook = func(h Header, p []byte) ([]byte, bool) {
		if h.Type != typ || used.Swap(true) {
			return nil, false
		}
		return raw(h), true
	}
	s.mu.Unlock()
}

// TestMalformedRecoverable covers bad replies the client survives.
func TestMalformedRecoverable(t *testing.T) {
	s, c := newFake(t)
	c.Write("/ok", []byte("v"))

	// A reply to nobody is dropped and counted.
	s.inject(msg(hypercall.XSRead, 0xdead, 0, []byte("stray")))
	if v, err := c.Read("/ok"); err != nil || string(v) != "v" {
		t.Fatalf("Read after stray reply = %q, %v", v, err)
	}
	if c.Dropped() != 1 {
		t.Fatalf("Dropped = %d", c.Dropped())
	}

	// Reply of the wrong type.
	hookOnce(s, hypercall.XSRead, func(h Header) []byte { return msg(hypercall.XSWrite, h.ReqID, 0, cstr("OK")) })
	if _, err := c.Read("/ok"); !errors.Is(err, ErrProtocol) {
		t.Fatalf("wrong reply type: %v", err)
	}

	// Unknown errno name: still an error, name kept.
	hookOnce(s, hypercall.XSRead, func(h Header) []byte { return msg(hypercall.XSError, h.ReqID, 0, cstr("EWHAT")) })
	_, err := c.Read("/ok")
	var xe *Error
	if !errors.As(err, &xe) || xe.Name != "EWHAT" || xe.Err != nil {
		t.Fatalf("unknown errno: %v", err)
	}
	// Empty and oversized error names.
	hookOnce(s, hypercall.XSRead, func(h Header) []byte { return msg(hypercall.XSError, h.ReqID, 0, nil) })
	if _, err := c.Read("/ok"); !errors.As(err, &xe) || xe.Name == "" {
		t.Fatalf("empty errno: %v", err)
	}
	hookOnce(s, hypercall.XSRead, func(h Header) []byte { return msg(hypercall.XSError, h.ReqID, 0, bytes.Repeat([]byte("E"), 4000)) })
	if _, err := c.Read("/ok"); !errors.As(err, &xe) || len(xe.Name) > 32 {
		t.Fatalf("long errno: %v", err)
	}

	// Bad transaction ids.
	for _, id := range []string{"abc", "0", "", "99999999999"} {
		hookOnce(s, hypercall.XSTransactionStart, func(h Header) []byte { return msg(hypercall.XSTransactionStart, h.ReqID, 0, cstr(id)) })
		if _, err := c.Begin(); !errors.Is(err, ErrProtocol) {
			t.Fatalf("transaction id %q: %v", id, err)
		}
	}

	// Bad directory parts: no generation, and no progress.
	hostileParts(s, func(int, string) []byte { return nil })
	if _, err := c.Directory("/"); !errors.Is(err, ErrProtocol) {
		t.Fatalf("empty directory part: %v", err)
	}
	hostileParts(s, func(int, string) []byte { return cstr("1") })
	if _, err := c.Directory("/"); !errors.Is(err, ErrProtocol) {
		t.Fatalf("stuck directory part: %v", err)
	}
	// A generation that keeps changing gives up with EAGAIN.
	hostileParts(s, func(n int, _ string) []byte { return append(cstr(strconv.Itoa(n)), cstr("a")...) })
	if _, err := c.Directory("/"); !errors.Is(err, ErrAgain) {
		t.Fatalf("changing directory: %v", err)
	}
	s.mu.Lock()
	s.hook = nil
	s.mu.Unlock()

	// Malformed and unroutable watch events are dropped.
	before := c.Dropped()
	s.inject(msg(hypercall.XSWatchEvent, 0, 0, []byte("only-a-path")))
	s.inject(msg(hypercall.XSWatchEvent, 0, 0, append(cstr("/p"), cstr("nobody")...)))
	s.inject(msg(hypercall.XSWatchEvent, 0, 0, nil))
	if v, err := c.Read("/ok"); err != nil || string(v) != "v" {
		t.Fatalf("Read after bad events = %q, %v", v, err)
	}
	if got := c.Dropped() - before; got != 3 {
		t.Fatalf("dropped %d events, want 3", got)
	}
	if c.Err() != nil {
		t.Fatalf("client broken: %v", c.Err())
	}
}

// TestMalformedFatal covers replies after which the byte stream cannot be
// trusted: the client stops, and every call fails instead of hanging.
func TestMalformedFatal(t *testing.T) {
	cases := []struct {
		name    string
		corrupt func(s *fakeServer)
		want    error
	}{
		{"length over 4096", func(s *fakeServer) {
			hookOnce(s, hypercall.XSRead, func(h Header) []byte {
				m := msg(hypercall.XSRead, h.ReqID, 0, nil)
				putUint32(m[12:], hypercall.XenstorePayloadMax+1)
				return m
			})
		}, ErrProtocol},
		{"length 0xffffffff", func(s *fakeServer) {
			hookOnce(s, hypercall.XSRead, func(h Header) []byte {
				m := msg(hypercall.XSRead, h.ReqID, 0, nil)
				putUint32(m[12:], 0xffffffff)
				return m
			})
		}, ErrProtocol},
		{"rsp_prod far ahead", func(s *fakeServer) {
			hookOnce(s, hypercall.XSRead, func(h Header) []byte {
				p := s.conn.page
				atomic.StoreUint32((*uint32)(&p.RspProd), atomic.LoadUint32((*uint32)(&p.RspCons))+hypercall.XenstoreRingSize+1)
				return nil
			})
		}, ErrRingCorrupt},
		{"rsp_prod behind rsp_cons", func(s *fakeServer) {
			hookOnce(s, hypercall.XSRead, func(h Header) []byte {
				p := s.conn.page
				atomic.StoreUint32((*uint32)(&p.RspProd), atomic.LoadUint32((*uint32)(&p.RspCons))-1)
				return nil
			})
		}, ErrRingCorrupt},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newFake(t)
			w, _ := c.Watch("/w", "w")
			tc.corrupt(s)
			kick(s.conn.toClient)
			if _, err := c.Read("/x"); !errors.Is(err, tc.want) {
				t.Fatalf("Read = %v, want %v", err, tc.want)
			}
			if err := c.Write("/x", nil); !errors.Is(err, tc.want) {
				t.Fatalf("later Write = %v, want %v", err, tc.want)
			}
			if !errors.Is(c.Err(), tc.want) {
				t.Fatalf("Err = %v", c.Err())
			}
			for range w.C {
			}
		})
	}
}

// TestHostileRequestIndices corrupts the request ring's consumer index,
// which xenstored owns: the next request must fail, not overrun the ring.
func TestHostileRequestIndices(t *testing.T) {
	for _, delta := range []uint32{hypercall.XenstoreRingSize + 1, 0x80000000, 0xffffffff} {
		s, c := newFake(t)
		c.Write("/x", []byte("1"))
		p := s.conn.page
		s.mu.Lock()
		atomic.StoreUint32((*uint32)(&p.ReqCons), atomic.LoadUint32((*uint32)(&p.ReqProd))-delta)
		s.mu.Unlock()
		if err := c.Write("/x", []byte("2")); !errors.Is(err, ErrRingCorrupt) {
			t.Fatalf("delta %#x: Write = %v", delta, err)
		}
		if _, err := c.Read("/x"); !errors.Is(err, ErrRingCorrupt) {
			t.Fatalf("delta %#x: later Read = %v", delta, err)
		}
	}
}

// TestFullRequestRing makes the server stop consuming so a writer has to
// wait for space, then resumes it.
func TestFullRequestRing(t *testing.T) {
	s, c := newFake(t)
	s.mu.Lock() // the server cannot take requests while we hold this
	done := make(chan error)
	go func() { done <- c.Write("/full", bytes.Repeat([]byte("z"), 3000)) }()
	deadline := time.Now().Add(10 * time.Second)
	p := s.conn.page
	for atomic.LoadUint32((*uint32)(&p.ReqProd))-atomic.LoadUint32((*uint32)(&p.ReqCons)) != hypercall.XenstoreRingSize {
		if time.Now().After(deadline) {
			s.mu.Unlock()
			t.Fatal("request ring never filled")
		}
		time.Sleep(time.Millisecond)
	}
	select {
	case err := <-done:
		s.mu.Unlock()
		t.Fatalf("Write finished with a full ring: %v", err)
	case <-time.After(20 * time.Millisecond):
	}
	s.mu.Unlock()
	kick(s.conn.toServer)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if v, err := c.Read("/full"); err != nil || len(v) != 3000 {
		t.Fatalf("Read = %d bytes, %v", len(v), err)
	}
}
