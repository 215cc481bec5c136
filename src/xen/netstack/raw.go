// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"syscall"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/transport/icmp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/udp"
	"gvisor.dev/gvisor/pkg/waiter"

	"xen/internal/xencall"
)

// RawSocket returns a raw IP socket (SOCK_RAW) for transport protocol
// proto: TCP, UDP, ICMP or ICMPv6, the protocols the stack has. As on
// Linux, it receives a copy of every packet of that protocol, IPv4 ones
// with their IP header, and sends what it is given as the payload of an
// IP packet the stack builds.
func (st *Stack) RawSocket(v6 bool, proto int) (*Socket, error) {
	defer xencall.LeaveBubble().Enter()
	transport := tcpip.TransportProtocolNumber(proto)
	switch transport {
	case tcp.ProtocolNumber, udp.ProtocolNumber:
	case icmp.ProtocolNumber4:
		if v6 {
			return nil, syscall.EPROTONOSUPPORT
		}
	case icmp.ProtocolNumber6:
		if !v6 {
			return nil, syscall.EPROTONOSUPPORT
		}
	default:
		return nil, syscall.EPROTONOSUPPORT
	}
	netProto := ipv4.ProtocolNumber
	if v6 {
		netProto = ipv6.ProtocolNumber
	}
	wq := new(waiter.Queue)
	ep, err := st.s.NewRawEndpoint(transport, netProto, wq, true)
	if err != nil {
		return nil, errorOf(err)
	}
	so := st.wrap(ep, wq, false, netProto)
	so.raw = transport
	return so, nil
}
