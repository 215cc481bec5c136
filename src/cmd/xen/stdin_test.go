// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStdinModeOf(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	if m := stdinModeOf(null); m != stdinEOF {
		t.Errorf("/dev/null: %v", m)
	}
	dir := t.TempDir()
	file := func(content string) *os.File {
		p := filepath.Join(dir, "in")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	if m := stdinModeOf(file("")); m != stdinEOF {
		t.Errorf("empty file: %v", m)
	}
	if m := stdinModeOf(file("data")); m != stdinStream {
		t.Errorf("file: %v", m)
	}
	closed := file("x")
	closed.Close()
	if m := stdinModeOf(closed); m != stdinEOF {
		t.Errorf("closed: %v", m)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if m := stdinModeOf(r); m != stdinStream {
		t.Errorf("pipe: %v", m)
	}
	t.Setenv("XEN_EXEC_STDIN", "console")
	if m := stdinModeOf(null); m != stdinConsole {
		t.Errorf("XEN_EXEC_STDIN=console: %v", m)
	}
}

func TestStreamStdin(t *testing.T) {
	p := filepath.Join(t.TempDir(), "stdin")
	if err := os.WriteFile(p, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	in := strings.Repeat("line of input\n", 10000)
	if err := streamStdinFile(strings.NewReader(in), p); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil || string(got) != in+"\x04" {
		t.Fatalf("streamed %d bytes (%v), want %d and a Ctrl-D", len(got), err, len(in))
	}
}
