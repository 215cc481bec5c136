// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
)

// A minimal xenstore client for the local mode: it reads one key (the guest console's pty)
// without an xenstore-read process per try, which matters where a fork costs (a dom0 under
// TCG). The wire format is xenstore's: a header of four little-endian words (type, request
// id, transaction id, payload length), then the payload.

const (
	xsRead  = 2
	xsError = 16
)

// xenstoreConn connects to xenstored's socket, or to the kernel's xenbus device when the
// daemon has none (a xenstore stub domain, newer tools).
func xenstoreConn() (io.ReadWriteCloser, error) {
	for _, s := range []string{"/run/xenstored/socket", "/var/run/xenstored/socket"} {
		if c, err := net.Dial("unix", s); err == nil {
			return c, nil
		}
	}
	return os.OpenFile("/dev/xen/xenbus", os.O_RDWR, 0)
}

// xenstoreRead returns the value at path; os.ErrNotExist when there is none.
func xenstoreRead(c io.ReadWriter, path string) (string, error) {
	msg := make([]byte, 16, 16+len(path)+1)
	binary.LittleEndian.PutUint32(msg[0:], xsRead)
	binary.LittleEndian.PutUint32(msg[12:], uint32(len(path)+1))
	msg = append(append(msg, path...), 0)
	if _, err := c.Write(msg); err != nil {
		return "", err
	}
	var h [16]byte
	if _, err := io.ReadFull(c, h[:]); err != nil {
		return "", err
	}
	n := binary.LittleEndian.Uint32(h[12:])
	if n > 4096 {
		return "", fmt.Errorf("xenstore: reply of %d bytes", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(c, body); err != nil {
		return "", err
	}
	v := strings.TrimRight(string(body), "\x00")
	switch t := binary.LittleEndian.Uint32(h[0:]); t {
	case xsRead:
		return v, nil
	case xsError:
		if v == "ENOENT" {
			return "", os.ErrNotExist
		}
		return "", errors.New("xenstore: " + v)
	default:
		return "", fmt.Errorf("xenstore: reply of type %d to a read", t)
	}
}
