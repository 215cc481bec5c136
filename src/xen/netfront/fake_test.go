// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"errors"
	"sync"
	"testing"
	"time"

	"xen/hypercall"
	"xen/internal/ring"
	"xen/internal/ring/ringtest"
)

// fakeBackend plays netback over in-memory pages: it receives what the
// frontend transmits and injects frames into its receive pages.
type fakeBackend struct {
	t      testing.TB
	grants *ringtest.Grants // our view of the frontend's grants
	tx, rx *ringtest.Back
	port   *ringtest.Port
	r      rings // the frontend's pages

	mu   sync.Mutex
	sent []sentFrame // frames the frontend transmitted, in order
	got  chan struct{}

	stopServing func()
}

// newFake makes a device with nrx receive pages and its fake backend.
// The backend serves the transmit ring on every event when serve is set.
func newFake(t testing.TB, mtu, nrx int, serve bool, deliver func([]byte, bool)) (*Device, *fakeBackend) {
	t.Helper()
	grants := ringtest.NewGrants()
	grant := func(pages []byte) []uint32 {
		g, err := ring.NewGrants(grants.Grant, grants.End).Pages(pages, false)
		if err != nil {
			t.Fatal(err)
		}
		return g
	}
	r := rings{
		txRing:  make([]byte, pageSize),
		rxRing:  make([]byte, pageSize),
		txPages: make([]byte, ringSize*pageSize),
		rxPages: make([]byte, nrx*pageSize),
	}
	r.txGrefs, r.rxGrefs = grant(r.txPages), grant(r.rxPages)
	fp, bp := ringtest.NewPortPair()
	b := &fakeBackend{t: t, grants: grants, port: bp, r: r,
		tx:  ringtest.NewBack(r.txRing, txEntrySize),
		rx:  ringtest.NewBack(r.rxRing, rxEntrySize),
		got: make(chan struct{}, 1), stopServing: func() {}}
	d := newDevice([6]byte{0, 0x16, 0x3e, 1, 2, 3}, mtu, r, fp, Config{Deliver: deliver, RxBuffers: nrx})
	if d.tx.ring.Size() != ringSize || d.rx.ring.Size() != ringSize {
		t.Fatalf("rings of %d and %d entries, want %d", d.tx.ring.Size(), d.rx.ring.Size(), ringSize)
	}
	if serve {
		b.stopServing = bp.Serve(b.serveTx)
	}
	t.Cleanup(func() {
		d.Close()
		b.stopServing()
	})
	return d, b
}

// page is the frontend's page granted under gref.
func (b *fakeBackend) page(gref uint32) []byte {
	p, _ := b.grants.Page(gref)
	return p
}

// sentFrame is a frame the frontend transmitted, with the offload its
// first slot and extra slot asked for.
type sentFrame struct {
	data    []byte
	flags   uint16 // the first slot's
	gsoType uint8
	gsoSize uint16
}

// serveTx copies out every complete frame on the transmit ring and
// answers each slot, an extra slot with NETIF_RSP_NULL, as netback does.
func (b *fakeBackend) serveTx() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for {
		n := b.tx.Requests()
		for n > 0 {
			first := getTxRequest(b.tx.Entry(b.tx.ReqCons))
			used := uint32(1)
			f := sentFrame{flags: first.flags}
			if first.flags&hypercall.NetTxfExtraInfo != 0 {
				if n < 2 {
					break // incomplete
				}
				e := b.tx.Entry(b.tx.ReqCons + 1)
				if e[0] != hypercall.XenNetifExtraTypeGSO || e[1] != 0 {
					b.t.Errorf("extra slot type %d flags %d", e[0], e[1])
				}
				f.gsoSize, f.gsoType = uint16(e[2])|uint16(e[3])<<8, e[4]
				used++
			}
			reqs := []txRequest{first}
			for reqs[len(reqs)-1].flags&hypercall.NetTxfMoreData != 0 && used < n {
				reqs = append(reqs, getTxRequest(b.tx.Entry(b.tx.ReqCons+used)))
				used++
			}
			if reqs[len(reqs)-1].flags&hypercall.NetTxfMoreData != 0 {
				break // incomplete
			}
			left := int(first.size)
			for i, q := range reqs {
				size := int(q.size)
				if i == 0 {
					size = left
					for _, o := range reqs[1:] {
						size -= int(o.size)
					}
				}
				page := b.page(q.gref)
				f.data = append(f.data, page[q.offset:int(q.offset)+size]...)
				txResponse{id: q.id, status: hypercall.NetifRspOkay}.put(b.tx.Entry(b.tx.RspProd))
				b.tx.RspProd++
				if i == 0 && f.gsoType != 0 {
					// The id of an extra slot's answer means nothing.
					txResponse{id: 0xffff, status: hypercall.NetifRspNull}.put(b.tx.Entry(b.tx.RspProd))
					b.tx.RspProd++
				}
			}
			b.sent = append(b.sent, f)
			b.tx.ReqCons += used
			n -= used
			select {
			case b.got <- struct{}{}:
			default:
			}
		}
		if b.tx.Push() {
			b.port.Notify()
		}
		if !b.tx.FinalCheck() {
			return
		}
	}
}

// inject puts frame into the frontend's posted receive pages, chunk
// bytes per slot at offset off, with flags on the first slot.
func (b *fakeBackend) inject(frame []byte, off, chunk int, flags uint16) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	slots := (len(frame) + chunk - 1) / chunk
	if slots == 0 {
		slots = 1
	}
	if int(b.rx.Requests()) < slots {
		return errors.New("fake backend: no receive pages posted")
	}
	for s := 0; s < slots; s++ {
		q := getRxRequest(b.rx.Entry(b.rx.ReqCons))
		b.rx.ReqCons++
		part := frame[min(s*chunk, len(frame)):min((s+1)*chunk, len(frame))]
		copy(b.page(q.gref)[off:], part)
		rsp := rxResponse{id: q.id, offset: uint16(off), status: int16(len(part))}
		if s == 0 {
			rsp.flags = flags
		}
		if s < slots-1 {
			rsp.flags |= hypercall.NetRxfMoreData
		}
		rsp.put(b.rx.Entry(b.rx.RspProd))
		b.rx.RspProd++
	}
	if b.rx.Push() {
		b.port.Notify()
	}
	return nil
}

// sentFrames returns what the frontend transmitted so far.
func (b *fakeBackend) sentFrames() [][]byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out [][]byte
	for _, f := range b.sent {
		out = append(out, f.data)
	}
	return out
}

// waitSent waits (10 s at most) until the frontend has transmitted n
// frames, and returns them; it ends the test if it transmitted another
// number.
func (b *fakeBackend) waitSent(t *testing.T, n int) []sentFrame {
	t.Helper()
	limit := time.After(10 * time.Second)
	for len(b.sentWithOffload()) < n {
		select {
		case <-b.got:
		case <-limit:
			t.Fatalf("backend got %d frames, want %d", len(b.sentWithOffload()), n)
		}
	}
	got := b.sentWithOffload()
	if len(got) != n {
		t.Fatalf("backend got %d frames, want %d", len(got), n)
	}
	return got
}

// sentWithOffload returns the transmitted frames with their offloads.
func (b *fakeBackend) sentWithOffload() []sentFrame {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]sentFrame(nil), b.sent...)
}
