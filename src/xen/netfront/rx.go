// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"sync/atomic"

	"xen/hypercall"
	"xen/internal/ring"
)

const (
	ethHeader = 14
	// maxRxSlots bounds the slots of one received frame: the most a
	// backend must accept from us, which covers a 64 KiB frame.
	maxRxSlots = hypercall.XenNetifNrSlotsMin
	// maxExtras bounds a chain of extra-info slots (one per type).
	maxExtras = hypercall.XenNetifExtraTypeMax - 1
	// maxRxFrame is the longest frame maxRxSlots slots can carry (a
	// merged TCP packet of 64 KiB and its headers fits).
	maxRxFrame = maxRxSlots * pageSize
)

// rxQueue posts receive pages on the rx ring and turns responses into
// frames. Only the receive goroutine uses it.
//
// A response sits in the slot of the request it answers (netback fills
// requests in order), so the page of ring slot i is the one posted
// there, whatever id the backend writes: a bad id loses the frame but
// never the page.
type rxQueue struct {
	ring  *ring.Front
	pages []byte   // len(grefs) pages
	grefs []uint32 // each page's grant to the backend
	free  []int16  // pages not on the ring
	slot  [ringSize]int16
	frame []byte // the frame being assembled
	rsps  []rxResponse
	pos   []uint32 // ring index of each of rsps
	gso   bool     // the backend may send merged TCP packets (rx GSO)
	c     *counters
}

func newRxQueue(r *ring.Front, pages []byte, grefs []uint32, c *counters) *rxQueue {
	q := &rxQueue{ring: r, pages: pages, grefs: grefs, c: c,
		frame: make([]byte, maxRxFrame), rsps: make([]rxResponse, 0, maxRxSlots+maxExtras), pos: make([]uint32, 0, maxRxSlots+maxExtras)}
	for i := len(grefs) - 1; i >= 0; i-- {
		q.free = append(q.free, int16(i))
	}
	for i := range q.slot {
		q.slot[i] = -1
	}
	return q
}

// post puts every free page on the ring and reports whether the
// backend wants to be told.
func (q *rxQueue) post() bool {
	for len(q.free) > 0 && q.ring.Free() > 0 {
		b := q.free[len(q.free)-1]
		q.free = q.free[:len(q.free)-1]
		i := q.ring.ReqProd % ringSize
		q.slot[i] = b
		rxRequest{id: uint16(i), gref: q.grefs[b]}.put(q.ring.Entry(i))
		q.ring.ReqProd++
	}
	return q.ring.Push()
}

// poll consumes the complete frames waiting on the ring, giving the
// good ones to deliver, and asks for an event at the next response. It
// reports whether responses may have arrived meanwhile.
func (q *rxQueue) poll(deliver func([]byte, bool)) (again bool) {
	avail, ok := q.ring.Responses()
	if !ok {
		q.c.badRingIndex.Add(1)
		return false
	}
	for avail > 0 {
		used := q.frameSlots(avail)
		if used == 0 {
			break // the rest of a frame has yet to come
		}
		q.consume(used, deliver)
		avail -= used
	}
	// Wake at the first response not yet looked at.
	seen := q.ring.RspCons + avail
	q.ring.EventAt(seen + 1)
	n, ok := q.ring.Responses()
	return ok && n > avail
}

// frameSlots is how many slots the frame at rspCons takes, or 0 if it
// continues beyond the avail slots published so far. A frame that runs
// on too long ends at the limit (the rest reads as further frames,
// which the checks then drop).
func (q *rxQueue) frameSlots(avail uint32) uint32 {
	r := q.ring
	first := getRxResponse(r.Entry(r.RspCons))
	used := uint32(1)
	if first.flags&hypercall.NetRxfExtraInfo != 0 {
		for n := 1; ; n++ {
			if used == avail {
				return 0
			}
			f := extraFlags(r.Entry(r.RspCons + used))
			used++
			if f&hypercall.XenNetifExtraFlagMore == 0 || n == maxExtras {
				break
			}
		}
	}
	more := first.flags&hypercall.NetRxfMoreData != 0
	for data := 1; more && data < maxRxSlots; data++ {
		if used == avail {
			return 0
		}
		more = getRxResponse(r.Entry(r.RspCons+used)).flags&hypercall.NetRxfMoreData != 0
		used++
	}
	return used
}

// consume takes the frame in the next used slots: it checks every
// response (reading each once), delivers the frame if all is well, and
// frees the slots' pages.
func (q *rxQueue) consume(used uint32, deliver func([]byte, bool)) {
	r := q.ring
	start := r.RspCons
	first := getRxResponse(r.Entry(start))
	// Re-read the data slots; the flags of the copies decide, not the
	// ones frameSlots saw.
	q.rsps = append(q.rsps[:0], first)
	pos := append(q.pos[:0], start)
	skip := uint32(0)
	if first.flags&hypercall.NetRxfExtraInfo != 0 {
		for skip < used-1 {
			skip++
			if extraFlags(r.Entry(start+skip))&hypercall.XenNetifExtraFlagMore == 0 {
				break
			}
		}
	}
	for i := 1 + skip; i < used; i++ {
		q.rsps = append(q.rsps, getRxResponse(r.Entry(start+i)))
		pos = append(pos, start+i)
	}
	drop := q.check(first, pos, used, skip)
	if drop == nil && skip > 0 {
		drop = q.checkExtras(start+1, skip)
	}
	if drop == nil {
		n := 0
		for i, rsp := range q.rsps {
			b := int(q.slot[pos[i]%ringSize])
			page := q.pages[b*pageSize : (b+1)*pageSize]
			n += copy(q.frame[n:], page[rsp.offset:int(rsp.offset)+int(rsp.status)])
		}
		if n < ethHeader {
			drop = &q.c.rxRunt
		} else {
			q.c.rxFrames.Add(1)
			q.c.rxBytes.Add(uint64(n))
			if skip > 0 {
				q.c.rxGSOFrames.Add(1)
			}
			deliver(q.frame[:n], first.flags&(hypercall.NetRxfDataValidated|hypercall.NetRxfCsumBlank) != 0)
		}
	}
	if drop != nil {
		drop.Add(1)
	}
	for i := uint32(0); i < used; i++ {
		s := (start + i) % ringSize
		q.free = append(q.free, q.slot[s])
		q.slot[s] = -1
	}
	r.RspCons += used
}

// check returns the counter of the first reason to drop the frame, or
// nil if it may be delivered.
func (q *rxQueue) check(first rxResponse, pos []uint32, used, skip uint32) *atomic.Uint64 {
	if first.flags&hypercall.NetRxfGSOPrefix != 0 || first.flags&hypercall.NetRxfExtraInfo != 0 && !q.gso {
		return &q.c.rxUnexpected
	}
	last := q.rsps[len(q.rsps)-1]
	if last.flags&hypercall.NetRxfMoreData != 0 || len(q.rsps) > maxRxSlots {
		return &q.c.rxTooManySlots
	}
	total := 0
	for i, rsp := range q.rsps {
		switch {
		case rsp.id != uint16(pos[i]%ringSize):
			return &q.c.rxBadID
		case rsp.status < 0:
			return &q.c.rxErrorStatus
		case int(rsp.offset)+int(rsp.status) > pageSize:
			return &q.c.rxBadOffset
		}
		total += int(rsp.status)
	}
	if total > maxRxFrame {
		return &q.c.rxTooLong
	}
	return nil
}

// checkExtras checks the n extra-info slots from ring index at: the only
// ones negotiated are GSO descriptions of TCP packets.
func (q *rxQueue) checkExtras(at, n uint32) *atomic.Uint64 {
	for i := range n {
		e := getExtra(q.ring.Entry(at + i))
		if e.typ != hypercall.XenNetifExtraTypeGSO || e.gsoSize == 0 ||
			e.gsoType != hypercall.XenNetifGSOTypeTCPv4 && e.gsoType != hypercall.XenNetifGSOTypeTCPv6 {
			return &q.c.rxUnexpected
		}
	}
	return nil
}
