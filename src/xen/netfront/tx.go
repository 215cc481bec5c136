// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"xen/hypercall"
	"xen/internal/ring"
)

// txQueue copies frames into granted pages and puts them on the tx
// ring. Its user serialises calls (Device.txMu).
//
// Each slot of a frame uses one page, whose index is the request id;
// the backend answers every slot, in any order, by id. An id that is
// not in flight is counted and ignored.
type txQueue struct {
	ring     *ring.Front
	pages    []byte   // len(grefs) pages
	grefs    []uint32 // each page's read-only grant to the backend
	free     []uint16 // ids of pages not in flight
	inFlight []bool
	c        *counters
}

func newTxQueue(r *ring.Front, pages []byte, grefs []uint32, c *counters) *txQueue {
	q := &txQueue{ring: r, pages: pages, grefs: grefs, c: c, inFlight: make([]bool, len(grefs))}
	for i := len(grefs) - 1; i >= 0; i-- {
		q.free = append(q.free, uint16(i))
	}
	return q
}

// slotsFor is how many slots (pages) a frame of n bytes takes.
func slotsFor(n int) int { return (n + pageSize - 1) / pageSize }

// extraSlots is how many ring entries a frame needs besides its data
// slots: one netif_extra_info for segmentation.
func extraSlots(o Offload) int {
	if o.GSO != GSONone {
		return 1
	}
	return 0
}

// room reports whether a frame of n bytes can be queued now.
func (q *txQueue) room(n int, o Offload) bool {
	k := slotsFor(n)
	return len(q.free) >= k && q.ring.Free() >= k+extraSlots(o)
}

// put copies the n bytes of frags into free pages and writes one
// request per page, the first followed by o's extra slot if it has
// one; the caller checked room and pushes.
func (q *txQueue) put(frags [][]byte, n int, o Offload) {
	k := slotsFor(n)
	left := n
	f, off := 0, 0 // next byte: frags[f][off]
	for s := 0; s < k; s++ {
		id := q.free[len(q.free)-1]
		q.free = q.free[:len(q.free)-1]
		q.inFlight[id] = true
		page := q.pages[int(id)*pageSize : (int(id)+1)*pageSize]
		chunk := min(left, pageSize)
		for w := 0; w < chunk; {
			c := copy(page[w:chunk], frags[f][off:])
			w, off = w+c, off+c
			if off == len(frags[f]) {
				f, off = f+1, 0
			}
		}
		req := txRequest{gref: q.grefs[id], id: id, size: uint16(chunk)}
		if s == 0 {
			req.size = uint16(n) // the first slot carries the frame's length
			req.flags = o.flags()
			if o.GSO != GSONone {
				req.flags |= hypercall.NetTxfExtraInfo
			}
		}
		if s < k-1 {
			req.flags |= hypercall.NetTxfMoreData
		}
		req.put(q.ring.Entry(q.ring.ReqProd))
		q.ring.ReqProd++
		if s == 0 && o.GSO != GSONone {
			o.putGSOExtra(q.ring.Entry(q.ring.ReqProd))
			q.ring.ReqProd++
		}
		left -= chunk
	}
}

// reap consumes the responses waiting, freeing their pages, and asks
// for an event at the next one. It reports whether more came meanwhile.
func (q *txQueue) reap() (again bool) {
	avail, ok := q.ring.Responses()
	if !ok {
		q.c.badRingIndex.Add(1)
		return false
	}
	for ; avail > 0; avail-- {
		rsp := getTxResponse(q.ring.Entry(q.ring.RspCons))
		q.ring.RspCons++
		if rsp.status == hypercall.NetifRspNull {
			continue // the answer to an extra slot: no page to free
		}
		if int(rsp.id) >= len(q.inFlight) || !q.inFlight[rsp.id] {
			q.c.txBadID.Add(1)
			continue
		}
		q.inFlight[rsp.id] = false
		q.free = append(q.free, rsp.id)
		if rsp.status != hypercall.NetifRspOkay {
			q.c.txErrors.Add(1)
		}
	}
	q.ring.EventAt(q.ring.RspCons + 1)
	n, ok := q.ring.Responses()
	return ok && n > 0
}
