// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"testing"
)

// fakeXenstored answers reads from m over c, as xenstored does.
func fakeXenstored(t *testing.T, c net.Conn, m map[string]string) {
	defer c.Close()
	for {
		var h [16]byte
		if _, err := io.ReadFull(c, h[:]); err != nil {
			return
		}
		body := make([]byte, binary.LittleEndian.Uint32(h[12:]))
		if _, err := io.ReadFull(c, body); err != nil {
			return
		}
		if binary.LittleEndian.Uint32(h[0:]) != xsRead || len(body) == 0 || body[len(body)-1] != 0 {
			t.Errorf("bad request % x % x", h, body)
			return
		}
		typ, v := uint32(xsRead), m[string(body[:len(body)-1])]
		if v == "" {
			typ, v = xsError, "ENOENT\x00"
		}
		binary.LittleEndian.PutUint32(h[0:], typ)
		binary.LittleEndian.PutUint32(h[12:], uint32(len(v)))
		c.Write(append(h[:], v...))
	}
}

func TestXenstoreRead(t *testing.T) {
	client, server := net.Pipe()
	go fakeXenstored(t, server, map[string]string{"/local/domain/3/console/tty": "/dev/pts/4"})
	defer client.Close()
	if v, err := xenstoreRead(client, "/local/domain/3/console/tty"); v != "/dev/pts/4" || err != nil {
		t.Errorf("got %q, %v", v, err)
	}
	if _, err := xenstoreRead(client, "/local/domain/4/console/tty"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing key: %v, want ErrNotExist", err)
	}
}
