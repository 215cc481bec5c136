// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package xenstore

import (
	"errors"
	"reflect"
	"testing"

	"xen/hypercall"
)

func TestPerms(t *testing.T) {
	s, c := newFake(t)
	if err := c.Write("data/x", []byte("1")); err != nil {
		t.Fatal(err)
	}
	want := []Perm{{7, AccessNone}, {0, AccessRead}, {12, AccessBoth}}
	if err := c.SetPerms("data/x", want...); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPerms("data/x")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("GetPerms = %v, %v; want %v", got, err, want)
	}
	if string(s.perms["/local/domain/7/data/x"]) != "n7\x00r0\x00b12\x00" {
		t.Fatalf("on the wire: %q", s.perms["/local/domain/7/data/x"])
	}
	if _, err := c.GetPerms("data/none"); !errors.Is(err, ErrNotExist) {
		t.Fatalf("GetPerms of a missing node: %v", err)
	}
	for _, bad := range [][]Perm{nil, {{1, 'x'}}, {{70000, AccessRead}}} {
		if err := c.SetPerms("data/x", bad...); !errors.Is(err, ErrInvalid) {
			t.Errorf("SetPerms(%v) = %v, want ErrInvalid", bad, err)
		}
	}
	tx, err := c.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.SetPerms("data/x", Perm{7, AccessRead}); err != nil {
		t.Fatal(err)
	}
	if p, err := tx.GetPerms("data/x"); err != nil || p[0] != (Perm{7, AccessRead}) {
		t.Fatalf("tx GetPerms = %v, %v", p, err)
	}
	tx.Abort()
	if _, err := tx.GetPerms("data/x"); err != ErrTxDone {
		t.Fatalf("GetPerms after Abort = %v", err)
	}
}

func TestPermsMalformed(t *testing.T) {
	s, c := newFake(t)
	c.Write("/n", nil)
	for _, reply := range []string{"", "\x00", "x1\x00", "r\x00", "r-1\x00", "r+1\x00", "r99999\x00", "r1\x00bogus\x00"} {
		hookOnce(s, hypercall.XSGetPerms, func(h Header) []byte { return msg(hypercall.XSGetPerms, h.ReqID, 0, []byte(reply)) })
		if p, err := c.GetPerms("/n"); !errors.Is(err, ErrProtocol) {
			t.Errorf("reply %q: %v, %v; want ErrProtocol", reply, p, err)
		}
	}
	if p, err := c.GetPerms("/n"); err != nil || len(p) != 1 {
		t.Fatalf("client unusable after bad replies: %v, %v", p, err)
	}
}

func FuzzParsePerms(f *testing.F) {
	for _, s := range []string{"n0\x00", "b7\x00r0\x00", "r", "w65535\x00", "x\x00"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		perms, err := parsePerms("/p", b)
		if err != nil {
			return
		}
		if len(perms) == 0 {
			t.Fatal("no error and no permissions")
		}
		for _, p := range perms {
			q, ok := parsePerm(p.String())
			if !ok || q != p {
				t.Fatalf("%v does not round-trip", p)
			}
		}
	})
}
