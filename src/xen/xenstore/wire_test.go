// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package xenstore

import (
	"bytes"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"xen/hypercall"
)

// TestLayout pins DomainInterface to struct xenstore_domain_interface.
func TestLayout(t *testing.T) {
	var p DomainInterface
	got := []uintptr{
		unsafe.Offsetof(p.Req), unsafe.Offsetof(p.Rsp),
		unsafe.Offsetof(p.ReqCons), unsafe.Offsetof(p.ReqProd),
		unsafe.Offsetof(p.RspCons), unsafe.Offsetof(p.RspProd),
		unsafe.Offsetof(p.ServerFeatures), unsafe.Offsetof(p.Connection),
		unsafe.Offsetof(p.Error), unsafe.Sizeof(p),
	}
	want := []uintptr{0, 1024, 2048, 2052, 2056, 2060, 2064, 2068, 2072, 2076}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("offsets/size %v, want %v", got, want)
		}
	}
}

const xsWire = "/usr/include/xen/io/xs_wire.h"

// TestHeader checks the message types and errno names against Xen's own
// header when it is installed (libxen-dev).
func TestHeader(t *testing.T) {
	src, err := os.ReadFile(xsWire)
	if err != nil {
		t.Skip(err)
	}
	text := string(src)
	enum := text[strings.Index(text, "enum xsd_sockmsg_type"):]
	enum = enum[:strings.Index(enum, "};")]
	types := map[string]hypercall.XSMsgType{
		"XS_CONTROL": hypercall.XSControl, "XS_DIRECTORY": hypercall.XSDirectory, "XS_READ": hypercall.XSRead,
		"XS_GET_PERMS": hypercall.XSGetPerms, "XS_WATCH": hypercall.XSWatch, "XS_UNWATCH": hypercall.XSUnwatch,
		"XS_TRANSACTION_START": hypercall.XSTransactionStart, "XS_TRANSACTION_END": hypercall.XSTransactionEnd,
		"XS_INTRODUCE": hypercall.XSIntroduce, "XS_RELEASE": hypercall.XSRelease, "XS_GET_DOMAIN_PATH": hypercall.XSGetDomainPath,
		"XS_WRITE": hypercall.XSWrite, "XS_MKDIR": hypercall.XSMkdir, "XS_RM": hypercall.XSRm, "XS_SET_PERMS": hypercall.XSSetPerms,
		"XS_WATCH_EVENT": hypercall.XSWatchEvent, "XS_ERROR": hypercall.XSError,
		"XS_IS_DOMAIN_INTRODUCED": hypercall.XSIsDomainIntroduced, "XS_RESUME": hypercall.XSResume,
		"XS_SET_TARGET": hypercall.XSSetTarget, "XS_RESET_WATCHES": hypercall.XSResetWatches,
		"XS_DIRECTORY_PART": hypercall.XSDirectoryPart,
	}
	// Enumerators count up from 0; "= XS_X + n" restarts the count.
	next, seen := hypercall.XSMsgType(0), 0
	vals := map[string]hypercall.XSMsgType{}
	line := regexp.MustCompile(`^\s*(XS_[A-Z_]+)\s*(?:=\s*(XS_[A-Z_]+)\s*\+\s*(\d+))?\s*,`)
	for _, l := range strings.Split(enum, "\n") {
		m := line.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		if m[2] != "" {
			n, _ := strconv.Atoi(m[3])
			next = vals[m[2]] + hypercall.XSMsgType(n)
		}
		vals[m[1]] = next
		if want, ok := types[m[1]]; ok {
			seen++
			if want != next {
				t.Errorf("%s = %d in xs_wire.h, %d here", m[1], next, want)
			}
		}
		next++
	}
	if seen != len(types) {
		t.Errorf("found %d of %d message types in %s", seen, len(types), xsWire)
	}
	for _, m := range regexp.MustCompile(`XSD_ERROR\((E[A-Z0-9]+)\)`).FindAllStringSubmatch(text, -1) {
		if errnoErrors[m[1]] == nil {
			t.Errorf("errno %s from xs_wire.h has no sentinel", m[1])
		}
	}
	for name, v := range map[string]int{
		"XENSTORE_RING_SIZE": hypercall.XenstoreRingSize, "XENSTORE_PAYLOAD_MAX": hypercall.XenstorePayloadMax,
		"XENSTORE_SERVER_FEATURE_RECONNECTION": hypercall.XenstoreServerFeatureReconnection,
		"XENSTORE_SERVER_FEATURE_ERROR":        hypercall.XenstoreServerFeatureError,
		"XENSTORE_CONNECTED":                   hypercall.XenstoreConnected, "XENSTORE_RECONNECT": hypercall.XenstoreReconnect,
		"XENSTORE_ERROR_NONE": hypercall.XenstoreErrorNone, "XENSTORE_ERROR_COMM": hypercall.XenstoreErrorComm,
		"XENSTORE_ERROR_RINGIDX": hypercall.XenstoreErrorRingidx, "XENSTORE_ERROR_PROTO": hypercall.XenstoreErrorProto,
	} {
		if !regexp.MustCompile(`#define ` + name + `\s+` + strconv.Itoa(v) + `\b`).MatchString(text) {
			t.Errorf("%s is not %d in %s", name, v, xsWire)
		}
	}
}

func TestEncodeDecode(t *testing.T) {
	m, err := encodeRequest(hypercall.XSWrite, 7, 3, cstr("/a"), []byte("v"))
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{11, 0, 0, 0, 7, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, '/', 'a', 0, 'v'}
	if !bytes.Equal(m, want) {
		t.Fatalf("encoded % x", m)
	}
	h, p, err := decodeReply(m)
	if err != nil || h != (Header{Type: hypercall.XSWrite, ReqID: 7, TxID: 3, Len: 4}) || string(p) != "/a\x00v" {
		t.Fatalf("decode = %+v %q %v", h, p, err)
	}
	if _, err := encodeRequest(hypercall.XSWrite, 1, 0, make([]byte, hypercall.XenstorePayloadMax+1)); !errors.Is(err, ErrTooBig) {
		t.Fatalf("oversized encode: %v", err)
	}
	for _, bad := range [][]byte{
		nil, m[:15], m[:16], m[:19], append(m, 0),
		{2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x10, 0, 0}, // len 4097
		{2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff},
	} {
		if _, _, err := decodeReply(bad); !errors.Is(err, ErrProtocol) {
			t.Errorf("decodeReply(% x) = %v", bad, err)
		}
	}
}

func TestParseStrings(t *testing.T) {
	for in, want := range map[string][]string{
		"":             nil,
		"\x00":         {""},
		"a\x00b\x00":   {"a", "b"},
		"a\x00b":       {"a", "b"},
		"a\x00\x00":    {"a", ""},
		"gen\x00x\x00": {"gen", "x"},
	} {
		got := parseStrings([]byte(in))
		if strings.Join(got, "|") != strings.Join(want, "|") || len(got) != len(want) {
			t.Errorf("parseStrings(%q) = %q, want %q", in, got, want)
		}
	}
	if s := firstString([]byte("OK\x00junk")); s != "OK" {
		t.Errorf("firstString = %q", s)
	}
}

func TestErrorNames(t *testing.T) {
	for name, sentinel := range errnoErrors {
		e := errnoError("op", "/p", cstr(name))
		if !errors.Is(e, sentinel) || e.Name != name {
			t.Errorf("%s: %v", name, e)
		}
	}
	if !errors.Is(errnoError("", "", cstr("EPERM")), ErrPermission) {
		t.Error("EPERM is not ErrPermission")
	}
	if e := errnoError("", "", []byte("EFOO")); e.Err != nil || e.Name != "EFOO" || e.Error() != "xenstore: EFOO" {
		t.Errorf("unknown name: %#v %q", e, e.Error())
	}
}

func TestRing(t *testing.T) {
	for _, start := range []hypercall.XenstoreRingIdx{0, 1000, 0xfffffff0} { // wrap of ring and of uint32
		var p DomainInterface
		p.ReqCons, p.ReqProd = start, start
		p.RspCons, p.RspProd = start, start
		data := make([]byte, 1500)
		for i := range data {
			data[i] = byte(i)
		}
		n, err := p.WriteRequest(data)
		if n != hypercall.XenstoreRingSize || err != nil || p.ReqProd != start+hypercall.XenstoreRingSize {
			t.Fatalf("WriteRequest = %d, %v", n, err)
		}
		if n, err := p.WriteRequest(data); n != 0 || err != nil {
			t.Fatalf("WriteRequest on full ring = %d, %v", n, err)
		}
		// Play xenstored: consume 300 bytes, check them, echo them back.
		got := make([]byte, 300)
		copyOut(got, &p.Req, uint32(p.ReqCons), 300)
		if !bytes.Equal(got, data[:300]) {
			t.Fatal("request bytes differ")
		}
		p.ReqCons += 300
		if n, _ := p.WriteRequest(data[hypercall.XenstoreRingSize:]); n != 300 {
			t.Fatalf("WriteRequest after consume = %d", n)
		}
		copyIn(&p.Rsp, uint32(p.RspProd), hypercall.XenstoreRingSize, got)
		p.RspProd += 300
		buf := make([]byte, 200)
		if n, err := p.ReadResponse(buf); n != 200 || err != nil || !bytes.Equal(buf, data[:200]) {
			t.Fatalf("ReadResponse = %d, %v", n, err)
		}
		if n, _ := p.ReadResponse(buf); n != 100 || !bytes.Equal(buf[:100], data[200:300]) {
			t.Fatalf("ReadResponse rest = %d", n)
		}
		if n, err := p.ReadResponse(buf); n != 0 || err != nil {
			t.Fatalf("ReadResponse on empty ring = %d, %v", n, err)
		}
		p.RspProd = p.RspCons + hypercall.XenstoreRingSize + 1
		if _, err := p.ReadResponse(buf); err != ErrRingCorrupt {
			t.Fatalf("corrupt rsp: %v", err)
		}
		p.ReqCons = p.ReqProd + 1
		if _, err := p.WriteRequest(buf); err != ErrRingCorrupt {
			t.Fatalf("corrupt req: %v", err)
		}
	}
}

func TestXenbusState(t *testing.T) {
	for s := hypercall.XenbusStateUnknown; s <= hypercall.XenbusStateReconfigured; s++ {
		got, err := ParseState(string(StateValue(s)))
		if err != nil || got != s {
			t.Errorf("ParseState(%q) = %v, %v", StateValue(s), got, err)
		}
	}
	if hypercall.XenbusStateInitWait.String() != "InitWait" || hypercall.XenbusState(9).String() != "XenbusState(9)" {
		t.Error("String")
	}
	for in, want := range map[string]hypercall.XenbusState{"4\x00": 4, " 6\n": 6, "0": 0} {
		if got, err := ParseState(in); err != nil || got != want {
			t.Errorf("ParseState(%q) = %v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "9", "-1", "x", "4x", "99999999999"} {
		if _, err := ParseState(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseState(%q) = %v", bad, err)
		}
	}
}
