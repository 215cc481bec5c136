// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenbus_test

import (
	"testing"

	"xen/hypercall"
	"xen/internal/xenbus"
	"xen/internal/xenbus/xenbustest"
)

func TestNodes(t *testing.T) {
	s := xenbustest.NewStore(map[string]string{
		"b/one": "1", "b/nul": "1\x00", "b/zero": "0", "b/yes": "yes",
		"b/n": "4096", "b/big": "70000", "b/neg": "-1", "b/state": "4",
	})
	for path, want := range map[string]bool{"b/one": true, "b/nul": true, "b/zero": false, "b/yes": false, "b/none": false} {
		if got := xenbus.Flag(s, path); got != want {
			t.Errorf("Flag(%s) = %v", path, got)
		}
	}
	if n, err := xenbus.Uint(s, "b/n", 16, 7); n != 4096 || err != nil {
		t.Errorf("Uint(b/n) = %d, %v", n, err)
	}
	if n, err := xenbus.Uint(s, "b/none", 16, 7); n != 7 || err != nil {
		t.Errorf("Uint of a missing node = %d, %v; want the default", n, err)
	}
	for _, p := range []string{"b/big", "b/neg", "b/yes"} {
		if _, err := xenbus.Uint(s, p, 16, 0); err == nil {
			t.Errorf("Uint(%s) accepted", p)
		}
	}
	if st := xenbus.ReadState(s, "b/state"); st != hypercall.XenbusStateConnected {
		t.Errorf("ReadState = %v", st)
	}
	if st := xenbus.ReadState(s, "b/yes"); st != hypercall.XenbusStateUnknown {
		t.Errorf("ReadState of garbage = %v", st)
	}
}
