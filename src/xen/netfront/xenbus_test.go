// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"slices"
	"strings"
	"testing"
	"time"

	"xen/hypercall"
	"xen/internal/xenbus"
	"xen/internal/xenbus/xenbustest"
)

const backendDir = "/local/domain/0/backend/vif/5/0"

func vifStore() *xenbustest.Store {
	return xenbustest.NewStore(map[string]string{
		"device/vif/0/backend":    backendDir,
		"device/vif/0/backend-id": "0",
		"device/vif/0/mac":        "00:16:3e:0a:0b:0c",
		"device/vif/0/state":      "1",
		"device/vif/3/backend":    backendDir,
		"device/vif/10/x":         "",
		backendDir + "/state":     "2",
	})
}

// netback answers the frontend's state changes as Linux's netback
// does, checking the mandatory nodes.
func netback(s *xenbustest.Store) {
	s.OnWrite = func(path, value string) {
		if path != "device/vif/0/state" {
			return
		}
		switch value {
		case "1": // a new frontend: a Closed backend gets ready again
			if st, _ := s.Read(backendDir + "/state"); string(st) == "6" {
				go s.Set(backendDir+"/state", "2")
			}
		case "4":
			for _, k := range []string{"tx-ring-ref", "rx-ring-ref", "event-channel", "request-rx-copy", "feature-rx-notify"} {
				if _, err := s.Read("device/vif/0/" + k); err != nil {
					s.Set(backendDir+"/state", "6")
					return
				}
			}
			go s.Set(backendDir+"/state", "4")
		case "5":
			go s.Set(backendDir+"/state", "5")
		case "6":
			go s.Set(backendDir+"/state", "6")
		}
	}
}

func TestDevicesAndInfo(t *testing.T) {
	s := vifStore()
	ids, err := devices(s)
	if err != nil || !slices.Equal(ids, []int{0, 3, 10}) {
		t.Errorf("devices = %v, %v", ids, err)
	}
	if ids, err := devices(xenbustest.NewStore(nil)); err != nil || len(ids) != 0 {
		t.Errorf("no vifs: %v, %v", ids, err)
	}
	v, err := readVif(s, 0)
	if err != nil || v.mac != [6]byte{0, 0x16, 0x3e, 10, 11, 12} || v.mtu != 1500 || v.backend != backendDir {
		t.Errorf("readVif = %+v, %v", v, err)
	}
	s.Set("device/vif/0/mtu", "9000")
	if v, _ := readVif(s, 0); v.mtu != 9000 {
		t.Errorf("mtu %d", v.mtu)
	}
	for node, bad := range map[string]string{"mtu": "70000", "mac": "00:16:3e:0a:0b", "backend-id": "32752"} {
		s := vifStore()
		s.Set("device/vif/0/"+node, bad)
		if _, err := readVif(s, 0); err == nil {
			t.Errorf("%s %q accepted", node, bad)
		}
	}
	if _, err := readVif(s, 3); err == nil {
		t.Errorf("vif without mac accepted")
	}
	for _, m := range []string{"00:16:3e:0a:0b:0c:0d", "0:16:3e:0a:0b:0c", "00:16:3e:0a:0b:zz", ""} {
		if _, err := parseMAC(m); err == nil {
			t.Errorf("parseMAC(%q) accepted", m)
		}
	}
	if got := formatMAC([6]byte{0, 0x16, 0x3e, 0xa, 0xb, 0xfc}); got != "00:16:3e:0a:0b:fc" {
		t.Errorf("formatMAC = %s", got)
	}
}

// TestOffered: only vifs in state Initialising are offered, so a vif
// its frontend closed is not taken again until the toolstack makes it
// anew.
func TestOffered(t *testing.T) {
	s := vifStore() // vif 0 is Initialising; 3 and 10 have no state
	if ids, err := offered(s); err != nil || !slices.Equal(ids, []int{0}) {
		t.Errorf("offered = %v, %v; want [0]", ids, err)
	}
	s.Set("device/vif/3/state", "1")
	s.Set("device/vif/0/state", "6")
	if ids, err := offered(s); err != nil || !slices.Equal(ids, []int{3}) {
		t.Errorf("after closing 0: offered = %v, %v; want [3]", ids, err)
	}
	if ids, err := offered(xenbustest.NewStore(nil)); err != nil || len(ids) != 0 {
		t.Errorf("no vifs: %v, %v", ids, err)
	}
}

func published() [][2]string {
	return [][2]string{{"tx-ring-ref", "8"}, {"rx-ring-ref", "9"}, {"event-channel", "5"}}
}

func TestHandshake(t *testing.T) {
	s := vifStore()
	netback(s)
	v, _ := readVif(s, 0)
	if _, err := connect(s, v, published); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"state": "4", "request-rx-copy": "1", "feature-rx-notify": "1", "feature-sg": "1", "tx-ring-ref": "8"} {
		if got, _ := s.Read(v.front + "/" + k); string(got) != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if _, err := s.Read(v.front + "/feature-no-csum-offload"); err == nil {
		t.Errorf("checksum offload turned off")
	}
	gone := make(chan hypercall.XenbusState, 1)
	stop := make(chan struct{})
	if err := xenbus.WatchBackend(s, v.backend, stop, func(st hypercall.XenbusState) { gone <- st }); err != nil {
		t.Fatal(err)
	}
	if err := disconnect(s, v); err != nil {
		t.Fatal(err)
	}
	// The fake backend may pass Closing before the watcher reads the
	// state: either tells the frontend the backend is going.
	if st := <-gone; st != hypercall.XenbusStateClosing && st != hypercall.XenbusStateClosed {
		t.Errorf("watch saw %v", st)
	}
	if got, _ := s.Read(v.front + "/state"); string(got) != "6" {
		t.Errorf("frontend state %s after disconnect", got)
	}
	// The backend stays Closed; a new connect starts from Initialising.
	if _, err := connect(s, v, published); err != nil {
		t.Fatalf("reconnect: %v", err)
	}
}

func TestHandshakeFailures(t *testing.T) {
	defer func(c, d time.Duration) { connectTimeout, closeTimeout = c, d }(connectTimeout, closeTimeout)
	connectTimeout, closeTimeout = 50*time.Millisecond, 50*time.Millisecond

	// A backend that never gets ready.
	s := vifStore()
	s.Set(backendDir+"/state", "1")
	v, _ := readVif(s, 0)
	if _, err := connect(s, v, published); err == nil || !strings.Contains(err.Error(), "Initialising") {
		t.Errorf("connect to a backend stuck Initialising = %v", err)
	}
	// A backend that refuses our details (closes).
	s = vifStore()
	s.OnWrite = func(path, value string) {
		if path == v.front+"/state" && value == "4" {
			go s.Set(backendDir+"/state", "6")
		}
	}
	if _, err := connect(s, v, published); err == nil || !strings.Contains(err.Error(), "Closed") {
		t.Errorf("connect to a closing backend = %v", err)
	}
	// A backend that does not answer the close: disconnect gives up.
	s = vifStore()
	s.Set(backendDir+"/state", "4")
	start := time.Now()
	if err := disconnect(s, v); err == nil {
		t.Errorf("disconnect from a silent backend succeeded")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("disconnect took %v", d)
	}
	// A backend whose node disappears counts as gone.
	s = vifStore()
	s.Remove(backendDir + "/state")
	if err := disconnect(s, v); err != nil {
		t.Errorf("disconnect from a removed backend: %v", err)
	}
}
