// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package dhcp

import (
	"internal/byteorder"
	"net/netip"
)

// Until it has a lease the interface has no IPv4 address, so the client
// sends and receives whole Ethernet frames: from 0.0.0.0:68 to
// 255.255.255.255:67, and whatever arrives for UDP port 68. A renewal
// goes the same way, from the leased address.

const (
	ethLen  = 14
	ipLen   = 20
	udpLen  = 8
	clientP = 68
	serverP = 67
)

// frame wraps payload in broadcast Ethernet, IPv4 and UDP headers from
// mac and src (0.0.0.0 if invalid).
func frame(mac [6]byte, src netip.Addr, payload []byte) []byte {
	n := ethLen + ipLen + udpLen + len(payload)
	f := make([]byte, n)
	for i := 0; i < 6; i++ {
		f[i] = 0xff
	}
	copy(f[6:12], mac[:])
	byteorder.BEPutUint16(f[12:], 0x0800)
	ip := f[ethLen:]
	ip[0] = 0x45
	byteorder.BEPutUint16(ip[2:], uint16(ipLen+udpLen+len(payload)))
	ip[8] = 64 // TTL
	ip[9] = 17 // UDP
	if src.Is4() {
		a := src.As4()
		copy(ip[12:], a[:])
	}
	byteorder.BEPutUint32(ip[16:], 0xffffffff)
	byteorder.BEPutUint16(ip[10:], checksum(ip[:ipLen]))
	udp := ip[ipLen:]
	byteorder.BEPutUint16(udp[0:], clientP)
	byteorder.BEPutUint16(udp[2:], serverP)
	byteorder.BEPutUint16(udp[4:], uint16(udpLen+len(payload)))
	// UDP checksum 0: none, allowed over IPv4.
	copy(udp[udpLen:], payload)
	return f
}

// payloadOf returns the UDP payload of an IPv4 frame for port 68, or false
// for anything else. Every length is checked against the frame.
func payloadOf(f []byte) ([]byte, bool) {
	if len(f) < ethLen+ipLen+udpLen || byteorder.BEUint16(f[12:]) != 0x0800 {
		return nil, false
	}
	ip := f[ethLen:]
	ihl := int(ip[0]&0x0f) * 4
	if ip[0]>>4 != 4 || ihl < ipLen || ip[9] != 17 || byteorder.BEUint16(ip[6:])&0x3fff != 0 { // no fragments
		return nil, false
	}
	total := int(byteorder.BEUint16(ip[2:]))
	if total < ihl+udpLen || total > len(ip) || checksum(ip[:ihl]) != 0 {
		return nil, false
	}
	udp := ip[ihl:total]
	if byteorder.BEUint16(udp[2:]) != clientP {
		return nil, false
	}
	ulen := int(byteorder.BEUint16(udp[4:]))
	if ulen < udpLen || ulen > len(udp) {
		return nil, false
	}
	return udp[udpLen:ulen], true
}

// IsClientFrame reports whether an Ethernet frame is IPv4 UDP to port
// 68, which the client takes while it runs.
func IsClientFrame(f []byte) bool {
	_, ok := payloadOf(f)
	return ok
}

// checksum is the Internet checksum of b (0 over a header that holds its
// own correct checksum).
func checksum(b []byte) uint16 {
	var s uint32
	for ; len(b) >= 2; b = b[2:] {
		s += uint32(b[0])<<8 | uint32(b[1])
	}
	if len(b) == 1 {
		s += uint32(b[0]) << 8
	}
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return ^uint16(s)
}
