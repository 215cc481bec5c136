// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"encoding/binary"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
)

// announce tells the network that interface id's addresses are at dev's
// MAC address, as after the domain moved to another host: a gratuitous
// ARP request for each IPv4 address (RFC 5227) and an unsolicited
// neighbour advertisement for each IPv6 one (RFC 4861, 7.2.6), so that
// switches and the peers' neighbour caches find the new port at once.
func (st *Stack) announce(id tcpip.NICID, dev frameDevice) {
	mac := dev.MAC()
	for _, a := range st.s.AllAddresses()[id] {
		switch a.Protocol {
		case header.IPv4ProtocolNumber:
			dev.Send(gratuitousARP(mac, a.AddressWithPrefix.Address.As4()))
		case header.IPv6ProtocolNumber:
			dev.Send(unsolicitedNA(mac, a.AddressWithPrefix.Address.As16()))
		}
	}
}

// gratuitousARP is an ARP request for ip from ip, broadcast.
func gratuitousARP(mac [6]byte, ip [4]byte) []byte {
	f := make([]byte, 0, 42)
	f = append(f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
	f = append(f, mac[:]...)
	f = append(f, 0x08, 0x06)          // ARP
	f = append(f, 0, 1, 0x08, 0, 6, 4) // Ethernet, IPv4
	f = append(f, 0, 1)                // request
	f = append(f, mac[:]...)
	f = append(f, ip[:]...)
	f = append(f, 0, 0, 0, 0, 0, 0)
	return append(f, ip[:]...)
}

// unsolicitedNA is a neighbour advertisement of ip at mac, with the
// override flag, to all nodes.
func unsolicitedNA(mac [6]byte, ip [16]byte) []byte {
	allNodes := [16]byte{0xff, 0x02, 15: 1}
	icmp := make([]byte, 0, 32)
	icmp = append(icmp, 136, 0, 0, 0)  // neighbour advertisement; checksum below
	icmp = append(icmp, 0x20, 0, 0, 0) // override
	icmp = append(icmp, ip[:]...)
	icmp = append(icmp, 2, 1) // target link-layer address, 8 bytes
	icmp = append(icmp, mac[:]...)
	binary.BigEndian.PutUint16(icmp[2:], icmpv6Checksum(ip, allNodes, icmp))

	f := make([]byte, 0, 14+40+len(icmp))
	f = append(f, 0x33, 0x33, 0, 0, 0, 1)
	f = append(f, mac[:]...)
	f = append(f, 0x86, 0xdd)
	f = append(f, 0x60, 0, 0, 0) // version 6
	f = binary.BigEndian.AppendUint16(f, uint16(len(icmp)))
	f = append(f, 58, 255) // ICMPv6, hop limit 255 as neighbour discovery requires
	f = append(f, ip[:]...)
	f = append(f, allNodes[:]...)
	return append(f, icmp...)
}

// icmpv6Checksum is the checksum of ICMPv6 message m (its checksum field
// zero) from src to dst.
func icmpv6Checksum(src, dst [16]byte, m []byte) uint16 {
	var sum uint32
	add := func(b []byte) {
		for i := 0; i+1 < len(b); i += 2 {
			sum += uint32(b[i])<<8 | uint32(b[i+1])
		}
		if len(b)%2 == 1 {
			sum += uint32(b[len(b)-1]) << 8
		}
	}
	add(src[:])
	add(dst[:])
	sum += uint32(len(m)) + 58
	add(m)
	for sum>>16 != 0 {
		sum = sum&0xffff + sum>>16
	}
	return ^uint16(sum)
}
