// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"xen/hypercall"
)

// frameOf makes a recognisable frame of n bytes.
func frameOf(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

type delivered struct {
	frame []byte
	csum  bool
}

func collector() (func([]byte, bool), chan delivered) {
	ch := make(chan delivered, 1024)
	return func(f []byte, csum bool) { ch <- delivered{bytes.Clone(f), csum} }, ch
}

func waitFrame(t *testing.T, ch chan delivered) delivered {
	t.Helper()
	select {
	case d := <-ch:
		return d
	case <-time.After(10 * time.Second):
		t.Fatal("no frame delivered")
		return delivered{}
	}
}

func TestReceive(t *testing.T) {
	deliver, ch := collector()
	d, b := newFake(t, 9000, 64, true, deliver)
	for i, c := range []struct {
		n, off, chunk int
		flags         uint16
		csum          bool
	}{
		{60, 0, pageSize, 0, false},
		{1514, 0, pageSize, hypercall.NetRxfDataValidated, true},
		{1514, 100, 1000, hypercall.NetRxfCsumBlank | hypercall.NetRxfDataValidated, true}, // two slots
		{9014, 0, pageSize, 0, false},                                                      // three slots
		{maxRxFrame, 0, pageSize, 0, false},
	} {
		f := frameOf(c.n, uint64(i))
		if err := b.inject(f, c.off, c.chunk, c.flags); err != nil {
			t.Fatal(err)
		}
		got := waitFrame(t, ch)
		if !bytes.Equal(got.frame, f) || got.csum != c.csum {
			t.Errorf("frame %d: got %d bytes csum %v, want %d bytes csum %v", i, len(got.frame), got.csum, c.n, c.csum)
		}
	}
	// Many frames: the pages must be posted again and again.
	for i := range 1000 {
		f := frameOf(60+i%1400, uint64(i))
		for b.inject(f, 0, pageSize, 0) != nil {
			time.Sleep(time.Millisecond) // wait for the frontend to repost
		}
		if got := waitFrame(t, ch); !bytes.Equal(got.frame, f) {
			t.Fatalf("frame %d corrupted", i)
		}
	}
	s := d.Stats()
	if s.RxFrames != 1005 || s.RxDropped() != 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestSend(t *testing.T) {
	d, b := newFake(t, 9000, 16, true, nil)
	var want [][]byte
	for i, n := range []int{14, 60, 1514, 4096, 4097, 9014} {
		f := frameOf(n, uint64(i))
		// Split into uneven fragments, including empty ones.
		frags := [][]byte{f[:n/3], {}, f[n/3 : n/2], f[n/2:]}
		if err := d.Send(frags...); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(bytes.Join(frags, nil), f) {
			t.Fatal("Send changed its fragments")
		}
		want = append(want, f)
	}
	got := b.waitSent(t, len(want))
	for i := range want {
		if !bytes.Equal(got[i].data, want[i]) {
			t.Errorf("frame %d: got %d bytes, want %d", i, len(got[i].data), len(want[i]))
		}
	}
	for _, n := range []int{0, 9015} {
		if err := d.Send(make([]byte, n)); !errors.Is(err, ErrFrameSize) {
			t.Errorf("Send(%d bytes) = %v, want ErrFrameSize", n, err)
		}
	}
	if s := d.Stats(); s.TxFrames != 6 || s.TxBytes != 14+60+1514+4096+4097+9014 {
		t.Errorf("stats %+v", s)
	}
}

// TestSendParks fills the ring while the backend is not serving it: the
// next Send sleeps until the backend answers.
func TestSendParks(t *testing.T) {
	d, b := newFake(t, 1500, 16, false, nil)
	for i := range ringSize {
		if err := d.Send(frameOf(60, uint64(i))); err != nil {
			t.Fatal(err)
		}
	}
	sent := make(chan error)
	go func() { sent <- d.Send(frameOf(60, 999)) }()
	select {
	case err := <-sent:
		t.Fatalf("Send on a full ring returned %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	if w := d.Stats().TxWaits; w != 1 {
		t.Errorf("TxWaits %d, want 1: a parked Send must not spin", w)
	}
	b.serveTx()
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	b.serveTx()
	if n := len(b.sentFrames()); n != ringSize+1 {
		t.Errorf("backend got %d frames", n)
	}
}

func TestBackendGone(t *testing.T) {
	d, _ := newFake(t, 1500, 16, false, nil)
	for i := range ringSize {
		d.Send(frameOf(60, uint64(i)))
	}
	sent := make(chan error)
	go func() { sent <- d.Send(frameOf(60, 999)) }()
	time.Sleep(50 * time.Millisecond)
	select {
	case <-d.Gone():
		t.Fatal("Gone closed before the backend went")
	default:
	}
	d.backendGone(ErrBackendGone)
	d.backendGone(ErrBackendGone) // a second report changes nothing
	<-d.Gone()
	if err := <-sent; !errors.Is(err, ErrBackendGone) {
		t.Errorf("parked Send = %v, want ErrBackendGone", err)
	}
	if err := d.Send(frameOf(60, 1)); !errors.Is(err, ErrBackendGone) {
		t.Errorf("Send = %v, want ErrBackendGone", err)
	}
	if err := d.Close(); err != nil {
		t.Errorf("Close = %v", err)
	}
	if err := d.Send(frameOf(60, 1)); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close = %v, want ErrClosed", err)
	}
	if err := d.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close = %v", err)
	}
}

// TestConcurrent sends from many goroutines while frames come in.
func TestConcurrent(t *testing.T) {
	deliver, ch := collector()
	d, b := newFake(t, 1500, 32, true, deliver)
	const senders, each = 8, 300
	var wg sync.WaitGroup
	for s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := d.Send([]byte(fmt.Sprintf("sender %d frame %d ....", s, i))); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	go func() {
		for i := range 500 {
			for b.inject(frameOf(100, uint64(i)), 0, pageSize, 0) != nil {
				time.Sleep(time.Millisecond)
			}
		}
	}()
	for range 500 {
		waitFrame(t, ch)
	}
	wg.Wait()
	deadline := time.Now().Add(10 * time.Second)
	for len(b.sentFrames()) < senders*each && time.Now().Before(deadline) {
		select {
		case <-b.got:
		case <-time.After(10 * time.Millisecond):
		}
	}
	seen := map[string]bool{}
	for _, f := range b.sentFrames() {
		seen[string(f)] = true
	}
	if len(seen) != senders*each {
		t.Errorf("backend got %d distinct frames, want %d", len(seen), senders*each)
	}
}

// TestSendFromDeliver: a Deliver that sends on a full ring parks, and
// wakes when the backend frees pages, though its own goroutine is busy.
func TestSendFromDeliver(t *testing.T) {
	sent := make(chan error, 1)
	var d *Device
	d, b := newFake(t, 1500, 16, false, func(f []byte, _ bool) { sent <- d.Send(f) })
	for i := range ringSize {
		if err := d.Send(frameOf(60, uint64(i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.inject(frameOf(60, 7), 0, pageSize, 0); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	b.serveTx()
	select {
	case err := <-sent:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Send from Deliver never woke")
	}
}
