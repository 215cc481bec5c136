// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack_test

import (
	"net"
	"net/netip"
	"testing"
)

// udpAllocs is what a UDP write and read on loopback allocate on xen, all
// inside gVisor: the route of an unconnected write, the packet buffer and
// its chunk, network-header interface conversions, the received packet's
// record. net's TestAllocs, which wants none (Linux's kernel does that
// work off the Go heap), is skipped on xen for it; this test keeps the
// figures from growing unnoticed.
var udpAllocs = []struct {
	calls string
	max   float64
	run   func(conn *net.UDPConn, addr netip.AddrPort, buf []byte) error
}{
	{"WriteToUDPAddrPort/ReadFromUDPAddrPort", 8, func(conn *net.UDPConn, addr netip.AddrPort, buf []byte) error {
		if _, err := conn.WriteToUDPAddrPort(buf, addr); err != nil {
			return err
		}
		_, _, err := conn.ReadFromUDPAddrPort(buf)
		return err
	}},
	{"WriteMsgUDPAddrPort/ReadMsgUDPAddrPort", 9, func(conn *net.UDPConn, addr netip.AddrPort, buf []byte) error {
		if _, _, err := conn.WriteMsgUDPAddrPort(buf, nil, addr); err != nil {
			return err
		}
		_, _, _, _, err := conn.ReadMsgUDPAddrPort(buf, nil)
		return err
	}},
}

func TestUDPAllocs(t *testing.T) {
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	addr := conn.LocalAddr().(*net.UDPAddr).AddrPort()
	buf := make([]byte, 8)
	for _, c := range udpAllocs {
		allocs := testing.AllocsPerRun(1000, func() {
			if err := c.run(conn, addr, buf); err != nil {
				t.Fatal(err)
			}
		})
		t.Logf("%s: %v allocations", c.calls, allocs)
		if allocs > c.max {
			t.Errorf("%s allocate %v objects, want at most %v", c.calls, allocs, c.max)
		}
	}
}

// TestTCPAllocs checks that data on an established TCP connection moves
// without allocating, as on Linux.
func TestTCPAllocs(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			t.Error(err)
			close(accepted)
			return
		}
		accepted <- c
	}()
	client, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, ok := <-accepted
	if !ok {
		return
	}
	defer server.Close()
	out, in := make([]byte, 64), make([]byte, 64)
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := client.Write(out); err != nil {
			t.Fatal(err)
		}
		for n := 0; n < len(in); {
			m, err := server.Read(in[n:])
			if err != nil {
				t.Fatal(err)
			}
			n += m
		}
	})
	t.Logf("TCP write and read: %v allocations", allocs)
	if allocs != 0 {
		t.Errorf("TCP write and read allocate %v objects, want 0", allocs)
	}
}
