// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"bytes"
	"errors"
	"testing"

	"xen/hypercall"
)

// FuzzDecodeReply: any bytes as a whole reply either decode consistently
// or give ErrProtocol.
func FuzzDecodeReply(f *testing.F) {
	ok, _ := encodeRequest(hypercall.XSRead, 1, 0, []byte("value"))
	f.Add(ok)
	f.Add(msg(hypercall.XSError, 3, 0, cstr("ENOENT")))
	f.Add(msg(hypercall.XSWatchEvent, 0, 0, []byte("/a\x00tok\x00")))
	f.Add([]byte{})
	f.Add(make([]byte, HeaderSize))
	f.Add([]byte{2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		h, p, err := decodeReply(b)
		if err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("error %v is not ErrProtocol", err)
			}
			return
		}
		if h.Len > hypercall.XenstorePayloadMax || int(h.Len) != len(p) || len(b) != HeaderSize+len(p) {
			t.Fatalf("header %+v with %d payload bytes of %d", h, len(p), len(b))
		}
		// What the client then does with it must not panic either.
		_ = errnoError("op", "/p", p)
		_ = parseStrings(p)
		_ = firstString(p)
		re, err := encodeRequest(h.Type, h.ReqID, h.TxID, p)
		if err != nil || !bytes.Equal(re, b) {
			t.Fatalf("re-encoding differs: %v", err)
		}
	})
}

// FuzzStringList: parseStrings splits at every NUL and loses nothing.
func FuzzStringList(f *testing.F) {
	for _, s := range []string{"", "\x00", "a\x00b\x00", "a\x00b", "\x00\x00x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		list := parseStrings(b)
		var back []byte
		for _, s := range list {
			if bytes.IndexByte([]byte(s), 0) >= 0 {
				t.Fatalf("%q contains NUL", s)
			}
			back = append(back, s...)
			back = append(back, 0)
		}
		if len(b) > 0 && b[len(b)-1] != 0 {
			back = back[:len(back)-1] // the unterminated last string
		}
		if !bytes.Equal(back, b) {
			t.Fatalf("parseStrings(%q) = %q", b, list)
		}
		if f := firstString(b); len(list) > 0 && f != list[0] || len(list) == 0 && f != "" {
			t.Fatalf("firstString(%q) = %q", b, f)
		}
	})
}

// FuzzRing: arbitrary indices and bytes in the shared page. Reading and
// writing either move exactly the bytes the indices allow or report
// ErrRingCorrupt, and the message assembler never panics or yields a
// message longer than the protocol allows.
func FuzzRing(f *testing.F) {
	f.Add(uint32(0), uint32(0), uint32(0), uint32(20), []byte("\x02\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x04\x00\x00\x00abcd"), uint16(100))
	f.Add(uint32(5), uint32(5), uint32(0xfffffff0), uint32(0x10), []byte("xyz"), uint16(2000))
	f.Add(uint32(0), uint32(2000), uint32(7), uint32(3), []byte{}, uint16(0))
	f.Add(uint32(1020), uint32(1030), uint32(1020), uint32(2044), bytes.Repeat([]byte{0}, 2048), uint16(1024))
	f.Fuzz(func(t *testing.T, reqCons, reqProd, rspCons, rspProd uint32, data []byte, bufLen uint16) {
		var p DomainInterface
		copy(p.Rsp[:], data)
		if len(data) > hypercall.XenstoreRingSize {
			copy(p.Req[:], data[hypercall.XenstoreRingSize:])
		}
		type idx = hypercall.XenstoreRingIdx
		p.ReqCons, p.ReqProd, p.RspCons, p.RspProd = idx(reqCons), idx(reqProd), idx(rspCons), idx(rspProd)
		rsp := p.Rsp

		buf := make([]byte, int(bufLen)%(2*hypercall.XenstoreRingSize))
		n, err := p.ReadResponse(buf)
		avail := rspProd - rspCons
		if avail > hypercall.XenstoreRingSize {
			if err != ErrRingCorrupt || n != 0 || uint32(p.RspCons) != rspCons {
				t.Fatalf("avail %d: n %d, err %v, cons moved %v", avail, n, err, uint32(p.RspCons) != rspCons)
			}
		} else {
			if err != nil || n != min(len(buf), int(avail)) || uint32(p.RspCons) != rspCons+uint32(n) {
				t.Fatalf("avail %d, buf %d: n %d, err %v", avail, len(buf), n, err)
			}
			for i := 0; i < n; i++ {
				if buf[i] != rsp[(rspCons+uint32(i))&(hypercall.XenstoreRingSize-1)] {
					t.Fatalf("byte %d differs", i)
				}
			}
		}

		used := reqProd - reqCons
		n, err = p.WriteRequest(data)
		if used > hypercall.XenstoreRingSize {
			if err != ErrRingCorrupt || n != 0 || uint32(p.ReqProd) != reqProd {
				t.Fatalf("used %d: n %d, err %v", used, n, err)
			}
		} else {
			if err != nil || n != min(len(data), int(hypercall.XenstoreRingSize-used)) || uint32(p.ReqProd) != reqProd+uint32(n) {
				t.Fatalf("used %d, data %d: n %d, err %v", used, len(data), n, err)
			}
			for i := 0; i < n; i++ {
				if p.Req[(reqProd+uint32(i))&(hypercall.XenstoreRingSize-1)] != data[i] {
					t.Fatalf("request byte %d differs", i)
				}
			}
		}

		// Feed whatever is left in the reply ring to the assembler.
		p.RspCons, p.RspProd = idx(rspCons), idx(rspProd)
		var a assembler
		for i := 0; i < 100; i++ {
			h, payload, ok, err := a.next(&p)
			if err != nil {
				if !errors.Is(err, ErrRingCorrupt) && !errors.Is(err, ErrProtocol) {
					t.Fatalf("assembler error %v", err)
				}
				break
			}
			if !ok {
				break
			}
			if h.Len > hypercall.XenstorePayloadMax || int(h.Len) != len(payload) {
				t.Fatalf("message %+v with %d payload bytes", h, len(payload))
			}
		}
		if uint32(p.RspCons)-rspCons > hypercall.XenstoreRingSize {
			t.Fatalf("consumed %d bytes of a %d-byte ring", uint32(p.RspCons)-rspCons, hypercall.XenstoreRingSize)
		}
	})
}
