// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package blkfront

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xen/internal/xenbus/xenbustest"
)

const (
	frontDir   = "device/vbd/51712"
	backendDir = "/local/domain/0/backend/vbd/7/51712"
)

// vbdStore is a xenstore with vbd 51712 as the toolstack makes it and
// a backend in InitWait with the transport nodes given.
func vbdStore(transport map[string]string) *xenbustest.Store {
	nodes := map[string]string{
		frontDir + "/backend":           backendDir,
		frontDir + "/backend-id":        "0",
		frontDir + "/state":             "1",
		"device/vbd/51728/backend":      backendDir,
		"device/vbd/xvdc/backend":       backendDir,
		backendDir + "/state":           "2",
		backendDir + "/frontend":        frontDir,
		backendDir + "/params":          "/srv/disk.img",
		backendDir + "/physical-device": "7:0",
	}
	for k, v := range transport {
		nodes[backendDir+"/"+k] = v
	}
	return xenbustest.NewStore(nodes)
}

// blkback answers the frontend's states as Linux's blkback does: at
// Initialised it checks the ring nodes, publishes the disk's nodes and
// connects; it closes when the frontend does, and closes rather than
// connect to a frontend whose nodes are missing, or (as Linux 6.1's
// does, its request pool sized for the first ring) whose ring has
// another size than at the first connection.
func blkback(t *testing.T, s *xenbustest.Store, diskNodes map[string]string) {
	firstOrder := ""
	s.OnWrite = func(path, value string) {
		if path != frontDir+"/state" {
			return
		}
		switch value {
		case "1":
			if st, _ := s.Read(backendDir + "/state"); string(st) == "6" {
				go s.Set(backendDir+"/state", "2")
			}
		case "3":
			if !frontendNodesOK(t, s) {
				go s.Set(backendDir+"/state", "6")
				return
			}
			order, _ := s.Read(frontDir + "/ring-page-order")
			if firstOrder == "" {
				firstOrder = "order " + string(order)
			} else if firstOrder != "order "+string(order) {
				go s.Set(backendDir+"/state", "5")
				return
			}
			for k, v := range diskNodes {
				s.Set(backendDir+"/"+k, v)
			}
			go s.Set(backendDir+"/state", "4")
		case "5", "6":
			go s.Set(backendDir+"/state", value)
		}
	}
}

// frontendNodesOK checks the ring nodes for the order the frontend
// published.
func frontendNodesOK(t *testing.T, s *xenbustest.Store) bool {
	read := func(name string) string {
		v, err := s.Read(frontDir + "/" + name)
		if err != nil {
			return ""
		}
		return string(v)
	}
	if read("event-channel") == "" || read("protocol") != "x86_64-abi" {
		t.Errorf("event-channel %q protocol %q", read("event-channel"), read("protocol"))
		return false
	}
	order, _ := strconv.Atoi(read("ring-page-order"))
	if order == 0 {
		return read("ring-ref") != ""
	}
	if read("num-ring-pages") != strconv.Itoa(1<<order) || read("ring-ref") != "" {
		t.Errorf("order %d: num-ring-pages %q, ring-ref %q", order, read("num-ring-pages"), read("ring-ref"))
		return false
	}
	for i := range 1 << order {
		if read("ring-ref"+strconv.Itoa(i)) == "" {
			return false
		}
	}
	return true
}

// publishFake grants nothing: it names 2^order made-up references.
func publishFake(order int) ([][2]string, error) {
	refs := make([]uint32, 1<<order)
	for i := range refs {
		refs[i] = uint32(8 + i)
	}
	return append(ringNodes(refs), [2]string{"event-channel", "5"}), nil
}

var plainDisk = map[string]string{"sectors": "2048", "info": "0", "sector-size": "512"}

func TestDevicesAndVbd(t *testing.T) {
	s := vbdStore(nil)
	if ids, err := devices(s); err != nil || !slices.Equal(ids, []int{51712, 51728}) {
		t.Errorf("devices = %v, %v", ids, err)
	}
	if ids, err := devices(xenbustest.NewStore(nil)); err != nil || len(ids) != 0 {
		t.Errorf("no vbds: %v, %v", ids, err)
	}
	v, err := readVbd(s, 51712)
	if err != nil || v.backend != backendDir || v.backendID != 0 || v.handle != 51712 || v.front != frontDir {
		t.Errorf("readVbd = %+v, %v", v, err)
	}
	s.Set(frontDir+"/backend-id", "32752")
	if _, err := readVbd(s, 51712); err == nil {
		t.Errorf("backend-id 32752 accepted")
	}
	if _, err := readVbd(s, 51728); err == nil {
		t.Errorf("vbd without backend-id accepted")
	}
}

func TestHandshake(t *testing.T) {
	for _, c := range []struct {
		name      string
		transport map[string]string
		want      int // order asked for
		order     int // order used
		disk      map[string]string
		check     func(disk) bool
	}{
		{"one page", nil, 2, 0, plainDisk, func(d disk) bool { return d.size() == 1<<20 && !d.readOnly }},
		{"multi-page", map[string]string{"max-ring-page-order": "4"}, 2, 2, plainDisk, nil},
		{"capped by the backend", map[string]string{"max-ring-page-order": "1"}, 3, 1, plainDisk, nil},
		{"capped by us", map[string]string{"max-ring-page-order": "9"}, 7, maxRingOrder, plainDisk, nil},
		{"max-ring-pages", map[string]string{"max-ring-pages": "8"}, 4, 3, plainDisk, nil},
		{"skipping InitWait", map[string]string{"state": "3"}, 0, 0, plainDisk, nil},
		{"read-only info", nil, 0, 0, map[string]string{"sectors": "8", "info": "4", "sector-size": "512"},
			func(d disk) bool { return d.readOnly }},
		{"read-only mode", map[string]string{"mode": "r"}, 0, 0, plainDisk, func(d disk) bool { return d.readOnly }},
		{"cdrom", nil, 0, 0, map[string]string{"sectors": "8", "info": "1"}, func(d disk) bool { return d.cdrom && !d.readOnly }},
		{"4k sectors", nil, 0, 0, map[string]string{"sectors": "80", "info": "0", "sector-size": "4096", "physical-sector-size": "4096"},
			func(d disk) bool { return d.sectorSize == 4096 && d.physSectorSize == 4096 && d.size() == 40960 }},
		{"512e", nil, 0, 0, map[string]string{"sectors": "81", "sector-size": "512", "physical-sector-size": "4096"},
			func(d disk) bool { return d.sectorSize == 512 && d.physSectorSize == 4096 && d.size() == 81*512 }},
		{"flush", nil, 0, 0, map[string]string{"sectors": "8", "feature-flush-cache": "1", "feature-barrier": "1"},
			func(d disk) bool { return d.features.Flush && d.features.Barrier }},
		{"barrier", nil, 0, 0, map[string]string{"sectors": "8", "feature-barrier": "1", "feature-flush-cache": "0"},
			func(d disk) bool { return !d.features.Flush && d.features.Barrier }},
		{"discard", nil, 0, 0, map[string]string{"sectors": "8", "feature-discard": "1", "discard-granularity": "65536", "discard-alignment": "4096", "discard-secure": "1"},
			func(d disk) bool {
				f := d.features
				return f.Discard && f.SecureDiscard && f.DiscardGranularity == 65536 && f.DiscardAlignment == 4096
			}},
		{"discard defaults", nil, 0, 0, map[string]string{"sectors": "8", "sector-size": "4096", "feature-discard": "1"},
			func(d disk) bool {
				f := d.features
				return f.Discard && !f.SecureDiscard && f.DiscardGranularity == 4096 && f.DiscardAlignment == 0
			}},
		{"secure without discard", nil, 0, 0, map[string]string{"sectors": "8", "discard-secure": "1"},
			func(d disk) bool { return !d.features.Discard && !d.features.SecureDiscard }},
		{"indirect", map[string]string{"feature-max-indirect-segments": "256"}, 0, 0, plainDisk,
			func(d disk) bool { return d.features.MaxIndirectSegments == 256 }},
		{"indirect too small", map[string]string{"feature-max-indirect-segments": "8"}, 0, 0, plainDisk,
			func(d disk) bool { return d.features.MaxIndirectSegments == 0 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := vbdStore(c.transport)
			blkback(t, s, c.disk)
			v, _ := readVbd(s, 51712)
			got := -1
			dk, err := connect(s, v, c.want, func(order int) ([][2]string, error) {
				got = order
				return publishFake(order)
			})
			if err != nil {
				t.Fatal(err)
			}
			if got != c.order || dk.features.RingPages != 1<<c.order {
				t.Errorf("order %d, %d ring pages; want order %d", got, dk.features.RingPages, c.order)
			}
			if st, _ := s.Read(frontDir + "/state"); string(st) != "4" {
				t.Errorf("frontend state %s", st)
			}
			if c.check != nil && !c.check(dk) {
				t.Errorf("disk %+v", dk)
			}
			if err := disconnect(s, v); err != nil {
				t.Errorf("disconnect: %v", err)
			}
		})
	}
}

// TestReconnectKeepsRingSize: a device opened again, with another ring
// size asked for, keeps the size of its first connection, which is all
// Linux's blkback can take.
func TestReconnectKeepsRingSize(t *testing.T) {
	for _, c := range []struct{ first, second int }{{1, 0}, {0, 2}, {2, 1}} {
		s := vbdStore(map[string]string{"max-ring-page-order": "4"})
		blkback(t, s, plainDisk)
		v, _ := readVbd(s, 51712)
		for i, want := range []int{c.first, c.second} {
			dk, err := connect(s, v, want, publishFake)
			if err != nil {
				t.Fatalf("orders %d then %d: connection %d: %v", c.first, c.second, i+1, err)
			}
			if dk.features.RingPages != 1<<c.first {
				t.Errorf("orders %d then %d: connection %d has %d ring pages, want %d", c.first, c.second, i+1, dk.features.RingPages, 1<<c.first)
			}
			if err := disconnect(s, v); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestBadDisk: a backend describing a disk that cannot be is refused.
func TestBadDisk(t *testing.T) {
	for name, bad := range map[string]map[string]string{
		"no sectors":             {"info": "0"},
		"sectors not a number":   {"sectors": "lots"},
		"too many sectors":       {"sectors": "18014398509481984"},
		"odd sector size":        {"sectors": "8", "sector-size": "1000"},
		"small sector size":      {"sectors": "8", "sector-size": "256"},
		"sectors beyond a page":  {"sectors": "8", "sector-size": "8192"},
		"physical under logical": {"sectors": "8", "sector-size": "4096", "physical-sector-size": "512"},
		"physical not a power":   {"sectors": "8", "physical-sector-size": "1536"},
		"bad info":               {"sectors": "8", "info": "-1"},
		"discard granularity 0":  {"sectors": "8", "feature-discard": "1", "discard-granularity": "0"},
		"bad indirect":           {"sectors": "8", "feature-max-indirect-segments": "x"},
	} {
		s := vbdStore(nil)
		blkback(t, s, bad)
		v, _ := readVbd(s, 51712)
		if dk, err := connect(s, v, 0, publishFake); err == nil {
			t.Errorf("%s: accepted as %+v", name, dk)
		}
	}
	// Transport nodes that cannot be.
	for _, bad := range []map[string]string{{"max-ring-page-order": "-1"}, {"max-ring-pages": "x"}} {
		s := vbdStore(bad)
		blkback(t, s, plainDisk)
		v, _ := readVbd(s, 51712)
		if _, err := connect(s, v, 0, publishFake); err == nil {
			t.Errorf("transport %v accepted", bad)
		}
	}
}

func TestHandshakeFailures(t *testing.T) {
	defer func(c, d time.Duration) { connectTimeout, closeTimeout = c, d }(connectTimeout, closeTimeout)
	connectTimeout, closeTimeout = 50*time.Millisecond, 50*time.Millisecond

	// A backend that never gets ready.
	s := vbdStore(map[string]string{"state": "1"})
	v, _ := readVbd(s, 51712)
	if _, err := connect(s, v, 0, publishFake); err == nil || !strings.Contains(err.Error(), "Initialising") {
		t.Errorf("connect to a backend stuck Initialising = %v", err)
	}
	// A backend that refuses our ring (closes).
	s = vbdStore(nil)
	s.OnWrite = func(path, value string) {
		if path == frontDir+"/state" && value == "3" {
			go s.Set(backendDir+"/state", "6")
		}
	}
	if _, err := connect(s, v, 0, publishFake); err == nil || !strings.Contains(err.Error(), "Closed") {
		t.Errorf("connect to a closing backend = %v", err)
	}
	// A frontend that cannot share its ring says so.
	s = vbdStore(nil)
	blkback(t, s, plainDisk)
	_, err := connect(s, v, 0, func(int) ([][2]string, error) { return nil, ErrIO })
	if err != ErrIO {
		t.Errorf("connect with a failing publish = %v", err)
	}
	// A backend that does not answer the close: disconnect gives up.
	s = vbdStore(map[string]string{"state": "4"})
	start := time.Now()
	if err := disconnect(s, v); err == nil {
		t.Errorf("disconnect from a silent backend succeeded")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("disconnect took %v", d)
	}
	// Reconnecting to a backend left Closed.
	s = vbdStore(map[string]string{"state": "6"})
	blkback(t, s, plainDisk)
	if _, err := connect(s, v, 0, publishFake); err != nil {
		t.Errorf("reconnect: %v", err)
	}
}
