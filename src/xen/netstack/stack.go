// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

// Package netstack is the TCP/IP stack of GOOS=xen: gVisor's tcpip,
// vendored into std, with a loopback interface in every guest and one
// interface per Xen network device (xen/netfront). Package net on xen
// sits on it, so programs use net as on Linux and import nothing more.
//
// Sockets block by parking their goroutine on a channel that the stack's
// readiness notifications close; nothing polls.
package netstack

import (
	"errors"
	"net/netip"
	"sync"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/link/ethernet"
	"gvisor.dev/gvisor/pkg/tcpip/link/loopback"
	"gvisor.dev/gvisor/pkg/tcpip/network/arp"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
	"gvisor.dev/gvisor/pkg/tcpip/transport/icmp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/raw"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/udp"

	"xen/control"
	"xen/internal/xencall"
)

// A Stack is a TCP/IP stack with its interfaces.
type Stack struct {
	s *stack.Stack

	mu     sync.Mutex
	nextID tcpip.NICID
}

// loopbackNIC is the loopback interface's id, first in every stack.
const loopbackNIC tcpip.NICID = 1

// New returns a stack with IPv4, IPv6 (with SLAAC and routes from router
// advertisements), ARP, TCP, UDP, ICMP and raw sockets, and a loopback interface
// holding 127.0.0.1/8 and ::1.
func New() (*Stack, error) {
	defer xencall.LeaveBubble().Enter()
	ndp := newNDPRoutes()
	s := stack.New(stack.Options{
		NetworkProtocols: []stack.NetworkProtocolFactory{ipv4.NewProtocol, ipv6.NewProtocolWithOptions(ipv6.Options{
			AutoGenLinkLocal: true, NDPConfigs: ipv6.DefaultNDPConfigurations(), NDPDisp: ndp}), arp.NewProtocol},
		TransportProtocols: []stack.TransportProtocolFactory{tcp.NewProtocol, udp.NewProtocol, icmp.NewProtocol4, icmp.NewProtocol6},
		RawFactory:         raw.EndpointFactory{}, // raw IP sockets (RawSocket): the guest is root
		HandleLocal:        true,
	})
	// As on Linux: SACK on, and the receive buffer grows with use.
	sack := tcpip.TCPSACKEnabled(true)
	s.SetTransportProtocolOption(tcp.ProtocolNumber, &sack)
	moderate := tcpip.TCPModerateReceiveBufferOption(true)
	s.SetTransportProtocolOption(tcp.ProtocolNumber, &moderate)
	ndp.start(s)
	st := &Stack{s: s, nextID: loopbackNIC + 1}
	lo := &loopbackLink{LinkEndpoint: loopback.New()}
	if err := s.CreateNICWithOptions(loopbackNIC, lo, stack.NICOptions{Name: "lo", QDisc: directQDisc{lo}}); err != nil {
		return nil, errorOf(err)
	}
	for _, a := range []tcpip.ProtocolAddress{
		{Protocol: ipv4.ProtocolNumber, AddressWithPrefix: tcpip.AddressWithPrefix{Address: tcpip.AddrFrom4([4]byte{127, 0, 0, 1}), PrefixLen: 8}},
		{Protocol: ipv6.ProtocolNumber, AddressWithPrefix: tcpip.AddressWithPrefix{Address: tcpip.AddrFrom16([16]byte{15: 1}), PrefixLen: 128}},
	} {
		if err := s.AddProtocolAddress(loopbackNIC, a, stack.AddressProperties{}); err != nil {
			return nil, errorOf(err)
		}
	}
	loop4, _ := tcpip.NewSubnet(tcpip.AddrFrom4([4]byte{127, 0, 0, 0}), tcpip.MaskFromBytes([]byte{255, 0, 0, 0}))
	s.AddRoute(tcpip.Route{Destination: loop4, NIC: loopbackNIC})
	s.AddRoute(tcpip.Route{Destination: header.IPv6Loopback.WithPrefix().Subnet(), NIC: loopbackNIC})
	return st, nil
}

var (
	defaultOnce  sync.Once
	defaultStack *Stack
	defaultErr   error
)

// Default returns the program's stack, made on first use: loopback, then
// the domain's network devices configured from its command line (see
// attach_xen.go).
func Default() (*Stack, error) {
	defer xencall.LeaveBubble().Enter() // its goroutines must be of no bubble
	defaultOnce.Do(func() {
		defaultStack, defaultErr = New()
		if defaultErr == nil {
			// A device that cannot be brought up is reported on the
			// console (attachDevices) and left out; loopback and the
			// other devices still work.
			attachDevices(defaultStack)
		}
		// A program on the network is a service: xl shutdown and xl
		// reboot reach it as SIGTERM. Without xenstore there is no
		// toolstack to hear, and attachDevices has said so.
		control.Start()
	})
	return defaultStack, defaultErr
}

// addInterface adds an Ethernet interface on link and configures it: the
// address, route and DNS servers of c, and IPv6 link-local. It returns
// the interface's id, also when only its configuration failed (0 when
// there is no interface).
func (st *Stack) addInterface(name string, link *frameLink, c Config) (tcpip.NICID, error) {
	st.mu.Lock()
	id := st.nextID
	st.nextID++
	st.mu.Unlock()
	if err := st.s.CreateNICWithOptions(id, ethernet.New(link), stack.NICOptions{Name: name, QDisc: directQDisc{link}}); err != nil {
		return 0, errors.New(name + ": " + errorOf(err).Error())
	}
	return id, st.configure(id, name, c)
}

// unconfigure takes addr and the IPv4 routes through interface id, which
// configure added, off it.
func (st *Stack) unconfigure(id tcpip.NICID, addr netip.Prefix) {
	st.s.RemoveAddress(id, tcpip.AddrFromSlice(addr.Addr().AsSlice()))
	st.s.RemoveRoutes(func(r tcpip.Route) bool { return r.NIC == id && r.Destination.ID().Len() == 4 })
}

// configure gives interface id the address, routes and DNS servers of c.
func (st *Stack) configure(id tcpip.NICID, name string, c Config) error {
	if !c.Prefix.IsValid() {
		return nil
	}
	proto := ipv4.ProtocolNumber
	if c.Prefix.Addr().Is6() {
		proto = ipv6.ProtocolNumber
	}
	pa := tcpip.ProtocolAddress{Protocol: proto, AddressWithPrefix: tcpip.AddressWithPrefix{
		Address: tcpip.AddrFromSlice(c.Prefix.Addr().AsSlice()), PrefixLen: c.Prefix.Bits()}}
	if err := st.s.AddProtocolAddress(id, pa, stack.AddressProperties{}); err != nil {
		return errors.New(name + ": adding " + c.Prefix.String() + ": " + errorOf(err).Error())
	}
	st.s.AddRoute(tcpip.Route{Destination: pa.AddressWithPrefix.Subnet(), NIC: id})
	if c.Gateway.IsValid() {
		gw := tcpip.AddrFromSlice(c.Gateway.AsSlice())
		var any tcpip.Subnet
		if c.Gateway.Is4() {
			any, _ = tcpip.NewSubnet(tcpip.AddrFrom4([4]byte{}), tcpip.MaskFromBytes(make([]byte, 4)))
		} else {
			any, _ = tcpip.NewSubnet(tcpip.AddrFrom16([16]byte{}), tcpip.MaskFromBytes(make([]byte, 16)))
		}
		st.s.AddRoute(tcpip.Route{Destination: any, Gateway: gw, NIC: id})
	}
	if err := writeResolvConf(c); err != nil {
		return errors.New(name + ": writing /etc/resolv.conf: " + err.Error())
	}
	return nil
}
