// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Where the guest runs. On a machine that is itself dom0 of a real Xen, the client boots it
// with the local xl ("local"); anywhere else it hands it to the QEMU harness's dom0
// ("harness"). XEN_EXEC_MODE=local or harness forces one.

const (
	modeHarness = "harness"
	modeLocal   = "local"
)

// dom0Probe reports why this machine cannot run guests with its own xl, or nil. thorough
// also runs `xl info`, which proves the toolstack works but costs a fork and hypercalls.
type dom0Probe func(thorough bool) error

// execMode decides the mode from XEN_EXEC_MODE and, when it is unset, from probe.
func execMode(setting string, probe dom0Probe) (string, error) {
	switch setting {
	case modeHarness:
		return modeHarness, nil
	case modeLocal:
		// Forced: check only what a dom0 must have; xl create reports the rest.
		if err := probe(false); err != nil {
			return "", fmt.Errorf("XEN_EXEC_MODE=local, but this machine cannot run Xen guests itself: %v", err)
		}
		return modeLocal, nil
	case "":
		if probe(true) == nil {
			return modeLocal, nil
		}
		return modeHarness, nil
	}
	return "", fmt.Errorf("bad XEN_EXEC_MODE %q (local or harness)", setting)
}

// probeDom0 is the real dom0Probe: Xen says this domain is the control domain
// (/proc/xen/capabilities holds "control_d"), xl is on PATH, and (thorough) `xl info` works.
func probeDom0(thorough bool) error {
	caps, err := os.ReadFile("/proc/xen/capabilities")
	if err != nil {
		return fmt.Errorf("not running on Xen (%v)", err)
	}
	if !strings.Contains(string(caps), "control_d") {
		return fmt.Errorf("not Xen's dom0 (/proc/xen/capabilities has no control_d: a domU)")
	}
	xl, err := exec.LookPath("xl")
	if err != nil {
		return fmt.Errorf("dom0, but xl is not on PATH")
	}
	if thorough {
		var out bytes.Buffer
		cmd := exec.Command(xl, "info")
		cmd.Stderr = &out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("xl info failed (%v): %s", err, strings.TrimSpace(out.String()))
		}
	}
	return nil
}
