// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vchan

import (
	"errors"
	"io"
	"testing"
	"time"
)

// TestSuspendInPlace: a suspend cancelled (xl save -c) holds a Write
// back while the domain is away, and the stream carries on after it.
func TestSuspendInPlace(t *testing.T) {
	p := newPair(t, 1<<12, 1<<12)
	defer p.close(t)
	f := follower{p.client}
	if err := f.Suspend(); err != nil {
		t.Fatal(err)
	}
	wrote := make(chan error, 1)
	go func() {
		_, err := p.client.Write([]byte("after"))
		wrote <- err
	}()
	select {
	case err := <-wrote:
		t.Fatalf("Write ran during the suspend: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	f.Resume(false)
	if err := <-wrote; err != nil {
		t.Fatalf("Write after the resume: %v", err)
	}
	got := make([]byte, 5)
	if _, err := io.ReadFull(p.server, got); err != nil || string(got) != "after" {
		t.Fatalf("server read %q, %v", got, err)
	}
}

// TestSuspendMoved: in a new domain the connection is over: a Read
// blocked before the suspend wakes with ErrMoved, later calls fail with
// it, and Close frees only what the new domain has.
func TestSuspendMoved(t *testing.T) {
	p := newPair(t, 1<<12, 1<<12)
	var tornDown []bool
	p.client.teardown = func(moved bool) error {
		tornDown = append(tornDown, moved)
		return nil
	}
	read := make(chan error, 1)
	go func() {
		_, err := p.client.Read(make([]byte, 10))
		read <- err
	}()
	time.Sleep(20 * time.Millisecond) // let it block
	f := follower{p.client}
	if err := f.Suspend(); err != nil {
		t.Fatal(err)
	}
	f.Resume(true)
	select {
	case err := <-read:
		if !errors.Is(err, ErrMoved) {
			t.Fatalf("blocked Read returned %v, want ErrMoved", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a blocked Read did not wake after the move")
	}
	if _, err := p.client.Write([]byte("x")); !errors.Is(err, ErrMoved) {
		t.Fatalf("Write after the move = %v, want ErrMoved", err)
	}
	if err := p.client.Accept(); !errors.Is(err, ErrMoved) {
		t.Fatalf("Accept after the move = %v, want ErrMoved", err)
	}
	done := make(chan error, 1)
	go func() { done <- p.client.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Close after the move: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close after the move did not return")
	}
	if len(tornDown) != 1 || !tornDown[0] {
		t.Fatalf("teardown calls %v, want one for a move", tornDown)
	}
	// The other end saw no goodbye: the moved one never wrote to the
	// pages again.
	if p.server.peerLive() == liveGone {
		t.Fatal("the moved end wrote its goodbye to pages it no longer has")
	}
	p.server.SetDeadline(time.Now().Add(10 * time.Millisecond))
	p.server.Close()
}
