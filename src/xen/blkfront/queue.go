// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"strconv"

	"xen/hypercall"
	"xen/internal/ring"
)

// The request engine: ring slots, the page pool, and responses. Its
// state belongs to Device.mu.
//
// A request takes a slot (one per ring entry, so a slot always finds
// room on the ring) and the pool pages its data (and indirect segment
// list) pass through. The wire id is the slot's index and a generation
// bumped at each use: a response must name a request in flight exactly,
// so a late or repeated answer cannot complete the slot's next request.

// idBits is the part of an id that is the slot index.
const idBits = 16

// pending is one request from reservation to its caller's return.
type pending struct {
	op     uint8 // the operation a response must carry
	slot   int
	id     uint64
	pages  []int32 // pool pages: data, then the indirect page if any
	nbytes int     // data bytes (read or write)
	pushed bool    // on the ring: only now may a response name it
	// indirect: the response may carry BLKIF_OP_INDIRECT, as copied
	// from the request (blkif.h), or op, as Linux's blkback answers.
	indirect bool
	done     chan error
}

type slot struct {
	gen uint64
	p   *pending // nil when free
}

// queue is the engine's state.
type queue struct {
	ring      *ring.Front
	handle    uint16
	pool      []byte   // granted pages data passes through
	grefs     []uint32 // each pool page's grant
	freePages []int32
	slots     []slot
	freeSlots []int
	inFlight  int
	maxSegs   int // data pages per request; over 11 go indirect
	c         *counters
}

func newQueue(r *ring.Front, handle uint16, pool []byte, grefs []uint32, maxSegs int, c *counters) *queue {
	q := &queue{ring: r, handle: handle, pool: pool, grefs: grefs, maxSegs: maxSegs, c: c,
		slots: make([]slot, r.Size())}
	for i := len(grefs) - 1; i >= 0; i-- {
		q.freePages = append(q.freePages, int32(i))
	}
	for i := len(q.slots) - 1; i >= 0; i-- {
		q.freeSlots = append(q.freeSlots, i)
	}
	return q
}

// restart puts the queue, with no request in flight, on ring r, new
// and perhaps of another size, with the pool granted anew as grefs and
// maxSegs pages a request. The slots' generations go on.
func (q *queue) restart(r *ring.Front, grefs []uint32, maxSegs int) {
	q.ring, q.grefs, q.maxSegs = r, grefs, maxSegs
	slots := make([]slot, r.Size())
	copy(slots, q.slots)
	q.slots, q.freeSlots = slots, q.freeSlots[:0]
	for i := len(slots) - 1; i >= 0; i-- {
		q.freeSlots = append(q.freeSlots, i)
	}
}

// pagesFor is how many pool pages a request of n data bytes takes.
func (q *queue) pagesFor(n int) int {
	k := (n + pageSize - 1) / pageSize
	if k > maxDirectSegs {
		k++ // the indirect segment list
	}
	return k
}

// reserve takes a slot and the pages for n data bytes, or returns nil
// if either is short now.
func (q *queue) reserve(op uint8, n int) *pending {
	k := q.pagesFor(n)
	if len(q.freeSlots) == 0 || len(q.freePages) < k {
		return nil
	}
	s := q.freeSlots[len(q.freeSlots)-1]
	q.freeSlots = q.freeSlots[:len(q.freeSlots)-1]
	q.slots[s].gen++
	p := &pending{op: op, slot: s, id: q.slots[s].gen<<idBits | uint64(s), nbytes: n, done: make(chan error, 1)}
	p.pages = append(p.pages, q.freePages[len(q.freePages)-k:]...)
	q.freePages = q.freePages[:len(q.freePages)-k]
	q.slots[s].p = p
	q.inFlight++
	if uint64(q.inFlight) > q.c.highWater.Load() {
		q.c.highWater.Store(uint64(q.inFlight))
	}
	return p
}

// page is pool page i.
func (q *queue) page(i int32) []byte {
	return q.pool[int(i)*pageSize : (int(i)+1)*pageSize : (int(i)+1)*pageSize]
}

// release gives p's pages back, once its response came and its data
// was copied out.
func (q *queue) release(p *pending) {
	q.freePages = append(q.freePages, p.pages...)
	p.pages = nil
}

// push writes p's request at the ring's producer index: sector is in
// 512-byte units; nsect is a discard's length. It reports whether the
// backend wants an event.
func (q *queue) push(p *pending, sector, nsect uint64, secure bool) bool {
	b := q.ring.Entry(q.ring.ReqProd)
	switch p.op {
	case opDiscard:
		putDiscard(b, q.handle, p.id, sector, nsect, secure)
	case opFlush, opBarrier:
		putRW(b, p.op, q.handle, p.id, sector, nil)
	default:
		nseg := (p.nbytes + pageSize - 1) / pageSize
		segs := make([]segment, nseg)
		for i := range segs {
			last := pageSize
			if i == nseg-1 {
				last = p.nbytes - i*pageSize
			}
			segs[i] = segment{gref: q.grefs[p.pages[i]], first: 0, last: uint8(last/wireSector - 1)}
		}
		if nseg <= maxDirectSegs {
			putRW(b, p.op, q.handle, p.id, sector, segs)
			break
		}
		list := p.pages[nseg]
		lp := q.page(list)
		for i, s := range segs {
			s.put(lp[i*segmentSize:])
		}
		putIndirect(b, p.op, q.handle, p.id, sector, nseg, []uint32{q.grefs[list]})
		p.indirect = true
		q.c.indirect.Add(1)
	}
	q.ring.ReqProd++
	p.pushed = true
	q.c.requests.Add(1)
	return q.ring.Push()
}

// reap consumes the responses waiting, completing their requests, and
// asks for an event at the next one. It reports whether any request
// completed (slots and pages may have come free), and an error if the
// backend broke the protocol: then some request will never be answered
// (a response slot went to a request not in flight, or rsp_prod claims
// more responses than requests), and the device must stop.
func (q *queue) reap() (completed bool, broken error) {
	for {
		n, ok := q.ring.Responses()
		if !ok {
			q.c.badRing.Add(1)
			return completed, errors.Join(ErrBackendBroken, errors.New("blkfront: rsp_prod beyond the requests outstanding"))
		}
		for ; n > 0; n-- {
			rsp := getResponse(q.ring.Entry(q.ring.RspCons))
			q.ring.RspCons++
			if err := q.complete(rsp); err != nil {
				return completed, err
			}
			completed = true
		}
		q.ring.EventAt(q.ring.RspCons + 1)
		if n, ok := q.ring.Responses(); ok && n == 0 {
			return completed, nil
		}
	}
}

// complete checks one response and, if it names a request in flight,
// ends that request with the status it carries; otherwise the backend
// is broken.
func (q *queue) complete(rsp response) error {
	s := rsp.id & (1<<idBits - 1)
	if s >= uint64(len(q.slots)) || q.slots[s].p == nil || !q.slots[s].p.pushed || q.slots[s].p.id != rsp.id {
		q.c.badID.Add(1)
		return errors.Join(ErrBackendBroken, errors.New("blkfront: response to no request in flight (id "+strconv.FormatUint(rsp.id, 16)+")"))
	}
	p := q.slots[s].p
	q.slots[s].p = nil
	q.freeSlots = append(q.freeSlots, int(s))
	q.inFlight--
	var err error
	switch {
	case rsp.op != p.op && !(p.indirect && rsp.op == opIndirect):
		q.c.badOp.Add(1)
		err = errors.Join(ErrIO, errors.New("blkfront: response with operation "+strconv.Itoa(int(rsp.op))+" to a request "+strconv.Itoa(int(p.op))))
	case rsp.status == hypercall.BlkifRspOkay:
	case rsp.status == hypercall.BlkifRspError:
		q.c.errors.Add(1)
		err = ErrIO
	case rsp.status == hypercall.BlkifRspEOPNOTSUPP:
		q.c.notSupported.Add(1)
		err = ErrNotSupported
	default:
		q.c.badStatus.Add(1)
		err = errors.Join(ErrIO, errors.New("blkfront: response status "+strconv.Itoa(int(rsp.status))))
	}
	p.done <- err
	return nil
}
