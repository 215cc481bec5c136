// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"testing"

	"xen/internal/ring"
	"xen/internal/ring/ringtest"
)

// FuzzRxResponses lets the backend write anything into the receive
// ring's response slots and producer index, several rounds in a row:
// the queue must never panic, deliver only frames it could describe,
// and keep every page either free or posted exactly once.
func FuzzRxResponses(f *testing.F) {
	good := make([]byte, 0, 64)
	for i := range 4 {
		good = append(good, byte(i), 0, 0, 0, 0, 0, 60, 0) // id i, offset 0, flags 0, 60 bytes
	}
	f.Add(good, uint32(4), uint8(16))
	f.Add([]byte{0, 0, 0, 0, 4, 0, 100, 0, 1, 0, 16, 0, 0, 0, 200, 0}, uint32(2), uint8(3))
	f.Add([]byte{0, 0, 0, 0, 8, 0, 100, 0, 0, 0, 0, 0}, uint32(0xffffffff), uint8(255))
	f.Fuzz(func(t *testing.T, slots []byte, publish uint32, nbuf uint8) {
		fx := newRxFixture(int(nbuf)%ringSize + 1)
		fx.q.gso = nbuf%2 == 0 // GSO extra slots allowed, or not
		for round := 0; round < 3; round++ {
			for i := 0; i+rxEntrySize <= len(slots) && i/rxEntrySize < ringSize; i += rxEntrySize {
				copy(fx.ring.Entry(fx.ring.RspCons+uint32(i/rxEntrySize)), slots[i:i+rxEntrySize])
			}
			fx.back.SetRspProd(fx.ring.RspCons + publish)
			before := fx.ring.RspCons
			fx.frames = nil
			fx.poll()
			if fx.ring.RspCons-before > fx.ring.ReqProd-before {
				t.Fatalf("consumed %d responses with %d requests outstanding", fx.ring.RspCons-before, fx.ring.ReqProd-before)
			}
			for _, fr := range fx.frames {
				if len(fr) < ethHeader || len(fr) > maxRxFrame {
					t.Fatalf("delivered a %d-byte frame", len(fr))
				}
			}
			fx.accounted(t)
			fx.q.post()
			fx.accounted(t)
			s := fx.c.snapshot()
			if s.RxFrames != uint64(len(fx.frames))+0 && round == 0 {
				t.Fatalf("RxFrames %d, delivered %d", s.RxFrames, len(fx.frames))
			}
		}
	})
}

// FuzzTxResponses lets the backend answer queued frames (some with
// extra slots) with any ids, statuses and producer index: each page
// must be in flight or free, exactly once.
func FuzzTxResponses(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 0, 0, 0}, uint32(2), uint8(2))
	f.Add([]byte{255, 0, 0, 0, 255, 0, 255, 255}, uint32(2), uint8(1))
	f.Add([]byte{}, uint32(0x80000000), uint8(0))
	f.Fuzz(func(t *testing.T, slots []byte, publish uint32, frames uint8) {
		var c counters
		page := make([]byte, pageSize)
		tr, back := ring.NewFront(page, txEntrySize), ringtest.NewBack(page, txEntrySize)
		q := newTxQueue(tr, make([]byte, ringSize*pageSize), make([]uint32, ringSize), &c)
		for i := 0; i < int(frames)%64; i++ {
			n := 60 + i*397%9000
			var o Offload
			if i%3 == 0 { // with an extra slot, answered NETIF_RSP_NULL
				o = Offload{ChecksumPartial: true, GSO: GSOTCPv4, MSS: 1448}
			}
			if q.room(n, o) {
				q.put([][]byte{make([]byte, n)}, n, o)
			}
		}
		tr.Push()
		for i := 0; i+4 <= len(slots) && i/4 < ringSize; i += 4 {
			copy(tr.Entry(uint32(i/4)), slots[i:i+4])
		}
		back.SetRspProd(publish)
		q.reap()
		if tr.RspCons > tr.ReqProd {
			t.Fatalf("consumed %d of %d", tr.RspCons, tr.ReqProd)
		}
		seen := make([]bool, ringSize)
		for _, id := range q.free {
			if seen[id] || q.inFlight[id] {
				t.Fatalf("page %d free twice or free and in flight", id)
			}
			seen[id] = true
		}
		for id, in := range q.inFlight {
			if in {
				seen[id] = true
			}
		}
		for id, s := range seen {
			if !s {
				t.Fatalf("page %d lost", id)
			}
		}
	})
}
