// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package blkfront

import (
	"sync"
	"testing"

	"xen/hypercall"
	"xen/internal/ring"
	"xen/internal/ring/ringtest"
)

// fakeBack plays blkback over in-memory pages: it serves the ring from
// a byte slice disk, and a test may make it hold requests or answer
// them as a hostile backend would.
type fakeBack struct {
	t      testing.TB
	grants *ringtest.Grants
	pages  []byte // the ring's
	ring   *ringtest.Back
	port   *ringtest.Port
	handle uint16

	mu   sync.Mutex
	disk []byte
	log  []decoded // requests seen, in order
	// hold keeps requests on the ring unserved while set.
	hold bool
	// answer, if set, replaces the normal answer to a request: it
	// returns the responses to write (none, one, or several).
	answer func(q decoded, normal response) []response
	// status, if set, is the status of each answer by operation.
	status map[uint8]int16
	got    chan struct{} // a token after each request served

	stopServing func()
}

// fakeSetup describes a device and its backend for newFake.
type fakeSetup struct {
	disk  disk
	order int // ring pages, as a power of two
	cfg   Config
	size  int // disk bytes; 0 means 1 MiB
}

// newFake makes a device and its fake backend, serving at every event.
func newFake(t testing.TB, fs fakeSetup) (*Device, *fakeBack) {
	t.Helper()
	if fs.disk.sectorSize == 0 {
		fs.disk.sectorSize = 512
	}
	if fs.disk.physSectorSize == 0 {
		fs.disk.physSectorSize = fs.disk.sectorSize
	}
	if fs.size == 0 {
		fs.size = 1 << 20
	}
	fs.disk.sectors = uint64(fs.size / wireSector)
	grants := ringtest.NewGrants()
	pages := make([]byte, pageSize<<fs.order)
	sh := shared{ring: ring.NewFront(pages, entrySize), pool: make([]byte, fs.cfg.bufferPages()*pageSize)}
	var err error
	if sh.grefs, err = ring.NewGrants(grants.Grant, grants.End).Pages(sh.pool, false); err != nil {
		t.Fatal(err)
	}
	fp, bp := ringtest.NewPortPair()
	content := make([]byte, fs.size)
	for i := range content {
		content[i] = byte(i/wireSector) ^ byte(i)
	}
	b := newFakeBack(t, pages, grants, bp, content)
	d := newDevice(b.handle, fs.disk, sh, fp, fs.cfg)
	t.Cleanup(func() { d.Close() })
	return d, b
}

// newFakeBack starts a backend serving the ring on pages, with the
// frontend's grants and its end bp of the event channel, for a disk of
// content.
func newFakeBack(t testing.TB, pages []byte, grants *ringtest.Grants, bp *ringtest.Port, content []byte) *fakeBack {
	b := &fakeBack{t: t, grants: grants, pages: pages, ring: ringtest.NewBack(pages, entrySize), port: bp, handle: 51712,
		disk: content, got: make(chan struct{}, 1024)}
	b.stopServing = bp.Serve(b.serveRing)
	t.Cleanup(b.stopServing)
	return b
}

// release stops holding requests and serves those waiting.
func (b *fakeBack) release() {
	b.mu.Lock()
	b.hold = false
	b.mu.Unlock()
	b.port.Interrupt()
}

func (b *fakeBack) setHold(on bool) {
	b.mu.Lock()
	b.hold = on
	b.mu.Unlock()
}

// requests returns the requests seen so far.
func (b *fakeBack) requests() []decoded {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]decoded(nil), b.log...)
}

// serveRing answers every request waiting, unless held.
func (b *fakeBack) serveRing() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for !b.hold {
		for b.ring.Requests() > 0 {
			q := decodeRequest(b.ring.Entry(b.ring.ReqCons))
			b.ring.ReqCons++
			b.log = append(b.log, q)
			rsp := response{id: q.id, op: q.op, status: b.perform(q)}
			if q.op == opIndirect {
				rsp.op = q.indirectOp // as Linux's blkback answers
			}
			if s, ok := b.status[q.op]; ok {
				rsp.status = s
			}
			rsps := []response{rsp}
			if b.answer != nil {
				rsps = b.answer(q, rsp)
			}
			for _, r := range rsps {
				r.put(b.ring.Entry(b.ring.RspProd))
				b.ring.RspProd++
			}
			select {
			case b.got <- struct{}{}:
			default:
			}
		}
		if b.ring.Push() {
			b.port.Notify()
		}
		if !b.ring.FinalCheck() {
			return
		}
	}
}

// perform carries out one request on the disk, checking it as blkback
// does, and returns the status.
func (b *fakeBack) perform(q decoded) int16 {
	bad := func(why string, args ...any) int16 {
		b.t.Errorf("fake backend: "+why, args...)
		return hypercall.BlkifRspError
	}
	if q.handle != b.handle {
		return bad("handle %d", q.handle)
	}
	switch q.op {
	case opFlush, opBarrier:
		if q.nseg != 0 {
			return bad("flush with %d segments", q.nseg)
		}
		return hypercall.BlkifRspOkay
	case opDiscard:
		end := (q.sector + q.nsect) * wireSector
		if end > uint64(len(b.disk)) || q.nsect == 0 {
			return bad("discard %d+%d", q.sector, q.nsect)
		}
		clear(b.disk[q.sector*wireSector : end])
		return hypercall.BlkifRspOkay
	}
	op, segs := q.op, q.segs
	if q.op == opIndirect {
		op = q.indirectOp
		pages := (q.nseg + segsPerIndirect - 1) / segsPerIndirect
		if q.nseg <= maxDirectSegs || pages > hypercall.BlkifMaxIndirectPagesPerRequest {
			return bad("indirect request of %d segments", q.nseg)
		}
		segs = nil
		for i := range q.nseg {
			p, _ := b.grants.Page(q.indirectGrefs[i/segsPerIndirect])
			if p == nil {
				return bad("indirect page gref %d not granted", q.indirectGrefs[i/segsPerIndirect])
			}
			segs = append(segs, getSegment(p[i%segsPerIndirect*segmentSize:]))
		}
	} else if q.nseg == 0 || q.nseg > maxDirectSegs {
		return bad("%d segments", q.nseg)
	}
	pos := q.sector * wireSector
	for _, s := range segs {
		page, ro := b.grants.Page(s.gref)
		if page == nil || s.first > s.last || s.last >= sectorsPerPage {
			return bad("segment %+v", s)
		}
		lo, hi := int(s.first)*wireSector, (int(s.last)+1)*wireSector
		if pos+uint64(hi-lo) > uint64(len(b.disk)) {
			return bad("transfer past the disk's end")
		}
		switch op {
		case opRead:
			if ro {
				return bad("read into a read-only grant")
			}
			copy(page[lo:hi], b.disk[pos:])
		case opWrite:
			copy(b.disk[pos:], page[lo:hi])
		default:
			return bad("operation %d", op)
		}
		pos += uint64(hi - lo)
	}
	return hypercall.BlkifRspOkay
}
