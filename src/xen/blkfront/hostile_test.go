// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package blkfront

import (
	"bytes"
	"errors"
	"testing"

	"xen/hypercall"
	"xen/internal/ring"
	"xen/internal/ring/ringtest"
)

// TestBadStatus: answers with a wrong operation or an unknown status
// fail their request; the device goes on.
func TestBadStatus(t *testing.T) {
	for _, c := range []struct {
		name    string
		answer  func(q decoded, r response) []response
		counter func(Stats) uint64
	}{
		{"bogus status", func(q decoded, r response) []response {
			r.status = 5
			return []response{r}
		}, func(s Stats) uint64 { return s.BadStatus }},
		{"negative status", func(q decoded, r response) []response {
			r.status = -32768
			return []response{r}
		}, func(s Stats) uint64 { return s.BadStatus }},
		{"wrong operation", func(q decoded, r response) []response {
			r.op = opWrite
			return []response{r}
		}, func(s Stats) uint64 { return s.BadOperation }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, b := newFake(t, fakeSetup{})
			b.answer = c.answer
			buf := make([]byte, 4096)
			if _, err := d.ReadAt(buf, 8192); !errors.Is(err, ErrIO) {
				t.Fatalf("read: %v, want ErrIO", err)
			}
			if n := c.counter(d.Stats()); n != 1 {
				t.Errorf("counter %d, want 1 (stats %+v)", n, d.Stats())
			}
			b.answer = nil
			if _, err := d.ReadAt(buf, 0); err != nil || !bytes.Equal(buf, b.disk[:4096]) {
				t.Fatalf("read after: %v", err)
			}
			if len(d.q.freePages) != len(d.q.grefs) || len(d.q.freeSlots) != len(d.q.slots) || d.q.inFlight != 0 {
				t.Errorf("%d of %d pages and %d of %d slots free, %d in flight",
					len(d.q.freePages), len(d.q.grefs), len(d.q.freeSlots), len(d.q.slots), d.q.inFlight)
			}
		})
	}
}

// TestBrokenBackend: a response that names no request in flight (an
// unknown slot, an old generation, a duplicate) or an rsp_prod beyond
// the requests outstanding means some request will never be answered:
// the device stops, and every request fails instead of hanging. No
// request completes twice.
func TestBrokenBackend(t *testing.T) {
	for _, c := range []struct {
		name    string
		reads   int // in flight together
		answer  func(q decoded, r response, prev *response) []response
		counter func(Stats) uint64
	}{
		{"unknown slot", 1, func(q decoded, r response, _ *response) []response {
			return []response{{id: r.id | 0xff00, op: r.op}}
		}, func(s Stats) uint64 { return s.BadID }},
		{"wrong generation", 1, func(q decoded, r response, _ *response) []response {
			return []response{{id: r.id + 1<<idBits, op: r.op}}
		}, func(s Stats) uint64 { return s.BadID }},
		{"duplicate", 2, func(q decoded, r response, prev *response) []response {
			if prev != nil {
				return []response{*prev}
			}
			return []response{r}
		}, func(s Stats) uint64 { return s.BadID }},
		{"more responses than requests", 1, func(q decoded, r response, _ *response) []response {
			return []response{r, r}
		}, func(s Stats) uint64 { return s.BadRingIndex }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, b := newFake(t, fakeSetup{})
			var prev *response
			b.answer = func(q decoded, r response) []response {
				rs := c.answer(q, r, prev)
				prev = &r
				return rs
			}
			b.setHold(true)
			errs := make(chan error, c.reads)
			for i := range c.reads {
				go func() {
					_, err := d.ReadAt(make([]byte, 512), int64(i)*512)
					errs <- err
				}()
			}
			<-waitRequests(t, b, uint32(c.reads))
			b.release()
			broken := 0
			for range c.reads {
				if err := <-errs; errors.Is(err, ErrBackendBroken) {
					broken++
				} else if err != nil {
					t.Errorf("read: %v", err)
				}
			}
			if broken == 0 {
				t.Errorf("no read failed with ErrBackendBroken")
			}
			if n := c.counter(d.Stats()); n != 1 {
				t.Errorf("counter %d, want 1 (stats %+v)", n, d.Stats())
			}
			if _, err := d.ReadAt(make([]byte, 512), 0); !errors.Is(err, ErrBackendBroken) {
				t.Errorf("read after: %v", err)
			}
			select {
			case <-d.Gone():
			default:
				t.Error("Gone not closed")
			}
		})
	}
}

// TestStaleResponse: an answer to an earlier request in the same slot,
// repeated when the slot is in use again, does not complete the new
// request.
func TestStaleResponse(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	var last *response
	b.answer = func(q decoded, r response) []response {
		if last != nil {
			if last.id&(1<<idBits-1) != r.id&(1<<idBits-1) {
				t.Errorf("slot not reused: %x then %x", last.id, r.id)
			}
			return []response{*last}
		}
		last = &r
		return []response{r}
	}
	buf := make([]byte, 512)
	if _, err := d.ReadAt(buf, 0); err != nil || !bytes.Equal(buf, b.disk[:512]) {
		t.Fatalf("first read: %v", err)
	}
	if _, err := d.ReadAt(buf, 512); !errors.Is(err, ErrBackendBroken) {
		t.Fatalf("read answered by a stale response: %v", err)
	}
	if s := d.Stats(); s.BadID != 1 {
		t.Errorf("BadID %d, want 1", s.BadID)
	}
}

// TestProducerJump: an rsp_prod far beyond the requests outstanding
// stops the device at once; nothing is consumed.
func TestProducerJump(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	b.setHold(true)
	done := make(chan error)
	go func() {
		_, err := d.ReadAt(make([]byte, 512), 0)
		done <- err
	}()
	<-waitRequests(t, b, 1)
	b.ring.SetRspProd(b.ring.RspProd + 1000)
	b.port.Notify()
	if err := <-done; !errors.Is(err, ErrBackendBroken) {
		t.Fatalf("read: %v", err)
	}
	if s := d.Stats(); s.BadRingIndex != 1 || d.q.ring.RspCons != 0 {
		t.Errorf("BadRingIndex %d, consumed %d", s.BadRingIndex, d.q.ring.RspCons)
	}
}

// TestIndirectResponseOp: an indirect request may be answered with
// BLKIF_OP_INDIRECT (copied from the request) or its inner operation.
func TestIndirectResponseOp(t *testing.T) {
	d, b := newFake(t, fakeSetup{disk: disk{features: Features{MaxIndirectSegments: 32}}})
	b.answer = func(q decoded, r response) []response {
		r.op = q.op
		return []response{r}
	}
	if _, err := d.ReadAt(make([]byte, 20*pageSize), 0); err != nil {
		t.Fatal(err)
	}
	if s := d.Stats(); s.Indirect != 1 || s.BadOperation != 0 {
		t.Errorf("stats %+v", s)
	}
}

// TestResponseBeforePush: a response naming a reserved request not yet
// on the ring is refused.
func TestResponseBeforePush(t *testing.T) {
	var c counters
	pages := make([]byte, pageSize)
	f := ring.NewFront(pages, entrySize)
	q := newQueue(f, 0, make([]byte, 4*pageSize), []uint32{8, 9, 10, 11}, 3, &c)
	p := q.reserve(opRead, 512)
	if err := q.complete(response{id: p.id, op: opRead}); !errors.Is(err, ErrBackendBroken) || c.badID.Load() != 1 {
		t.Fatalf("response to a request not yet pushed: %v", err)
	}
	q.push(p, 0, 0, false)
	back := ringtest.NewBack(pages, entrySize)
	response{id: p.id, op: opRead, status: hypercall.BlkifRspOkay}.put(back.Entry(0))
	back.RspProd = 1
	back.Push()
	if done, err := q.reap(); !done || err != nil {
		t.Fatalf("response not taken: %v", err)
	}
	if err := <-p.done; err != nil {
		t.Fatal(err)
	}
}
