// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"bytes"
	"testing"

	"xen/internal/ring"
	"xen/internal/ring/ringtest"
)

// After a move, restart runs the device on its pages with new grants, a
// new event channel and fresh rings: frames still on the old transmit
// ring are dropped (the old backend is gone), and frames flow both ways
// with the new backend.
func TestRestart(t *testing.T) {
	deliver, ch := collector()
	d, old := newFake(t, 1500, 16, false, deliver) // the old backend never answers
	for i := range 3 {
		if err := d.Send(frameOf(100, uint64(i))); err != nil {
			t.Fatal(err)
		}
	}
	if n := old.tx.Requests(); n != 3 {
		t.Fatalf("%d requests on the old ring, want 3", n)
	}

	// The new domain: every grant void, the pages granted again.
	grants := ringtest.NewGrants()
	regrant := func(pages []byte) []uint32 {
		g, err := ring.NewGrants(grants.Grant, grants.End).Pages(pages, false)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	r := old.r
	r.txGrefs, r.rxGrefs = regrant(r.txPages), regrant(r.rxPages)
	fp, bp := ringtest.NewPortPair()
	d.txMu.Lock()
	d.restart(r, fp)
	d.txMu.Unlock()
	b := &fakeBackend{t: t, grants: grants, port: bp,
		tx:  ringtest.NewBack(r.txRing, txEntrySize),
		rx:  ringtest.NewBack(r.rxRing, rxEntrySize),
		got: make(chan struct{}, 1)}
	stop := bp.Serve(b.serveTx)
	defer stop()

	want := frameOf(200, 9)
	if err := d.Send(want); err != nil {
		t.Fatal(err)
	}
	if got := b.waitSent(t, 1); !bytes.Equal(got[0].data, want) {
		t.Errorf("the new backend got %d bytes, want the frame sent after the restart", len(got[0].data))
	}
	in := frameOf(300, 10)
	if err := b.inject(in, 0, pageSize, 0); err != nil {
		t.Fatalf("no receive pages posted on the new ring: %v", err)
	}
	if got := waitFrame(t, ch); !bytes.Equal(got.frame, in) {
		t.Errorf("received %d bytes, want the injected frame", len(got.frame))
	}
}
