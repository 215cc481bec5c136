// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"testing"

	"xen/hypercall"
	"xen/internal/ring"
	"xen/internal/ring/ringtest"
)

// rxFixture is a receive queue with all pages posted, driven by hand:
// the test writes responses as a hostile backend would.
type rxFixture struct {
	q      *rxQueue
	ring   *ring.Front
	back   *ringtest.Back // the backend's view, for what a hostile one writes
	c      counters
	frames [][]byte
}

func newRxFixture(nbuf int) *rxFixture {
	f := &rxFixture{}
	page := make([]byte, pageSize)
	f.ring, f.back = ring.NewFront(page, rxEntrySize), ringtest.NewBack(page, rxEntrySize)
	grefs := make([]uint32, nbuf)
	for i := range grefs {
		grefs[i] = uint32(100 + i)
	}
	f.q = newRxQueue(f.ring, make([]byte, nbuf*pageSize), grefs, &f.c)
	f.q.post()
	return f
}

// respond writes a response at ring index i (relative to the ring's
// consumer), filling the page of that slot with the byte 0xab.
func (f *rxFixture) respond(i uint32, r rxResponse) {
	idx := f.ring.RspCons + i
	if b := f.q.slot[idx%ringSize]; b >= 0 {
		page := f.q.pages[int(b)*pageSize : (int(b)+1)*pageSize]
		for j := range page {
			page[j] = 0xab
		}
	}
	r.put(f.ring.Entry(idx))
}

func (f *rxFixture) publish(n uint32) {
	f.back.SetRspProd(f.ring.RspCons + n)
}

func (f *rxFixture) poll() {
	for f.q.poll(func(b []byte, _ bool) { f.frames = append(f.frames, append([]byte(nil), b...)) }) {
	}
}

// accounted checks that every page is either free or posted in exactly
// one outstanding slot.
func (f *rxFixture) accounted(t *testing.T) {
	t.Helper()
	seen := map[int16]bool{}
	for _, b := range f.q.free {
		if seen[b] {
			t.Fatalf("page %d free twice", b)
		}
		seen[b] = true
	}
	for i := f.ring.RspCons; i != f.ring.ReqProd; i++ {
		b := f.q.slot[i%ringSize]
		if b < 0 || seen[b] {
			t.Fatalf("slot %d holds page %d", i%ringSize, b)
		}
		seen[b] = true
	}
	if len(seen) != len(f.q.grefs) {
		t.Fatalf("%d of %d pages accounted for", len(seen), len(f.q.grefs))
	}
}

func TestHostileRx(t *testing.T) {
	more := uint16(hypercall.NetRxfMoreData)
	for _, c := range []struct {
		name    string
		rsps    []rxResponse // id -1 (0xffff) means: the right id
		publish uint32
		counter func(*counters) uint64
		frames  int
	}{
		{"good", []rxResponse{{id: 0xffff, status: 60}}, 1, func(c *counters) uint64 { return c.rxFrames.Load() }, 1},
		{"error status", []rxResponse{{id: 0xffff, status: hypercall.NetifRspError}}, 1, func(c *counters) uint64 { return c.rxErrorStatus.Load() }, 0},
		{"dropped status", []rxResponse{{id: 0xffff, status: hypercall.NetifRspDropped}}, 1, func(c *counters) uint64 { return c.rxErrorStatus.Load() }, 0},
		{"bad id", []rxResponse{{id: 7, status: 60}}, 1, func(c *counters) uint64 { return c.rxBadID.Load() }, 0},
		{"offset past page", []rxResponse{{id: 0xffff, offset: 4000, status: 200}}, 1, func(c *counters) uint64 { return c.rxBadOffset.Load() }, 0},
		{"huge offset", []rxResponse{{id: 0xffff, offset: 0xffff, status: 0x7fff}}, 1, func(c *counters) uint64 { return c.rxBadOffset.Load() }, 0},
		{"runt", []rxResponse{{id: 0xffff, status: 13}}, 1, func(c *counters) uint64 { return c.rxRunt.Load() }, 0},
		{"empty", []rxResponse{{id: 0xffff, status: 0}}, 1, func(c *counters) uint64 { return c.rxRunt.Load() }, 0},
		{"gso prefix", []rxResponse{{id: 0xffff, flags: hypercall.NetRxfGSOPrefix, status: 60}}, 1, func(c *counters) uint64 { return c.rxUnexpected.Load() }, 0},
		{"extra info", []rxResponse{{id: 0xffff, flags: hypercall.NetRxfExtraInfo, status: 60}, {}}, 2, func(c *counters) uint64 { return c.rxUnexpected.Load() }, 0},
		{"bad id in a later slot", []rxResponse{{id: 0xffff, flags: more, status: 60}, {id: 3, status: 60}}, 2, func(c *counters) uint64 { return c.rxBadID.Load() }, 0},
		{"rsp_prod beyond requests", []rxResponse{{id: 0xffff, status: 60}}, 1000, func(c *counters) uint64 { return c.badRingIndex.Load() }, 0},
		{"rsp_prod behind", []rxResponse{{id: 0xffff, status: 60}}, 0xffffffff, func(c *counters) uint64 { return c.badRingIndex.Load() }, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newRxFixture(ringSize)
			for i, r := range c.rsps {
				if r.id == 0xffff {
					r.id = uint16((f.ring.RspCons + uint32(i)) % ringSize)
				}
				f.respond(uint32(i), r)
			}
			f.publish(c.publish)
			f.poll()
			if got := c.counter(&f.c); got != 1 {
				t.Errorf("counter is %d, want 1 (stats %+v)", got, f.c.snapshot())
			}
			if len(f.frames) != c.frames {
				t.Errorf("%d frames delivered, want %d", len(f.frames), c.frames)
			}
			f.accounted(t)
			f.q.post()
			f.accounted(t)
		})
	}
}

// TestRxTooManySlots: a frame whose slots all say more data ends at the
// limit, and its pages come back.
func TestRxTooManySlots(t *testing.T) {
	f := newRxFixture(ringSize)
	for i := uint32(0); i < 40; i++ {
		f.respond(i, rxResponse{id: uint16(i), flags: hypercall.NetRxfMoreData, status: 100})
	}
	f.publish(40)
	f.poll()
	if n := f.c.rxTooManySlots.Load(); n != 2 {
		t.Errorf("rxTooManySlots %d, want 2", n)
	}
	if f.ring.RspCons != 2*maxRxSlots {
		t.Errorf("consumed %d slots, want %d (the rest is an incomplete frame)", f.ring.RspCons, 2*maxRxSlots)
	}
	f.accounted(t)
}

// TestRxIncomplete: a frame whose last slot is not yet published waits,
// and the event is asked for at the slot after those seen.
func TestRxIncomplete(t *testing.T) {
	f := newRxFixture(ringSize)
	f.respond(0, rxResponse{id: 0, flags: hypercall.NetRxfMoreData, status: 100})
	f.respond(1, rxResponse{id: 1, status: 100})
	f.publish(1)
	f.poll()
	if len(f.frames) != 0 || f.ring.RspCons != 0 {
		t.Fatalf("half a frame consumed")
	}
	if ev := f.back.RspEvent(); ev != 2 {
		t.Errorf("rsp_event %d, want 2", ev)
	}
	f.publish(2)
	f.poll()
	if len(f.frames) != 1 || len(f.frames[0]) != 200 {
		t.Fatalf("frames %d", len(f.frames))
	}
	f.accounted(t)
}

func TestHostileTx(t *testing.T) {
	var c counters
	page := make([]byte, pageSize)
	tr, back := ring.NewFront(page, txEntrySize), ringtest.NewBack(page, txEntrySize)
	grefs := make([]uint32, ringSize)
	q := newTxQueue(tr, make([]byte, ringSize*pageSize), grefs, &c)
	for range 3 {
		q.put([][]byte{make([]byte, 100)}, 100, Offload{})
	}
	q.put([][]byte{make([]byte, 5000)}, 5000, Offload{}) // two slots
	tr.Push()
	if len(q.free) != ringSize-5 {
		t.Fatalf("%d free", len(q.free))
	}
	rsps := []txResponse{
		{id: getTxRequest(tr.Entry(0)).id, status: hypercall.NetifRspOkay},
		{id: getTxRequest(tr.Entry(0)).id, status: hypercall.NetifRspOkay}, // again
		{id: 9999, status: hypercall.NetifRspOkay},                         // never sent
		{id: getTxRequest(tr.Entry(1)).id, status: hypercall.NetifRspError},
	}
	for i, r := range rsps {
		r.put(tr.Entry(uint32(i)))
	}
	back.SetRspProd(4)
	q.reap()
	if c.txBadID.Load() != 2 || c.txErrors.Load() != 1 || len(q.free) != ringSize-3 {
		t.Errorf("txBadID %d txErrors %d free %d", c.txBadID.Load(), c.txErrors.Load(), len(q.free))
	}
	// More responses than requests: ignored.
	back.SetRspProd(100)
	q.reap()
	if c.badRingIndex.Load() != 1 || tr.RspCons != 4 {
		t.Errorf("bogus rsp_prod: badRingIndex %d, consumed %d", c.badRingIndex.Load(), tr.RspCons)
	}
}

// TestRxGSO: with rx GSO negotiated, a frame's first slot may be
// followed by a GSO extra slot (whose page carries nothing), and only a
// well-formed GSO description passes.
func TestRxGSO(t *testing.T) {
	gsoExtra := func(typ uint8, size uint16, gsoType uint8) []byte {
		return []byte{typ, 0, byte(size), byte(size >> 8), gsoType, 0, 0, 0}
	}
	for _, c := range []struct {
		name    string
		gso     bool
		extra   []byte
		counter func(*counters) uint64
		frames  int
	}{
		{"tcpv4", true, gsoExtra(hypercall.XenNetifExtraTypeGSO, 1448, hypercall.XenNetifGSOTypeTCPv4), func(c *counters) uint64 { return c.rxGSOFrames.Load() }, 1},
		{"tcpv6", true, gsoExtra(hypercall.XenNetifExtraTypeGSO, 1428, hypercall.XenNetifGSOTypeTCPv6), func(c *counters) uint64 { return c.rxGSOFrames.Load() }, 1},
		{"not negotiated", false, gsoExtra(hypercall.XenNetifExtraTypeGSO, 1448, hypercall.XenNetifGSOTypeTCPv4), func(c *counters) uint64 { return c.rxUnexpected.Load() }, 0},
		{"multicast extra", true, gsoExtra(hypercall.XenNetifExtraTypeMcastAdd, 1448, hypercall.XenNetifGSOTypeTCPv4), func(c *counters) uint64 { return c.rxUnexpected.Load() }, 0},
		{"no size", true, gsoExtra(hypercall.XenNetifExtraTypeGSO, 0, hypercall.XenNetifGSOTypeTCPv4), func(c *counters) uint64 { return c.rxUnexpected.Load() }, 0},
		{"unknown gso type", true, gsoExtra(hypercall.XenNetifExtraTypeGSO, 1448, 7), func(c *counters) uint64 { return c.rxUnexpected.Load() }, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newRxFixture(ringSize)
			f.q.gso = c.gso
			first := uint16(hypercall.NetRxfExtraInfo | hypercall.NetRxfMoreData | hypercall.NetRxfCsumBlank | hypercall.NetRxfDataValidated)
			f.respond(0, rxResponse{id: uint16(f.ring.RspCons % ringSize), flags: first, status: pageSize})
			copy(f.ring.Entry(f.ring.RspCons+1), c.extra)
			for i := uint32(2); i < 18; i++ {
				r := rxResponse{id: uint16((f.ring.RspCons + i) % ringSize), status: pageSize, flags: hypercall.NetRxfMoreData}
				if i == 17 {
					r.flags, r.status = 0, 100
				}
				f.respond(i, r)
			}
			f.publish(18)
			f.poll()
			if got := c.counter(&f.c); got != 1 {
				t.Errorf("counter is %d, want 1 (stats %+v)", got, f.c.snapshot())
			}
			if len(f.frames) != c.frames {
				t.Fatalf("%d frames delivered, want %d", len(f.frames), c.frames)
			}
			if c.frames == 1 && len(f.frames[0]) != 16*pageSize+100 {
				t.Errorf("delivered %d bytes, want %d", len(f.frames[0]), 16*pageSize+100)
			}
			f.accounted(t)
			f.q.post()
			f.accounted(t)
		})
	}
}
