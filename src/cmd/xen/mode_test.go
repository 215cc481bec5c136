// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"errors"
	"strings"
	"testing"
)

func TestExecMode(t *testing.T) {
	dom0 := func(bool) error { return nil }
	notDom0 := func(bool) error { return errors.New("not running on Xen") }
	toolstackBroken := func(thorough bool) error { // dom0, but xl info fails
		if thorough {
			return errors.New("xl info failed")
		}
		return nil
	}
	for _, c := range []struct {
		setting string
		probe   dom0Probe
		want    string
		err     string
	}{
		{"", dom0, modeLocal, ""},
		{"", notDom0, modeHarness, ""},
		{"", toolstackBroken, modeHarness, ""},
		{"harness", dom0, modeHarness, ""},
		{"local", dom0, modeLocal, ""},
		{"local", toolstackBroken, modeLocal, ""},
		{"local", notDom0, "", "XEN_EXEC_MODE=local, but this machine cannot run Xen guests itself: not running on Xen"},
		{"qemu", dom0, "", `bad XEN_EXEC_MODE "qemu"`},
	} {
		got, err := execMode(c.setting, c.probe)
		if got != c.want || (err == nil) != (c.err == "") || err != nil && !strings.Contains(err.Error(), c.err) {
			t.Errorf("execMode(%q): %q, %v; want %q, %q", c.setting, got, err, c.want, c.err)
		}
	}
}
