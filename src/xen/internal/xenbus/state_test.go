// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenbus_test

import (
	"slices"
	"testing"
	"time"

	"xen/hypercall"
	"xen/internal/xenbus"
	"xen/internal/xenbus/xenbustest"
)

func TestDevices(t *testing.T) {
	s := xenbustest.NewStore(map[string]string{
		"device/vbd/51728/state": "1", "device/vbd/51712/state": "1", "device/vbd/xvdc/state": "1",
		"device/vif/0/state": "1",
	})
	if ids, err := xenbus.Devices(s, "vbd"); err != nil || !slices.Equal(ids, []int{51712, 51728}) {
		t.Errorf("vbds: %v, %v", ids, err)
	}
	if ids, err := xenbus.Devices(s, "vkbd"); err != nil || len(ids) != 0 {
		t.Errorf("no vkbd: %v, %v", ids, err)
	}
}

// TestFollowBackend: a backend that starts closing is answered at once.
func TestFollowBackend(t *testing.T) {
	s := xenbustest.NewStore(map[string]string{"front/state": "4", "back/state": "4"})
	gone := make(chan hypercall.XenbusState, 1)
	stop := make(chan struct{})
	defer close(stop)
	if err := xenbus.FollowBackend(s, "front", "back", stop, func(st hypercall.XenbusState) { gone <- st }); err != nil {
		t.Fatal(err)
	}
	s.Set("back/state", "5")
	select {
	case st := <-gone:
		if st != hypercall.XenbusStateClosing {
			t.Errorf("gone with %v", st)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the backend closing went unnoticed")
	}
	if st := xenbus.ReadState(s, "front/state"); st != hypercall.XenbusStateClosing {
		t.Errorf("frontend in %v, want Closing", st)
	}
}
