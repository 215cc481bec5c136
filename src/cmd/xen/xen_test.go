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

// capture runs f with standard output and error going to files, and returns what they got.
func capture(t *testing.T, f func()) (stdout, stderr string) {
	t.Helper()
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	errf, err := os.Create(filepath.Join(dir, "err"))
	if err != nil {
		t.Fatal(err)
	}
	saveOut, saveErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = out, errf
	defer func() { os.Stdout, os.Stderr = saveOut, saveErr }()
	f()
	o, _ := os.ReadFile(out.Name())
	e, _ := os.ReadFile(errf.Name())
	out.Close()
	errf.Close()
	return string(o), string(e)
}

// The command line behaves as the go command's: help on stdout, usage errors on stderr with
// status 2.
func TestCommandLine(t *testing.T) {
	for _, c := range []struct {
		args           []string
		status         int
		stdout, stderr []string // substrings, in order
	}{
		{nil, 2, nil, []string{"Usage:\n\n\tgo tool xen <command> [arguments]\n", "\tconfig ", "\texec ", "\trun ",
			`Use "go tool xen help <command>" for more information about a command.`}},
		{[]string{"help"}, 0, []string{"go tool xen <command> [arguments]", "\tconfig      print an xl config"}, nil},
		{[]string{"bogus"}, 2, nil, []string{"go tool xen: unknown command \"bogus\"\nRun 'go tool xen help' for usage.\n"}},
		{[]string{"help", "run"}, 0, []string{"usage: go tool xen run [flags] IMAGE [ARGS...]\n\nRun boots IMAGE",
			"The flags are:", "-memory MB", "-timeout D", "-vif SPEC"}, nil},
		{[]string{"help", "config"}, 0, []string{"usage: go tool xen config [flags] IMAGE [ARGS...]", "-name NAME", "-o FILE"}, nil},
		{[]string{"help", "exec"}, 0, []string{"usage: go tool xen exec BINARY [ARGS...]", "XEN_EXEC_TIMEOUT"}, nil},
		{[]string{"help", "bogus"}, 2, nil, []string{"go tool xen help bogus: unknown command."}},
		{[]string{"run"}, 2, nil, []string{"usage: go tool xen run [flags] IMAGE [ARGS...]\nRun 'go tool xen help run' for details.\n"}},
		{[]string{"run", "-nosuch", "x"}, 2, nil, []string{"go tool xen run: flag provided but not defined: -nosuch\n", "usage: go tool xen run"}},
		{[]string{"run", "-h"}, 2, nil, []string{"usage: go tool xen run"}},
		{[]string{"config"}, 2, nil, []string{"usage: go tool xen config [flags] IMAGE [ARGS...]"}},
		{[]string{"config", "-memory"}, 2, nil, []string{"go tool xen config: flag needs an argument: -memory"}},
		{[]string{"exec"}, 2, nil, []string{"usage: go tool xen exec BINARY [ARGS...]"}},
		{[]string{"config", "-memory", "0", "x.xen"}, 125, nil, []string{`go tool xen config: bad -memory "0" (MB)`}},
	} {
		var status int
		stdout, stderr := capture(t, func() { status = xenMain(c.args) })
		if status != c.status {
			t.Errorf("%q: status %d, want %d (stderr %q)", c.args, status, c.status, stderr)
		}
		hasInOrder(t, c.args, "stdout", stdout, c.stdout)
		hasInOrder(t, c.args, "stderr", stderr, c.stderr)
		if c.stdout == nil && stdout != "" {
			t.Errorf("%q: unexpected stdout %q", c.args, stdout)
		}
		if c.stderr == nil && stderr != "" {
			t.Errorf("%q: unexpected stderr %q", c.args, stderr)
		}
	}
}

func hasInOrder(t *testing.T, args []string, what, got string, want []string) {
	t.Helper()
	rest := got
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("%q: %s lacks %q (in order):\n%s", args, what, w, got)
			return
		}
		rest = rest[i+len(w):]
	}
}
