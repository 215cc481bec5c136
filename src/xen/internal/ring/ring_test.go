// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ring_test

import (
	"errors"
	"testing"

	"xen/internal/ring"
	"xen/internal/ring/ringtest"
)

func TestSizes(t *testing.T) {
	for _, c := range []struct {
		pages, esize int
		want         uint32
	}{
		{1, 8, 256}, {1, 12, 256}, {1, 112, 32}, {2, 112, 64}, {4, 112, 128}, {16, 112, 512},
	} {
		if got := ring.NewFront(make([]byte, c.pages*ring.PageSize), c.esize).Size(); got != c.want {
			t.Errorf("%d pages of %d-byte entries: %d entries, want %d", c.pages, c.esize, got, c.want)
		}
	}
}

// TestRoundTrip runs requests and responses past the 32-bit wrap of
// the indices, with the notification hold-off of both sides.
func TestRoundTrip(t *testing.T) {
	pages := make([]byte, 2*ring.PageSize)
	f := ring.NewFront(pages, 112)
	b := ringtest.NewBack(pages, 112)
	start := ^uint32(0) - 40 // both sides start at any agreed index
	f.ReqProd, f.RspCons, b.ReqCons, b.RspProd = start, start, start, start
	b.SetRspProd(start)
	f.Push()
	b.FinalCheck()
	notified := 0
	for round := 0; round < 10; round++ {
		n := uint32(round*7%int(f.Size())) + 1
		for i := range n {
			f.Entry(f.ReqProd)[0] = byte(round + int(i))
			f.ReqProd++
		}
		if f.Free() != int(f.Size()-n) {
			t.Fatalf("free %d after %d requests", f.Free(), n)
		}
		if f.Push() {
			notified++
		}
		if got := b.Requests(); got != n {
			t.Fatalf("backend sees %d requests, want %d", got, n)
		}
		for range n {
			v := b.Entry(b.ReqCons)[0]
			b.ReqCons++
			b.Entry(b.RspProd)[1] = v
			b.RspProd++
		}
		if b.FinalCheck() {
			t.Fatal("requests after all were consumed")
		}
		f.EventAt(f.RspCons + 1)
		if !b.Push() {
			t.Fatal("no event for responses the frontend asked about")
		}
		got, ok := f.Responses()
		if !ok || got != n {
			t.Fatalf("responses %d, %v; want %d", got, ok, n)
		}
		for i := range n {
			if v := f.Entry(f.RspCons)[1]; v != byte(round+int(i)) {
				t.Fatalf("response %d carries %d", i, v)
			}
			f.RspCons++
		}
	}
	if notified != 10 {
		t.Errorf("%d of 10 pushes notified a backend that asked each time", notified)
	}
}

// TestHostileRspProd: a producer index ahead of the requests
// outstanding, or behind the consumer, is refused.
func TestHostileRspProd(t *testing.T) {
	pages := make([]byte, ring.PageSize)
	f := ring.NewFront(pages, 16)
	b := ringtest.NewBack(pages, 16)
	f.ReqProd = 5
	f.Push()
	for _, c := range []struct {
		prod uint32
		n    uint32
		ok   bool
	}{{0, 0, true}, {5, 5, true}, {6, 0, false}, {0xffffffff, 0, false}, {1 << 31, 0, false}} {
		b.SetRspProd(c.prod)
		if n, ok := f.Responses(); n != c.n || ok != c.ok {
			t.Errorf("rsp_prod %d: %d, %v; want %d, %v", c.prod, n, ok, c.n, c.ok)
		}
	}
}

func TestGrantsRollback(t *testing.T) {
	tab := ringtest.NewGrants()
	tab.FailAfter = 5
	g := ring.NewGrants(tab.Grant, tab.End)
	refs, err := g.Pages(make([]byte, 3*ring.PageSize), true)
	if err != nil || len(refs) != 3 {
		t.Fatalf("3 pages: %v, %v", refs, err)
	}
	if _, ro := tab.Page(refs[2]); !ro {
		t.Errorf("read-only grant is writable")
	}
	if _, err := g.Pages(make([]byte, 4*ring.PageSize), false); !errors.Is(err, ringtest.ErrFull) {
		t.Fatalf("grant past the table's end: %v", err)
	}
	if g.Len() != 5 || tab.Live() != 5 {
		t.Fatalf("%d on the list, %d live; want 5", g.Len(), tab.Live())
	}
	if err := g.Release(); err != nil || tab.Live() != 0 || g.Len() != 0 {
		t.Fatalf("release: %v, %d live", err, tab.Live())
	}
}
