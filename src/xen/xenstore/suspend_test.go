// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The internal tests run on linux: on xen, os imports this package.

//go:build !xen

package xenstore

import (
	"testing"
	"time"
)

// Suspend waits for an open transaction, holds new requests back until
// Resume, and gives up (opening the gate again) if the transaction
// outlives its wait.
func TestSuspendGate(t *testing.T) {
	_, c := newFake(t)
	tx, err := c.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Suspend(50 * time.Millisecond); err == nil {
		t.Fatal("Suspend returned nil with a transaction open")
	}
	if err := c.Write("/a", []byte("1")); err != nil {
		t.Fatalf("Write after a failed Suspend: %v", err)
	}

	suspended := make(chan error, 1)
	go func() { suspended <- c.Suspend(10 * time.Second) }()
	time.Sleep(20 * time.Millisecond)
	select {
	case err := <-suspended:
		t.Fatalf("Suspend returned %v before the transaction ended", err)
	default:
	}
	if err := tx.Write("/b", []byte("2")); err != nil { // the transaction goes on
		t.Fatal(err)
	}
	if err := tx.Abort(); err != nil { // (a commit would conflict with /a)
		t.Fatal(err)
	}
	if err := <-suspended; err != nil {
		t.Fatalf("Suspend: %v", err)
	}

	wrote := make(chan error, 1)
	go func() { wrote <- c.Write("/c", []byte("3")) }()
	time.Sleep(20 * time.Millisecond)
	select {
	case err := <-wrote:
		t.Fatalf("Write went through a suspend: %v", err)
	default:
	}
	c.Resume(false)
	if err := <-wrote; err != nil {
		t.Fatalf("Write after Resume: %v", err)
	}
}

// After a move, Resume registers every watch again with the new
// xenstored, which knows none.
func TestResumeMovedWatches(t *testing.T) {
	s, c := newFake(t)
	w, err := c.Watch("/control", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	<-w.C // the event of a new watch
	if err := c.Suspend(time.Second); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	s.watches = nil // a new domain's xenstored
	s.mu.Unlock()
	c.Resume(true)
	select {
	case ev := <-w.C:
		if ev.Path != "/control" {
			t.Errorf("event for %q, want /control", ev.Path)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event after Resume: the watch was not registered again")
	}
	if err := c.Write("/control/shutdown", []byte("poweroff")); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-w.C:
		if ev.Path != "/control/shutdown" {
			t.Errorf("event for %q, want /control/shutdown", ev.Path)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no event for a write after Resume")
	}
}
