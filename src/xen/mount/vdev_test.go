// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package mount_test

import (
	"testing"

	. "xen/mount"
)

func TestVbdIndex(t *testing.T) {
	for name, want := range map[string]int{
		"xvda": 51712, "xvdb": 51728, "xvdp": 51952, // xl's numbers
		"xvdq": 1<<28 | 16<<8, "xvdz": 1<<28 | 25<<8, "xvdaa": 1<<28 | 26<<8,
		"51712": 51712, "268439552": 268439552,
	} {
		if got, err := VbdIndex(name); err != nil || got != want {
			t.Errorf("vbdIndex(%q) = %d, %v; want %d", name, got, err, want)
		}
	}
	for _, name := range []string{"", "xvd", "sda", "xvdA", "xvd1", "0", "-5", "xvdaaaa"} {
		if got, err := VbdIndex(name); err == nil {
			t.Errorf("vbdIndex(%q) = %d, want an error", name, got)
		}
	}
}

func TestParseSetting(t *testing.T) {
	for in, want := range map[string]Setting{
		"xvda=/data":   {Disk: "xvda", Dir: "/data"},
		"xvdb=/ref,ro": {Disk: "xvdb", Dir: "/ref", ReadOnly: true},
		"xvdb=/ref,rw": {Disk: "xvdb", Dir: "/ref"},
		"51712=/a/b/c": {Disk: "51712", Dir: "/a/b/c"},
	} {
		if got, err := ParseSetting(in); err != nil || got != want {
			t.Errorf("parseSetting(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "xvda", "xvda=", "=/data", "xvda=data", "xvda=/d,rx", "sdq=/d"} {
		if got, err := ParseSetting(in); err == nil {
			t.Errorf("parseSetting(%q) = %+v, want an error", in, got)
		}
	}
}
