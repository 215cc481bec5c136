// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot_test

import (
	. "internal/runtime/xenboot"
	"testing"
)

// respond writes msg into a 1024-byte response ring at prod.
func respond(ring []byte, prod uint32, msg []byte) uint32 {
	n, _ := RingWrite(ring, prod, prod, msg)
	return prod + n
}

func TestXSReplyIn(t *testing.T) {
	ring := make([]byte, 1024)
	buf := make([]byte, 64)
	cons := uint32(1020) // the reply wraps around the ring's end
	msg := XSRequest(make([]byte, 64), 2, 0x676f, "go-guest")
	prod := respond(ring, cons, msg)
	for p := cons; p < prod; p++ { // any prefix is not yet whole
		if _, whole, err := XSReplyIn(ring, p, cons, buf); whole || err != "" {
			t.Fatalf("%d of %d bytes: whole=%v err=%q", p-cons, len(msg), whole, err)
		}
	}
	r, whole, err := XSReplyIn(ring, prod, cons, buf)
	if !whole || err != "" || r.Type != 2 || r.ReqID != 0x676f || string(buf[:r.N]) != "go-guest\x00" || r.Next != prod {
		t.Fatalf("reply %+v whole=%v err=%q payload %q", r, whole, err, buf[:r.N])
	}
	// Hostile: nonsense indices, a length the ring cannot hold.
	if _, _, err := XSReplyIn(ring, cons+2000, cons, buf); err == "" {
		t.Errorf("producer 2000 bytes ahead accepted")
	}
	long := XSRequest(make([]byte, 64), 2, 1, "x")
	long[12], long[13] = 0xf1, 0x03 // 1009 bytes: more than 1024-16
	if _, _, err := XSReplyIn(ring, respond(ring, 0, long), 0, buf); err == "" {
		t.Errorf("a reply longer than the ring accepted")
	}
	if XSRequest(make([]byte, 20), 2, 1, "name") != nil {
		t.Errorf("XSRequest overflowed a short buffer")
	}
}

func FuzzXSReplyIn(f *testing.F) {
	f.Add(uint32(30), uint32(0), []byte("\x02\x00\x00\x00\x6f\x67\x00\x00\x00\x00\x00\x00\x09\x00\x00\x00go-guest\x00"))
	f.Fuzz(func(t *testing.T, prod, cons uint32, data []byte) {
		ring := make([]byte, 1024)
		copy(ring, data)
		buf := make([]byte, 32)
		r, whole, err := XSReplyIn(ring, prod, cons, buf)
		if err != "" {
			return
		}
		if whole && (r.N > len(buf) || r.Next-cons > prod-cons || r.Next-cons < XSHeaderSize) {
			t.Fatalf("reply %+v from cons %d prod %d", r, cons, prod)
		}
	})
}
