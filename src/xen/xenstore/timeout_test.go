// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package xenstore

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xen/hypercall"
)

// within runs f and fails the test if it has not returned after 5 s: the
// bug these tests guard against is a call that never returns.
func within(t *testing.T, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Fatalf("%s still blocked after 5s", what)
		return nil
	}
}

// withhold makes the server swallow reads of path, recording their ids.
func withhold(s *fakeServer, path string) *[]uint32 {
	var ids []uint32
	s.mu.Lock()
	s.hook = func(h Header, p []byte) ([]byte, bool) {
		if h.Type != hypercall.XSRead || firstString(p) != path {
			return nil, false
		}
		ids = append(ids, h.ReqID)
		return nil, true
	}
	s.mu.Unlock()
	return &ids
}

func wantDeadline(t *testing.T, err error, op, path string) {
	t.Helper()
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("%s %s = %v, want os.ErrDeadlineExceeded", op, path, err)
	}
	if msg := err.Error(); !strings.Contains(msg, op) || !strings.Contains(msg, path) {
		t.Fatalf("timeout error %q does not name %s and %s", msg, op, path)
	}
}

func TestTimeoutDefault(t *testing.T) {
	s, c := newFake(t)
	if DefaultTimeout != 30*time.Second || c.Timeout() != DefaultTimeout {
		t.Fatalf("Timeout = %v, DefaultTimeout = %v", c.Timeout(), DefaultTimeout)
	}
	// No limit: a call waits until the client is closed.
	c.SetTimeout(0)
	withhold(s, "/hang")
	errc := make(chan error, 1)
	go func() {
		_, err := c.Read("/hang")
		errc <- err
	}()
	select {
	case err := <-errc:
		t.Fatalf("Read without a limit returned %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	c.Close()
	if err := <-errc; err != ErrClosed {
		t.Fatalf("Read = %v, want ErrClosed", err)
	}
}

// TestTimeoutNoReply: a backend that never answers costs the caller its
// timeout, and the reply that turns up late is dropped, not handed to the
// next call.
func TestTimeoutNoReply(t *testing.T) {
	s, c := newFake(t)
	c.Write("/ok", []byte("v"))
	c.SetTimeout(100 * time.Millisecond)
	ids := withhold(s, "/hang")
	start := time.Now()
	err := within(t, "Read", func() error { _, err := c.Read("/hang"); return err })
	wantDeadline(t, err, "read", "/hang")
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Fatalf("timed out after %v", d)
	}
	if c.Err() != nil {
		t.Fatalf("client stopped: %v", c.Err())
	}

	// The next read is answered with the stale reply first, then its own.
	s.mu.Lock()
	stale := (*ids)[0]
	s.hook = func(h Header, p []byte) ([]byte, bool) {
		if h.Type != hypercall.XSRead {
			return nil, false
		}
		return append(msg(hypercall.XSRead, stale, 0, []byte("stale")), msg(hypercall.XSRead, h.ReqID, 0, []byte("fresh"))...), true
	}
	s.mu.Unlock()
	before := c.Dropped()
	var v []byte
	err = within(t, "second Read", func() (err error) { v, err = c.Read("/ok"); return err })
	if err != nil || string(v) != "fresh" {
		t.Fatalf("Read after a timeout = %q, %v", v, err)
	}
	if got := c.Dropped() - before; got != 1 {
		t.Fatalf("Dropped grew by %d, want 1", got)
	}
}

// TestTimeoutOps: every kind of call is bounded, and its error names it.
func TestTimeoutOps(t *testing.T) {
	s, c := newFake(t)
	c.Write("/n", []byte("1"))
	c.SetTimeout(50 * time.Millisecond)
	s.mu.Lock()
	s.hook = func(h Header, p []byte) ([]byte, bool) { return nil, true } // silence
	s.mu.Unlock()
	cases := []struct {
		op, path string
		f        func() error
	}{
		{"write", "/n", func() error { return c.Write("/n", nil) }},
		{"directory", "/n", func() error { _, err := c.Directory("/n"); return err }},
		{"get_perms", "/n", func() error { _, err := c.GetPerms("/n"); return err }},
		{"watch", "/n", func() error { _, err := c.Watch("/n", "tok"); return err }},
		{"transaction_start", "", func() error { _, err := c.Begin(); return err }},
		{"get_domain_path", "3", func() error { _, err := c.GetDomainPath(3); return err }},
	}
	for _, tc := range cases {
		wantDeadline(t, within(t, tc.op, tc.f), tc.op, tc.path)
	}
	// The timed-out watch was forgotten: its token is free again.
	s.mu.Lock()
	s.hook = nil
	s.mu.Unlock()
	w, err := c.Watch("/n", "tok")
	if err != nil {
		t.Fatalf("Watch after a timed-out one: %v", err)
	}
	nextEvent(t, w)
}

// TestTimeoutSend: a backend that stops consuming requests bounds the
// writer too. A message cut short by the deadline is finished later, so
// the request stream stays intact.
func TestTimeoutSend(t *testing.T) {
	s, c := newFake(t)
	c.SetTimeout(100 * time.Millisecond)
	big := bytes.Repeat([]byte("z"), 3000)
	s.mu.Lock() // the server cannot take requests while we hold this
	locked := true
	defer func() {
		if locked {
			s.mu.Unlock()
		}
	}()
	err := within(t, "Write to a full ring", func() error { return c.Write("/full", big) })
	wantDeadline(t, err, "write", "/full")
	// The cut-short message still owns the ring: the next call waits its
	// turn and gives up without sending anything.
	err = within(t, "second Write", func() error { return c.Write("/full", []byte("small")) })
	wantDeadline(t, err, "write", "/full")
	locked = false
	s.mu.Unlock()
	kick(s.conn.toServer)

	c.SetTimeout(5 * time.Second)
	var v []byte
	err = within(t, "Read", func() (err error) { v, err = c.Read("/full"); return err })
	if err != nil || !bytes.Equal(v, big) {
		t.Fatalf("Read = %d bytes, %v; want the late write's 3000", len(v), err)
	}
	if c.Dropped() != 1 { // the late write's reply
		t.Fatalf("Dropped = %d, want 1", c.Dropped())
	}
}

// TestTimeoutConcurrent mixes calls that time out with calls that don't,
// then delivers the late replies: none may reach a live call.
func TestTimeoutConcurrent(t *testing.T) {
	s, c := newFake(t)
	c.SetTimeout(50 * time.Millisecond)
	var slow []uint32
	s.mu.Lock()
	s.hook = func(h Header, p []byte) ([]byte, bool) {
		if h.Type == hypercall.XSRead && strings.HasSuffix(firstString(p), "/slow") {
			slow = append(slow, h.ReqID)
			return nil, true
		}
		return nil, false
	}
	s.mu.Unlock()
	var wg sync.WaitGroup
	var timeouts atomic.Int64
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			path := "/c/" + strconv.Itoa(g)
			for i := 0; i < 10; i++ {
				want := strconv.Itoa(g) + "." + strconv.Itoa(i)
				if err := c.Write(path, []byte(want)); err != nil {
					t.Error(err)
					return
				}
				if i%3 == 0 {
					if _, err := c.Read(path + "/slow"); !errors.Is(err, os.ErrDeadlineExceeded) {
						t.Errorf("slow Read = %v", err)
						return
					}
					timeouts.Add(1)
				}
				if v, err := c.Read(path); err != nil || string(v) != want {
					t.Errorf("Read %s = %q, %v; want %q", path, v, err, want)
					return
				}
			}
		}()
	}
	within(t, "callers", func() error { wg.Wait(); return nil })
	s.mu.Lock()
	late := append([]uint32(nil), slow...)
	s.mu.Unlock()
	if int64(len(late)) != timeouts.Load() {
		t.Fatalf("%d slow requests, %d timeouts", len(late), timeouts.Load())
	}
	before := c.Dropped()
	for _, id := range late {
		s.inject(msg(hypercall.XSRead, id, 0, []byte("late")))
	}
	if _, err := c.Read("/c/0"); err != nil {
		t.Fatal(err)
	}
	if got := c.Dropped() - before; got != uint64(len(late)) {
		t.Fatalf("dropped %d late replies, want %d", got, len(late))
	}
}
