// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"bytes"
	"strconv"
)

// The guest runtime ends its console output with "\x00go-xen-exit:N\n" (N decimal) before it
// powers the domain off. markerFilter passes everything else through and records N.
var markerPrefix = []byte("\x00go-xen-exit:")

const maxMarkerLen = len("\x00go-xen-exit:") + 12 // sign, digits, newline

type markerFilter struct {
	pending []byte // a possible marker start, held back until it is decided
	found   bool
	status  int
}

// Write filters p and returns the bytes to pass on.
func (m *markerFilter) Write(p []byte) []byte {
	var out []byte
	buf := append(m.pending, p...)
	m.pending = nil
	for len(buf) > 0 {
		i := bytes.IndexByte(buf, 0)
		if i < 0 {
			out = append(out, buf...)
			break
		}
		out = append(out, buf[:i]...)
		buf = buf[i:]
		n, status, state := parseMarker(buf)
		switch state {
		case markerIncomplete:
			m.pending = append([]byte(nil), buf...)
			return out
		case markerNo:
			out = append(out, buf[0])
			buf = buf[1:]
		case markerYes:
			if !m.found {
				m.found, m.status = true, status
			}
			buf = buf[n:]
		}
	}
	return out
}

// Flush returns bytes held back at the end of the stream (an unfinished marker is output).
func (m *markerFilter) Flush() []byte {
	p := m.pending
	m.pending = nil
	return p
}

type markerState int

const (
	markerNo markerState = iota
	markerYes
	markerIncomplete
)

// parseMarker looks at b, which starts with a NUL byte.
func parseMarker(b []byte) (n, status int, st markerState) {
	k := len(markerPrefix)
	if len(b) < k {
		if bytes.HasPrefix(markerPrefix, b) {
			return 0, 0, markerIncomplete
		}
		return 0, 0, markerNo
	}
	if !bytes.HasPrefix(b, markerPrefix) {
		return 0, 0, markerNo
	}
	j := k
	for j < len(b) && j < maxMarkerLen && (b[j] >= '0' && b[j] <= '9' || b[j] == '-' && j == k) {
		j++
	}
	if j == len(b) && j < maxMarkerLen {
		return 0, 0, markerIncomplete
	}
	if b[j] != '\n' || j == k {
		return 0, 0, markerNo
	}
	v, err := strconv.ParseInt(string(b[k:j]), 10, 64)
	if err != nil {
		return 0, 0, markerNo
	}
	return j + 1, int(v & 0xff), markerYes // like a Unix exit status
}
