// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot_test

import (
	"bytes"
	. "internal/runtime/xenboot"
	"testing"
)

func TestRingIndices(t *testing.T) {
	for _, tc := range []struct {
		prod, cons, free uint32
		ok               bool
	}{
		{0, 0, 16, true},
		{16, 0, 0, true},
		{5, 3, 14, true},
		{2, 0xfffffffe, 12, true}, // wrapped
		{17, 0, 0, false},         // the consumer read what was never written
		{0, 1, 0, false},
	} {
		free, ok := RingFree(tc.prod, tc.cons, 16)
		if free != tc.free || ok != tc.ok {
			t.Errorf("RingFree(%d, %d) = %d, %v; want %d, %v", tc.prod, tc.cons, free, ok, tc.free, tc.ok)
		}
		used, ok := RingUsed(tc.prod, tc.cons, 16)
		if ok != tc.ok || ok && used != 16-tc.free {
			t.Errorf("RingUsed(%d, %d) = %d, %v", tc.prod, tc.cons, used, ok)
		}
	}
}

func TestRingRoundTrip(t *testing.T) {
	ring := make([]byte, 8)
	prod, cons := uint32(0xfffffffc), uint32(0xfffffffc) // about to wrap
	msg := []byte("hello, ring buffer")
	var got []byte
	for sent := 0; len(got) < len(msg); {
		n, ok := RingWrite(ring, prod, cons, msg[sent:])
		if !ok {
			t.Fatal("RingWrite: nonsense indices")
		}
		prod += n
		sent += int(n)
		buf := make([]byte, 3)
		for {
			m, ok := RingRead(ring, prod, cons, buf)
			if !ok {
				t.Fatal("RingRead: nonsense indices")
			}
			if m == 0 {
				break
			}
			got = append(got, buf[:m]...)
			cons += m
		}
	}
	if !bytes.Equal(got, msg) {
		t.Errorf("read %q, wrote %q", got, msg)
	}
}

func FuzzRing(f *testing.F) {
	f.Add(uint32(0), uint32(0), []byte("abc"))
	f.Add(uint32(2), uint32(0xfffffffe), []byte("0123456789abcdefXYZ"))
	f.Fuzz(func(t *testing.T, prod, cons uint32, b []byte) {
		ring := make([]byte, 16)
		n, ok := RingWrite(ring, prod, cons, b)
		free, fok := RingFree(prod, cons, 16)
		if ok != fok || n > free || int(n) > len(b) || ok && n != min(free, uint32(len(b))) {
			t.Fatalf("RingWrite(%d, %d, %d bytes) = %d, %v; free %d", prod, cons, len(b), n, ok, free)
		}
		out := make([]byte, 32)
		m, ok := RingRead(ring, prod+n, cons, out)
		if !ok && n > 0 {
			t.Fatalf("RingRead after a write of %d: nonsense", n)
		}
		if ok && m < n {
			t.Fatalf("read %d after writing %d", m, n)
		}
	})
}
