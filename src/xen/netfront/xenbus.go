// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"xen/hypercall"
	"xen/internal/xenbus"
)

// Handshake limits: the backend's hotplug script runs in dom0 before
// it connects, which takes seconds on a loaded host.
var (
	connectTimeout = 60 * time.Second
	closeTimeout   = 5 * time.Second
)

// devices lists the entries of device/vif.
func devices(s xenbus.Store) ([]int, error) { return xenbus.Devices(s, "vif") }

// offered lists the vifs set up for a frontend that has not started:
// device/vif/N in state Initialising, as the toolstack creates them.
// A vif that a frontend used, or gave up on, is in another state until
// the toolstack removes it and, perhaps, creates it again.
func offered(s xenbus.Store) ([]int, error) {
	ids, err := devices(s)
	if err != nil {
		return nil, err
	}
	var fresh []int
	for _, n := range ids {
		if xenbus.ReadState(s, "device/vif/"+strconv.Itoa(n)+"/state") == hypercall.XenbusStateInitialising {
			fresh = append(fresh, n)
		}
	}
	return fresh, nil
}

// vifInfo is what the toolstack wrote for one vif.
type vifInfo struct {
	front     string // device/vif/N
	backend   string // the backend's directory
	backendID hypercall.DomID
	mac       [6]byte
	mtu       int
}

func readVif(s xenbus.Store, index int) (vifInfo, error) {
	v := vifInfo{front: "device/vif/" + strconv.Itoa(index), mtu: 1500}
	read := func(name string) (string, error) {
		b, err := s.Read(v.front + "/" + name)
		if err != nil {
			return "", errors.Join(errors.New("netfront: reading "+v.front+"/"+name), err)
		}
		return strings.TrimRight(string(b), "\x00"), nil
	}
	var err error
	if v.backend, err = read("backend"); err != nil {
		return v, err
	}
	id, err := read("backend-id")
	if err != nil {
		return v, err
	}
	n, err := strconv.ParseUint(id, 10, 16)
	if err != nil || n >= uint64(hypercall.DomIDFirstReserved) {
		return v, errors.New("netfront: bad " + v.front + "/backend-id " + strconv.Quote(id))
	}
	v.backendID = hypercall.DomID(n)
	mac, err := read("mac")
	if err != nil {
		return v, err
	}
	if v.mac, err = parseMAC(mac); err != nil {
		return v, err
	}
	// The toolstack may allow larger frames (xen/io/netif.h, "MTU").
	if m, err := read("mtu"); err == nil {
		n, err := strconv.Atoi(m)
		if err != nil || n < 68 || n > hypercall.XenNetifMaxTxSize-ethHeader {
			return v, errors.New("netfront: bad " + v.front + "/mtu " + strconv.Quote(m))
		}
		v.mtu = n
	}
	return v, nil
}

func parseMAC(s string) ([6]byte, error) {
	var mac [6]byte
	parts := strings.Split(s, ":")
	if len(parts) != 6 {
		return mac, errors.New("netfront: bad mac " + strconv.Quote(s))
	}
	for i, p := range parts {
		b, err := strconv.ParseUint(p, 16, 8)
		if err != nil || len(p) != 2 {
			return mac, errors.New("netfront: bad mac " + strconv.Quote(s))
		}
		mac[i] = byte(b)
	}
	return mac, nil
}

func formatMAC(mac [6]byte) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 17)
	for i, x := range mac {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hex[x>>4], hex[x&15])
	}
	return string(b)
}

// connect runs the frontend's side of the handshake: wait until the
// backend is ready for our details, publish them, and wait until it is
// Connected. publish returns the ring and event-channel nodes. It
// returns the offloads the backend offers.
func connect(s xenbus.Store, v vifInfo, publish func() [][2]string) (Features, error) {
	// Initialising tells a backend left Closed by an earlier frontend to
	// get ready again.
	if err := xenbus.WriteState(s, v.front, hypercall.XenbusStateInitialising); err != nil {
		return Features{}, err
	}
	gone := xenbus.IsState(hypercall.XenbusStateClosing, hypercall.XenbusStateClosed)
	if _, err := xenbus.WaitBackend(s, v.backend, connectTimeout,
		xenbus.IsState(hypercall.XenbusStateInitWait, hypercall.XenbusStateConnected), nil); err != nil {
		return Features{}, err
	}
	kv := append(publish(),
		[2]string{"request-rx-copy", "1"},
		[2]string{"feature-rx-notify", "1"},
		[2]string{"feature-sg", "1"},
	)
	for _, e := range kv {
		if err := s.Write(v.front+"/"+e[0], []byte(e[1])); err != nil {
			return Features{}, err
		}
	}
	if err := xenbus.WriteState(s, v.front, hypercall.XenbusStateConnected); err != nil {
		return Features{}, err
	}
	if _, err := xenbus.WaitBackend(s, v.backend, connectTimeout, xenbus.IsState(hypercall.XenbusStateConnected), gone); err != nil {
		return Features{}, err
	}
	// The backend wrote its features before InitWait.
	return backendFeatures(s, v.backend), nil
}

// disconnect runs the closing handshake; it does not wait longer than
// closeTimeout for each step of a backend that does not answer.
func disconnect(s xenbus.Store, v vifInfo) error {
	return xenbus.Disconnect(s, v.front, v.backend, closeTimeout)
}
