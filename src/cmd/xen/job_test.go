// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"strings"
	"testing"
)

// Both modes write the same config; only where xl finds the image and the files differs.
func TestConfig(t *testing.T) {
	o, err := optionsFromEnv("/tmp/x/hello", []string{"a b"}, []string{"XEN_GUEST_MEMORY=64", "XEN_GUEST_VCPUS=2"})
	if err != nil {
		t.Fatal(err)
	}
	o.files = []string{"/tmp/x/data"}
	o.cwd = "/tmp/x"
	j := &job{opt: o, name: "go-hello-1", kernel: "/tmp/go-xen-1/image", ramdisk: "/tmp/go-xen-1/files", onEnd: "preserve"}
	want := `name = "go-hello-1"
type = "pvh"
kernel = "/tmp/go-xen-1/image"
memory = 64
vcpus = 2
tsc_mode = "native"
cmdline = "argv0:hello cwd:/tmp/x stdin:eof -- a%20b"
ramdisk = "/tmp/go-xen-1/files"
on_poweroff = "preserve"
on_reboot = "preserve"
on_crash = "preserve"
`
	if got := j.config(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	o.files = nil
	if got := j.config(); strings.Contains(got, "ramdisk") || strings.Contains(got, "cwd:") {
		t.Errorf("no files, but:\n%s", got)
	}
}
