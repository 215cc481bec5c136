// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func runSettings(t *testing.T, args, environ []string) (*options, string, string, error) {
	t.Helper()
	var f runFlags
	fs := f.flagSet()
	if err := fs.Parse(args); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	return f.settings(fs.Arg(0), fs.Args()[1:], environ)
}

func TestRunFlags(t *testing.T) {
	// Flags stop at the image: what follows is the program's, flags or not.
	o, mode, files, err := runSettings(t, []string{"-memory", "64", "-vcpus", "2", "-timeout", "90", "-mode", "harness",
		"-keep", "-v", "-env", "K=V", "-files", "a b", "img.xen", "-memory", "1"},
		[]string{"XEN_GUEST_MEMORY=512", "XEN_EXEC_TIMEOUT=5m", "XEN_EXEC_MODE=local", "XEN_EXEC_FILES=c"})
	if err != nil {
		t.Fatal(err)
	}
	if o.memory != 64 || o.vcpus != 2 || o.timeout != 90*time.Second || !o.keep || !o.verbose ||
		!slices.Equal(o.env, []string{"K=V"}) || !slices.Equal(o.args, []string{"-memory", "1"}) || o.binary != "img.xen" {
		t.Errorf("options %+v", o)
	}
	if mode != "harness" || files != "a b" {
		t.Errorf("mode %q, files %q", mode, files)
	}

	// Without flags: exec's environment, but no files unless asked.
	o, mode, files, err = runSettings(t, []string{"img.xen"}, []string{"XEN_GUEST_MEMORY=512", "XEN_EXEC_TIMEOUT=5m", "XEN_EXEC_MODE=local"})
	if err != nil {
		t.Fatal(err)
	}
	if o.memory != 512 || o.timeout != 5*time.Minute || mode != "local" || files != "none" {
		t.Errorf("memory %d, timeout %v, mode %q, files %q", o.memory, o.timeout, mode, files)
	}
	if _, _, files, _ = runSettings(t, []string{"img.xen"}, []string{"XEN_EXEC_FILES=c d"}); files != "c d" {
		t.Errorf("files %q, want XEN_EXEC_FILES's", files)
	}
	if o, _, files, _ = runSettings(t, []string{"-ramdisk", "r.tar", "img.xen"}, nil); o.ramdisk != "r.tar" || files != "" {
		t.Errorf("ramdisk %q, files %q", o.ramdisk, files)
	}

	for _, c := range []struct {
		args    []string
		environ []string
		err     string
	}{
		{[]string{"-timeout", "0", "p"}, nil, `bad -timeout "0"`},
		{[]string{"-timeout", "soon", "p"}, nil, `bad -timeout "soon"`},
		{[]string{"-files", "x", "-ramdisk", "r", "p"}, nil, "cannot be used together"},
		{[]string{"-ramdisk", "r", "p"}, []string{"XEN_EXEC_FILES=x"}, "cannot be used together"},
		{[]string{"-vcpus", "two", "p"}, nil, `bad -vcpus "two"`},
		{[]string{"p"}, []string{"XEN_EXEC_TIMEOUT=-3"}, `bad XEN_EXEC_TIMEOUT "-3"`},
	} {
		_, _, _, err := runSettings(t, c.args, c.environ)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%q %q: error %v, want %q", c.args, c.environ, err, c.err)
		}
	}
}

// A bad mode or a missing image fails before any harness work, with status 125.
func TestRunFails(t *testing.T) {
	for _, c := range []struct {
		args []string
		err  string
	}{
		{[]string{"run", "-mode", "qemu", "x"}, `go tool xen run: bad XEN_EXEC_MODE "qemu" (local or harness)`},
		{[]string{"run", "-mode", "harness", "/nonexistent/x.xen"}, "go tool xen run: stat /nonexistent/x.xen: no such file or directory"},
	} {
		var status int
		_, stderr := capture(t, func() { status = xenMain(c.args) })
		if status != 125 || !strings.Contains(stderr, c.err) {
			t.Errorf("%q: status %d, stderr %q; want 125, %q", c.args, status, stderr, c.err)
		}
	}
}
