// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

// The runtime reads one xenstore node (the domain's name) itself, before
// package xen/xenstore takes the ring over.

// XSHeaderSize is the size of struct xsd_sockmsg (io/xs_wire.h): type,
// request id, transaction id and payload length, little-endian words.
const XSHeaderSize = 16

// XSReply is a xenstore reply read out of the response ring.
type XSReply struct {
	Type, ReqID uint32
	N           int    // payload bytes copied into the caller's buffer
	Next        uint32 // the consumer index past the reply
}

// XSReplyIn looks for one whole reply in the response ring between the
// consumer index cons and the producer index prod, and copies its
// payload into buf (cut to len(buf)). It reports whether a whole reply is
// there; err is set when the indices are nonsense or the reply cannot
// fit the ring, which no wait can mend.
func XSReplyIn(ring []byte, prod, cons uint32, buf []byte) (r XSReply, whole bool, err string) {
	size := uint32(len(ring))
	avail, ok := RingUsed(prod, cons, size)
	if !ok {
		return r, false, "xenstore ring indices are nonsense"
	}
	if avail < XSHeaderSize {
		return r, false, ""
	}
	var h [XSHeaderSize]byte
	RingRead(ring, prod, cons, h[:])
	word := func(i int) uint32 {
		return uint32(h[i]) | uint32(h[i+1])<<8 | uint32(h[i+2])<<16 | uint32(h[i+3])<<24
	}
	r.Type, r.ReqID = word(0), word(4)
	n := word(12)
	if n > size-XSHeaderSize {
		return r, false, "xenstore reply longer than the ring"
	}
	if avail-XSHeaderSize < n {
		return r, false, ""
	}
	m, _ := RingRead(ring, prod, cons+XSHeaderSize, buf[:min(uint32(len(buf)), n)])
	r.N = int(m)
	r.Next = cons + XSHeaderSize + n
	return r, true, ""
}

// XSRequest lays out a request of type typ with id reqID and a payload of
// one NUL-terminated string s in buf, and returns it, or nil if buf is
// too small.
func XSRequest(buf []byte, typ, reqID uint32, s string) []byte {
	n := XSHeaderSize + len(s) + 1
	if len(buf) < n {
		return nil
	}
	put := func(i int, v uint32) {
		buf[i], buf[i+1], buf[i+2], buf[i+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	}
	put(0, typ)
	put(4, reqID)
	put(8, 0)
	put(12, uint32(len(s)+1))
	copy(buf[XSHeaderSize:], s)
	buf[n-1] = 0
	return buf[:n]
}
