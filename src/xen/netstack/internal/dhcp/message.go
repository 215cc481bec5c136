// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package dhcp is the DHCPv4 client of xen/netstack (RFC 2131, 2132): the
// message format, the frames that carry it before the interface has an
// address, and the exchange that gets a lease. It is plain Go over a
// small Transport, so that it is tested and fuzzed on any port.
package dhcp

import (
	"errors"
	"internal/byteorder"
	"net/netip"
	"time"
)

// Message types (option 53).
const (
	typeDiscover = 1
	typeOffer    = 2
	typeRequest  = 3
	typeAck      = 5
	typeNak      = 6
)

// Options the client reads or writes.
const (
	optPad         = 0
	optSubnetMask  = 1
	optRouter      = 3
	optDNS         = 6
	optDomain      = 15
	optRequestedIP = 50
	optLeaseTime   = 51
	optMessageType = 53
	optServerID    = 54
	optParams      = 55
	optEnd         = 255
)

const (
	fixedLen = 236 // op through file
	magic    = 0x63825363
)

// A message is the part of a DHCP message the client uses.
type message struct {
	op     byte // 1 request, 2 reply
	xid    uint32
	flags  uint16
	ciaddr netip.Addr
	yiaddr netip.Addr
	chaddr [6]byte
	typ    byte

	mask      netip.Addr
	routers   []netip.Addr
	dns       []netip.Addr
	domain    string
	lease     time.Duration
	serverID  netip.Addr
	requested netip.Addr
}

var errMalformed = errors.New("dhcp: malformed message")

func addr4(b []byte) netip.Addr { return netip.AddrFrom4([4]byte(b)) }

// parse decodes a message, checking every length against the buffer.
func parse(b []byte) (*message, error) {
	if len(b) < fixedLen+4 || byteorder.BEUint32(b[fixedLen:]) != magic {
		return nil, errMalformed
	}
	if b[1] != 1 || b[2] != 6 { // Ethernet, 6-byte addresses
		return nil, errors.New("dhcp: not an Ethernet message")
	}
	m := &message{op: b[0], xid: byteorder.BEUint32(b[4:]), flags: byteorder.BEUint16(b[10:]),
		ciaddr: addr4(b[12:16]), yiaddr: addr4(b[16:20])}
	copy(m.chaddr[:], b[28:34])
	opts := b[fixedLen+4:]
	for len(opts) > 0 {
		code := opts[0]
		if code == optEnd {
			break
		}
		if code == optPad {
			opts = opts[1:]
			continue
		}
		if len(opts) < 2 || len(opts) < 2+int(opts[1]) {
			return nil, errMalformed
		}
		v := opts[2 : 2+int(opts[1])]
		opts = opts[2+len(v):]
		switch code {
		case optMessageType:
			if len(v) == 1 {
				m.typ = v[0]
			}
		case optSubnetMask:
			if len(v) == 4 {
				m.mask = addr4(v)
			}
		case optRouter, optDNS:
			var list []netip.Addr
			for ; len(v) >= 4; v = v[4:] {
				list = append(list, addr4(v))
			}
			list = hosts(list, netip.Prefix{}) // the subnet is checked in leaseOf
			if code == optRouter {
				m.routers = list
			} else {
				m.dns = list
			}
		case optDomain:
			m.domain = domainOf(v) // "" unless a valid name: see sanitize.go
		case optLeaseTime:
			if len(v) == 4 {
				m.lease = time.Duration(byteorder.BEUint32(v)) * time.Second
			}
		case optServerID:
			if len(v) == 4 {
				m.serverID = addr4(v)
			}
		case optRequestedIP:
			if len(v) == 4 {
				m.requested = addr4(v)
			}
		}
	}
	if m.typ == 0 {
		return nil, errors.New("dhcp: message without a type")
	}
	return m, nil
}

// marshal encodes a client message.
func (m *message) marshal() []byte {
	b := make([]byte, fixedLen+4, 300)
	b[0], b[1], b[2] = 1, 1, 6
	byteorder.BEPutUint32(b[4:], m.xid)
	byteorder.BEPutUint16(b[10:], m.flags)
	if m.ciaddr.Is4() {
		a := m.ciaddr.As4()
		copy(b[12:], a[:])
	}
	copy(b[28:], m.chaddr[:])
	byteorder.BEPutUint32(b[fixedLen:], magic)
	b = append(b, optMessageType, 1, m.typ)
	if m.requested.Is4() {
		a := m.requested.As4()
		b = append(b, optRequestedIP, 4, a[0], a[1], a[2], a[3])
	}
	if m.serverID.Is4() {
		a := m.serverID.As4()
		b = append(b, optServerID, 4, a[0], a[1], a[2], a[3])
	}
	b = append(b, optParams, 5, optSubnetMask, optRouter, optDNS, optDomain, optLeaseTime)
	b = append(b, optEnd)
	for len(b) < 300 { // the BOOTP minimum some servers insist on
		b = append(b, optPad)
	}
	return b
}
