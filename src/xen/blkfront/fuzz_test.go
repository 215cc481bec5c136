// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package blkfront

import (
	"encoding/binary"
	"testing"

	"xen/internal/ring"
	"xen/internal/ring/ringtest"
	"xen/internal/xenbus/xenbustest"
)

// FuzzResponses lets the backend write anything into the response
// slots and rsp_prod, several rounds in a row, over requests of every
// kind in flight: the queue must never panic or consume more responses
// than requests, complete a request at most once (and only with a
// response naming it exactly), and keep every slot and page either
// free or held by exactly one request.
func FuzzResponses(f *testing.F) {
	// Good answers to the first two requests (a read in slot 0 and a
	// write in slot 1, generation 1).
	good := make([]byte, 32)
	binary.LittleEndian.PutUint64(good[0:], 1<<idBits|0)
	binary.LittleEndian.PutUint64(good[16:], 1<<idBits|1)
	good[24] = opWrite
	f.Add(good, uint32(2), uint8(6))
	f.Add([]byte{0xff, 0xff, 0, 0, 1, 0, 0, 0, 0, 0, 0xfe, 0xff}, uint32(1), uint8(3))
	f.Add([]byte{}, uint32(0x80000000), uint8(40))
	f.Fuzz(func(t *testing.T, slots []byte, publish uint32, nreq uint8) {
		var c counters
		pages := make([]byte, pageSize)
		fr := ring.NewFront(pages, entrySize)
		back := ringtest.NewBack(pages, entrySize)
		const poolPages = 64
		grefs := make([]uint32, poolPages)
		for i := range grefs {
			grefs[i] = uint32(100 + i)
		}
		q := newQueue(fr, 1, make([]byte, poolPages*pageSize), grefs, 16, &c)
		var started []*pending
		ops := []uint8{opRead, opWrite, opFlush, opDiscard, opRead, opBarrier}
		for i := range int(nreq) % 40 {
			op := ops[i%len(ops)]
			n := 0
			if op == opRead || op == opWrite {
				n = (1 + i*5%16) * pageSize
			}
			p := q.reserve(op, n)
			if p == nil {
				break
			}
			q.push(p, uint64(i), 8, false)
			started = append(started, p)
		}
		completed := map[*pending]bool{}
		for round := range 3 {
			for i := 0; i+16 <= len(slots) && i/16 < int(fr.Size()); i += 16 {
				copy(back.Entry(fr.RspCons+uint32(i/16)), slots[i:i+16])
			}
			back.SetRspProd(fr.RspCons + publish + uint32(round))
			before := fr.RspCons
			_, broken := q.reap()
			if fr.RspCons-before > fr.ReqProd-before {
				t.Fatalf("consumed %d responses with %d requests outstanding", fr.RspCons-before, fr.ReqProd-before)
			}
			for _, p := range started {
				select {
				case <-p.done:
					if completed[p] {
						t.Fatalf("request %x completed twice", p.id)
					}
					completed[p] = true
					q.release(p)
				default:
				}
			}
			accounted(t, q, started, completed)
			if broken != nil {
				return // the device would stop here
			}
		}
	})
}

// accounted checks that each slot and page is free or held by exactly
// one request not yet completed.
func accounted(t *testing.T, q *queue, started []*pending, completed map[*pending]bool) {
	t.Helper()
	pages := map[int32]bool{}
	for _, p := range q.freePages {
		if pages[p] {
			t.Fatalf("page %d free twice", p)
		}
		pages[p] = true
	}
	busy := 0
	for _, p := range started {
		if completed[p] {
			if q.slots[p.slot].p == p {
				t.Fatalf("completed request %x still holds its slot", p.id)
			}
			continue
		}
		busy++
		if q.slots[p.slot].p != p {
			t.Fatalf("request %x lost its slot", p.id)
		}
		for _, pg := range p.pages {
			if pages[pg] {
				t.Fatalf("page %d free and in flight", pg)
			}
			pages[pg] = true
		}
	}
	if len(pages) != len(q.grefs) {
		t.Fatalf("%d of %d pages accounted for", len(pages), len(q.grefs))
	}
	if busy != q.inFlight || busy+len(q.freeSlots) != len(q.slots) {
		t.Fatalf("%d busy, inFlight %d, %d free slots of %d", busy, q.inFlight, len(q.freeSlots), len(q.slots))
	}
}

// FuzzDiskNodes lets the backend write anything into the nodes that
// describe the disk: readDisk must refuse it or describe a disk every
// transfer can address.
func FuzzDiskNodes(f *testing.F) {
	f.Add("2048", "0", "512", "", "1", "", "")
	f.Add("80", "4", "4096", "4096", "1", "65536", "300")
	f.Add("18014398509481983", "7", "512", "1024", "0", "0", "11")
	f.Fuzz(func(t *testing.T, sectors, info, sectorSize, phys, discard, gran, indirect string) {
		nodes := map[string]string{"sectors": sectors, "info": info, "sector-size": sectorSize,
			"physical-sector-size": phys, "feature-discard": discard, "discard-granularity": gran,
			"feature-max-indirect-segments": indirect}
		s := xenbustest.NewStore(nil)
		for k, v := range nodes {
			if v != "" {
				s.Set("b/"+k, v)
			}
		}
		d, err := readDisk(s, "b")
		if err != nil {
			return
		}
		if !pow2(d.sectorSize) || d.sectorSize < wireSector || d.sectorSize > pageSize || d.physSectorSize%d.sectorSize != 0 {
			t.Fatalf("accepted sector sizes %d/%d", d.sectorSize, d.physSectorSize)
		}
		if d.size() < 0 || d.size()%int64(d.sectorSize) != 0 {
			t.Fatalf("size %d", d.size())
		}
		if f := d.features; f.MaxIndirectSegments != 0 && f.MaxIndirectSegments <= maxDirectSegs || f.Discard && f.DiscardGranularity == 0 {
			t.Fatalf("features %+v", f)
		}
		n := Config{}.segments(d.features)
		if n < 1 || n > segsPerIndirect {
			t.Fatalf("%d segments a request", n)
		}
	})
}
