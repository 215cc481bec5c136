// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The harness is a QEMU machine running Xen and a Linux dom0, set up and started by the
// scripts in a Go for Xen checkout's scripts/harness. The tool finds them through
// $XEN_HARNESS_SCRIPTS (go_xen_amd64_exec sets it to its own checkout's), else through
// GOROOT/misc/xen/harness, where toolchain/build.sh records the checkout that built the
// toolchain. The machine's state is in $XEN_HARNESS_DIR, by default the checkout's
// build/harness, as for the scripts themselves.

// harnessRecord is the file, relative to GOROOT, that names the harness's scripts.
const harnessRecord = "misc/xen/harness"

// harnessScripts returns the harness's scripts directory, or "" when none is known.
func harnessScripts() (string, error) {
	if d := os.Getenv("XEN_HARNESS_SCRIPTS"); d != "" {
		return filepath.Abs(d)
	}
	root := goroot()
	if root == "" {
		return "", nil
	}
	b, err := os.ReadFile(filepath.Join(root, harnessRecord))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	return strings.TrimSpace(string(b)), err
}

// goroot returns the GOROOT of the toolchain the tool belongs to: the one whose
// pkg/tool/GOOS_GOARCH holds it, else $GOROOT, else that of the go command on PATH.
func goroot() string {
	if exe, err := os.Executable(); err == nil {
		if exe, err = filepath.EvalSymlinks(exe); err == nil {
			toolDir := filepath.Dir(filepath.Dir(exe))
			if filepath.Base(toolDir) == "tool" && filepath.Base(filepath.Dir(toolDir)) == "pkg" {
				return filepath.Dir(filepath.Dir(toolDir))
			}
		}
	}
	if r := os.Getenv("GOROOT"); r != "" {
		return r
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// startHarness makes sure the harness machine runs, starting it when needed (its progress
// goes to standard error), and returns its state directory.
func startHarness() (string, error) {
	scripts, err := harnessScripts()
	if err != nil {
		return "", fmt.Errorf("cannot find the Xen harness: %v", err)
	}
	hdir := os.Getenv("XEN_HARNESS_DIR")
	if scripts == "" {
		if hdir == "" {
			return "", fmt.Errorf("cannot find the Xen harness: set XEN_HARNESS_SCRIPTS to a Go for Xen checkout's scripts/harness " +
				"(toolchain/build.sh records its own in GOROOT/" + harnessRecord + ")")
		}
		return hdir, nil // a harness that runs already, from scripts the tool does not know
	}
	ready := filepath.Join(scripts, "ready")
	if _, err := os.Stat(ready); err != nil {
		// A toolchain copied away from its checkout (a container image) keeps the record.
		return "", fmt.Errorf("cannot find the Xen harness: %v (set XEN_HARNESS_SCRIPTS to a Go for Xen checkout's scripts/harness)", err)
	}
	if hdir == "" {
		hdir = filepath.Join(scripts, "..", "..", "build", "harness") // lib.sh's default
	}
	if hdir, err = filepath.Abs(hdir); err != nil {
		return "", err
	}
	cmd := exec.Command(ready)
	cmd.Env = append(os.Environ(), "XEN_HARNESS_DIR="+hdir)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("the Xen harness could not be started (%s: %v)", cmd.Path, err)
	}
	return hdir, nil
}
