// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import "testing"

func TestMarkerFilter(t *testing.T) {
	cases := []struct {
		in     string
		out    string
		found  bool
		status int
	}{
		{"hello\n\x00go-xen-exit:7\n", "hello\n", true, 7},
		{"no marker\n", "no marker\n", false, 0},
		{"a\x00b\n", "a\x00b\n", false, 0},
		{"x\x00go-xen-exit:\n", "x\x00go-xen-exit:\n", false, 0},
		{"x\x00go-xen-exit:12a\n", "x\x00go-xen-exit:12a\n", false, 0},
		{"panic\n\x00go-xen-exit:2\nafter\n", "panic\nafter\n", true, 2},
		{"\x00go-xen-exit:256\n", "", true, 0},
		{"\x00go-xen-exit:-1\n", "", true, 255},
		{"\x00go-xen-exit:3\n\x00go-xen-exit:4\n", "", true, 3},
		{"tail\x00go-xen", "tail\x00go-xen", false, 0},
	}
	for _, c := range cases {
		// Feed the input in every split into two chunks and byte by byte.
		for split := 0; split <= len(c.in); split++ {
			var m markerFilter
			out := string(m.Write([]byte(c.in[:split])))
			out += string(m.Write([]byte(c.in[split:])))
			out += string(m.Flush())
			if out != c.out || m.found != c.found || m.status != c.status {
				t.Errorf("%q split %d: got %q %v %d, want %q %v %d", c.in, split, out, m.found, m.status, c.out, c.found, c.status)
			}
		}
		var m markerFilter
		out := ""
		for i := 0; i < len(c.in); i++ {
			out += string(m.Write([]byte{c.in[i]}))
		}
		out += string(m.Flush())
		if out != c.out || m.found != c.found || m.status != c.status {
			t.Errorf("%q bytewise: got %q %v %d", c.in, out, m.found, m.status)
		}
	}
}
