// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package xenstore

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"xen/hypercall"
)

// giveUp is how many parts a hostile backend in these tests sends before
// it relents and ends the list, so that a client without bounds fails the
// test instead of hanging it.
const giveUp = 20000

// hostileParts makes XS_DIRECTORY answer E2BIG and XS_DIRECTORY_PART
// answer part(n, off) for the n-th part asked for, at offset off. It
// returns a function that reports how many parts were asked for.
func hostileParts(s *fakeServer, part func(n int, off string) []byte) func() int {
	n := 0
	s.mu.Lock()
	s.hook = func(h Header, p []byte) ([]byte, bool) {
		switch h.Type {
		case hypercall.XSDirectory:
			return msg(hypercall.XSError, h.ReqID, 0, cstr("E2BIG")), true
		case hypercall.XSDirectoryPart:
			n++
			b := part(n, parseStrings(p)[1])
			if n > giveUp {
				b = []byte("1\x00\x00")
			}
			return msg(hypercall.XSDirectoryPart, h.ReqID, 0, b), true
		}
		return nil, false
	}
	s.mu.Unlock()
	return func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return n
	}
}

func TestDirectoryPartsHostile(t *testing.T) {
	name4k := strings.Repeat("x", 4000)
	cases := []struct {
		name     string
		part     func(n int, off string) []byte
		want     error
		maxParts int
	}{
		{"endless, advancing", func(n int, off string) []byte {
			return []byte("1\x00n" + strconv.Itoa(n) + "\x00")
		}, ErrProtocol, maxDirParts},
		{"offset ignored", func(n int, off string) []byte {
			return []byte("1\x00a\x00b\x00")
		}, ErrProtocol, maxDirParts},
		{"more than the byte cap", func(n int, off string) []byte {
			return []byte("1\x00" + name4k[:3990-len(off)] + off + "\x00")
		}, ErrTooBig, maxDirBytes/3990 + 2},
		{"generation changes every part", func(n int, off string) []byte {
			return []byte(strconv.Itoa(n) + "\x00a\x00")
		}, ErrAgain, 2 * dirAttempts},
		{"no progress", func(n int, off string) []byte {
			return []byte("1\x00")
		}, ErrProtocol, 1},
		{"unterminated name", func(n int, off string) []byte {
			return []byte("1\x00a\x00b")
		}, ErrProtocol, 1},
		{"empty name", func(n int, off string) []byte {
			return []byte("1\x00a\x00\x00b\x00")
		}, ErrProtocol, 1},
		{"empty generation", func(n int, off string) []byte {
			return []byte("\x00a\x00\x00")
		}, ErrProtocol, 1},
		{"empty part", func(n int, off string) []byte {
			return nil
		}, ErrProtocol, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := newFake(t)
			c.Write("/ok", []byte("v"))
			asked := hostileParts(s, tc.part)
			names, err := c.Directory("/d")
			if !errors.Is(err, tc.want) {
				t.Fatalf("Directory = %d names, %v; want %v after %d parts", len(names), err, tc.want, asked())
			}
			if !strings.Contains(err.Error(), "directory /d") {
				t.Errorf("error %q does not name the request", err)
			}
			if n := asked(); n > tc.maxParts {
				t.Fatalf("asked for %d parts, want at most %d", n, tc.maxParts)
			}
			// The client is still usable.
			s.mu.Lock()
			s.hook = nil
			s.mu.Unlock()
			if v, err := c.Read("/ok"); err != nil || string(v) != "v" {
				t.Fatalf("Read afterwards = %q, %v", v, err)
			}
		})
	}
}

// TestDirectoryPartsTooBig: a real directory with more than maxDirBytes
// of names is refused with ErrTooBig rather than held in memory.
func TestDirectoryPartsTooBig(t *testing.T) {
	s, c := newFake(t)
	long := strings.Repeat("n", 240)
	s.mu.Lock()
	for i := 0; i < maxDirBytes/250+100; i++ {
		setNode(s.nodes, "/huge/"+long+strconv.Itoa(100000+i), []byte{})
	}
	s.mu.Unlock()
	names, err := c.Directory("/huge")
	if !errors.Is(err, ErrTooBig) {
		t.Fatalf("Directory = %d names, %v; want ErrTooBig", len(names), err)
	}
}

// TestDirectoryPartsRestart: a generation change restarts the listing,
// which then completes.
func TestDirectoryPartsRestart(t *testing.T) {
	s, c := newFake(t)
	parts := []string{"1\x00a\x00", "2\x00b\x00", "2\x00a\x00", "2\x00b\x00\x00"}
	asked := hostileParts(s, func(n int, off string) []byte { return []byte(parts[min(n, len(parts))-1]) })
	names, err := c.Directory("/d")
	if err != nil || strings.Join(names, ",") != "a,b" || asked() != 4 {
		t.Fatalf("Directory = %q, %v after %d parts", names, err, asked())
	}
}

// TestDirectoryPartsSlow: the timeout bounds a whole listing, not each
// part, so a backend that answers every part slowly and never ends costs
// one timeout.
func TestDirectoryPartsSlow(t *testing.T) {
	s, c := newFake(t)
	c.SetTimeout(300 * time.Millisecond)
	hostileParts(s, func(n int, off string) []byte {
		time.Sleep(20 * time.Millisecond)
		return []byte("1\x00n" + strconv.Itoa(n) + "\x00")
	})
	start := time.Now()
	err := within(t, "Directory", func() error { _, err := c.Directory("/d"); return err })
	wantDeadline(t, err, "directory", "/d")
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
}
