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

// The harness's scripts come from XEN_HARNESS_SCRIPTS, else from the record in GOROOT (the
// test binary is not in a pkg/tool directory, so goroot is $GOROOT).
func TestHarnessScripts(t *testing.T) {
	root := t.TempDir()
	t.Setenv("GOROOT", root)
	t.Setenv("XEN_HARNESS_SCRIPTS", "")
	if d, err := harnessScripts(); d != "" || err != nil {
		t.Errorf("no record: %q, %v", d, err)
	}
	if err := os.MkdirAll(filepath.Join(root, "misc/xen"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, harnessRecord), []byte("/repo/scripts/harness\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if d, err := harnessScripts(); d != "/repo/scripts/harness" || err != nil {
		t.Errorf("recorded: %q, %v", d, err)
	}
	t.Setenv("XEN_HARNESS_SCRIPTS", "/other/scripts/harness")
	if d, err := harnessScripts(); d != "/other/scripts/harness" || err != nil {
		t.Errorf("XEN_HARNESS_SCRIPTS: %q, %v", d, err)
	}
}

// startHarness runs the scripts' ready with the state directory it uses: XEN_HARNESS_DIR, else
// the checkout's build/harness, as lib.sh's default.
func TestStartHarness(t *testing.T) {
	repo := t.TempDir()
	scripts := filepath.Join(repo, "scripts", "harness")
	if err := os.MkdirAll(scripts, 0o755); err != nil {
		t.Fatal(err)
	}
	got := filepath.Join(repo, "ready.out")
	ready := "#!/bin/sh\necho \"$XEN_HARNESS_DIR\" >" + got + "\nexit ${READY_STATUS:-0}\n"
	if err := os.WriteFile(filepath.Join(scripts, "ready"), []byte(ready), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XEN_HARNESS_SCRIPTS", scripts)
	t.Setenv("XEN_HARNESS_DIR", "")
	check := func(want string) {
		t.Helper()
		hdir, err := startHarness()
		b, _ := os.ReadFile(got)
		if err != nil || hdir != want || strings.TrimSpace(string(b)) != want {
			t.Errorf("startHarness: %q, %v; ready saw %q; want %q", hdir, err, b, want)
		}
	}
	check(filepath.Join(repo, "build", "harness"))
	t.Setenv("XEN_HARNESS_DIR", "/state")
	check("/state")

	t.Setenv("READY_STATUS", "1")
	if _, err := startHarness(); err == nil || !strings.Contains(err.Error(), "the Xen harness could not be started") {
		t.Errorf("ready failed, but: %v", err)
	}

	// Scripts that are not there (a toolchain moved away from its checkout) are an error.
	t.Setenv("XEN_HARNESS_SCRIPTS", filepath.Join(repo, "gone"))
	if _, err := startHarness(); err == nil || !strings.Contains(err.Error(), "cannot find the Xen harness") {
		t.Errorf("scripts gone, but: %v", err)
	}

	// No scripts known: a running harness named by XEN_HARNESS_DIR is used as it is.
	t.Setenv("XEN_HARNESS_SCRIPTS", "")
	t.Setenv("GOROOT", t.TempDir())
	if hdir, err := startHarness(); hdir != "/state" || err != nil {
		t.Errorf("no scripts, XEN_HARNESS_DIR set: %q, %v", hdir, err)
	}
	t.Setenv("XEN_HARNESS_DIR", "")
	if _, err := startHarness(); err == nil || !strings.Contains(err.Error(), "set XEN_HARNESS_SCRIPTS") {
		t.Errorf("no scripts, no XEN_HARNESS_DIR: %v", err)
	}
}
