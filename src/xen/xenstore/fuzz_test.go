// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package xenstore

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

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

// FuzzReplyParsers: any payload given to each reply parser is accepted
// consistently or refused with ErrProtocol, and errors stay short.
func FuzzReplyParsers(f *testing.F) {
	for _, s := range []string{"", "\x00", "1\x00a\x00b\x00", "1\x00a\x00\x00", "1\x00\x00", "\x00a\x00\x00",
		"1\x00a\x00\x00b\x00", "n7\x00r0\x00", "b65535\x00", "x1", "42\x00", "0", "/a\x00tok\x00", "ENOENT\x00", "4"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		// quoteReply keeps 64 bytes, each at most 4 once quoted ("\x81").
		short := func(err error) {
			if len(err.Error()) > 100+64*4+5 {
				t.Fatalf("error of %d bytes", len(err.Error()))
			}
		}
		if gen, names, last, why := parseDirPart(p); why == "" {
			back := cstr(gen)
			if gen == "" || !last && len(names) == 0 {
				t.Fatalf("accepted part %q: gen %q, %d names, last %v", p, gen, len(names), last)
			}
			for _, n := range names {
				if n == "" || strings.IndexByte(n, 0) >= 0 {
					t.Fatalf("bad name %q", n)
				}
				back = append(back, cstr(n)...)
			}
			if last {
				back = append(back, 0)
			}
			if !bytes.Equal(back, p) {
				t.Fatalf("parseDirPart(%q) = %q %q %v", p, gen, names, last)
			}
		}
		if perms, err := parsePerms("/p", p); err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("parsePerms error %v", err)
			}
			short(err)
		} else {
			if len(perms) == 0 {
				t.Fatal("no perms, no error")
			}
			for _, pm := range perms {
				if back, ok := parsePerm(pm.String()); !ok || back != pm {
					t.Fatalf("perm %+v does not round-trip", pm)
				}
			}
		}
		if id, err := parseTxID(p); err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("parseTxID error %v", err)
			}
			short(err)
		} else if id == 0 {
			t.Fatal("transaction id 0 accepted")
		}
		if ev, ok := parseWatchEvent(p); ok && (ev.Path == "" || ev.Token == "" ||
			strings.IndexByte(ev.Path, 0) >= 0 || strings.IndexByte(ev.Token, 0) >= 0) {
			t.Fatalf("watch event %+v", ev)
		}
		e := errnoError("read", "/p", p)
		if e.Name == "" || len(e.Name) > 32 || e.Err != errnoErrors[e.Name] {
			t.Fatalf("errnoError: %+v", e)
		}
		if _, err := ParseState(string(p)); err != nil {
			short(err)
		}
	})
}

// clientOps are the requests FuzzClientReply answers with arbitrary
// replies. For XSDirectoryPart the directory request gets E2BIG and each
// part request the next of the fuzzer's payloads, the last one forever.
var clientOps = []struct {
	typ hypercall.XSMsgType
	run func(c *Client) error
}{
	{hypercall.XSRead, func(c *Client) error { _, err := c.Read("/ok"); return err }},
	{hypercall.XSWrite, func(c *Client) error { return c.Write("/ok", []byte("v")) }},
	{hypercall.XSDirectory, func(c *Client) error { _, err := c.Directory("/ok"); return err }},
	{hypercall.XSDirectoryPart, func(c *Client) error { _, err := c.Directory("/ok"); return err }},
	{hypercall.XSGetPerms, func(c *Client) error { _, err := c.GetPerms("/ok"); return err }},
	{hypercall.XSGetDomainPath, func(c *Client) error { _, err := c.GetDomainPath(1); return err }},
	{hypercall.XSTransactionStart, func(c *Client) error {
		tx, err := c.Begin()
		if err == nil {
			tx.Abort() // xenstored may not know the id: any answer will do
		}
		return err
	}},
	{hypercall.XSWatch, func(c *Client) error {
		w, err := c.Watch("/w", "tok")
		if err == nil {
			w.Close()
		}
		return err
	}},
}

// FuzzClientReply: whatever xenstored answers, a call returns promptly
// with a result or an error, never panics or hangs, and leaves the
// client either working, with later replies matched to the right calls,
// or stopped with ErrProtocol. typ picks the reply's type: 0 the
// request's own, 1 XS_ERROR, otherwise typ itself.
func FuzzClientReply(f *testing.F) {
	f.Add(uint8(0), uint8(0), []byte("value"))
	f.Add(uint8(0), uint8(1), []byte("ENOENT\x00"))
	f.Add(uint8(0), uint8(9), []byte("OK\x00"))
	f.Add(uint8(2), uint8(0), []byte("a\x00b\x00"))
	f.Add(uint8(3), uint8(0), []byte("1\x00a\x00\xff1\x00b\x00\x00"))
	f.Add(uint8(3), uint8(0), []byte("1\x00a\x00"))
	f.Add(uint8(3), uint8(0), []byte("1\x00a\x00\xff2\x00b\x00"))
	f.Add(uint8(4), uint8(0), []byte("n0\x00r7\x00"))
	f.Add(uint8(5), uint8(0), []byte("/local/domain/1\x00"))
	f.Add(uint8(6), uint8(0), []byte("17\x00"))
	f.Add(uint8(6), uint8(0), []byte("0\x00"))
	f.Add(uint8(7), uint8(0), []byte("OK\x00"))
	f.Fuzz(func(t *testing.T, op, typ uint8, data []byte) {
		s, c := newFake(t)
		if err := c.Write("/ok", []byte("v")); err != nil {
			t.Fatal(err)
		}
		c.SetTimeout(5 * time.Second)
		o := clientOps[int(op)%len(clientOps)]
		parts := bytes.Split(data, []byte{0xff})
		n := 0
		s.mu.Lock()
		s.hook = func(h Header, p []byte) ([]byte, bool) {
			b := data
			switch {
			case o.typ == hypercall.XSDirectoryPart && h.Type == hypercall.XSDirectory:
				return msg(hypercall.XSError, h.ReqID, 0, cstr("E2BIG")), true
			case h.Type != o.typ:
				return nil, false
			case o.typ == hypercall.XSDirectoryPart:
				b = parts[min(n, len(parts)-1)]
				n++
			}
			rt := h.Type
			if typ == 1 {
				rt = hypercall.XSError
			} else if typ > 1 && hypercall.XSMsgType(typ) != hypercall.XSWatchEvent {
				rt = hypercall.XSMsgType(typ) // an event would be no reply at all
			}
			return msg(rt, h.ReqID, h.TxID, b), true
		}
		s.mu.Unlock()

		err := o.run(c)
		var xe *Error
		switch {
		case err == nil, errors.As(err, &xe), errors.Is(err, ErrProtocol), errors.Is(err, ErrTooBig):
		case errors.Is(err, os.ErrDeadlineExceeded):
			t.Fatalf("op %d: a call hung: %v", o.typ, err)
		default:
			t.Fatalf("op %d: unexpected error %v", o.typ, err)
		}
		if err := c.Err(); err != nil {
			if !errors.Is(err, ErrProtocol) {
				t.Fatalf("client stopped with %v", err)
			}
			return
		}
		s.mu.Lock()
		s.hook = nil
		s.mu.Unlock()
		if v, err := c.Read("/ok"); err != nil || string(v) != "v" {
			t.Fatalf("Read afterwards = %q, %v", v, err)
		}
	})
}

// FuzzWatchEvent: arbitrary XS_WATCH_EVENT payloads are delivered to
// the watch they name or dropped, and never disturb the client.
func FuzzWatchEvent(f *testing.F) {
	for _, s := range []string{"/w\x00tok\x00", "/w\x00tok", "/w\x00", "", "\x00tok\x00", "/w/x\x00tok\x00extra\x00", "/w\x00other\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > hypercall.XenstorePayloadMax {
			data = data[:hypercall.XenstorePayloadMax] // longer ones are fatal, as FuzzClientReply checks
		}
		s, c := newFake(t)
		c.Write("/ok", []byte("v"))
		w, err := c.Watch("/w", "tok")
		if err != nil {
			t.Fatal(err)
		}
		nextEvent(t, w) // the one for setting it
		before := c.Dropped()
		s.inject(msg(hypercall.XSWatchEvent, 0, 0, data))
		if v, err := c.Read("/ok"); err != nil || string(v) != "v" { // the event is in by now
			t.Fatalf("Read after event = %q, %v", v, err)
		}
		select {
		case ev := <-w.C:
			if ev.Token != "tok" || ev.Path == "" || c.Dropped() != before {
				t.Fatalf("event %+v", ev)
			}
		default:
			if c.Dropped() != before+1 {
				t.Fatalf("event neither delivered nor dropped")
			}
		}
		if c.Err() != nil {
			t.Fatalf("client stopped: %v", c.Err())
		}
	})
}
