// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"sync"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
)

// IPv6 router advertisements give addresses (SLAAC, done by the stack),
// on-link prefixes and default routers. gVisor reports the last two
// here and leaves the routes to us. Its callbacks run under the NIC's
// locks and must not call into the stack, so they queue route changes
// that a goroutine applies.

type ndpRoutes struct {
	mu      sync.Mutex
	s       *stack.Stack // set once the stack exists
	pending []routeChange
	wake    chan struct{}
}

type routeChange struct {
	add   bool
	route tcpip.Route
}

func newNDPRoutes() *ndpRoutes {
	return &ndpRoutes{wake: make(chan struct{}, 1)}
}

// start applies queued changes to s from now on.
func (r *ndpRoutes) start(s *stack.Stack) {
	r.mu.Lock()
	r.s = s
	r.mu.Unlock()
	go r.apply()
	r.kick()
}

func (r *ndpRoutes) queue(c routeChange) {
	r.mu.Lock()
	r.pending = append(r.pending, c)
	r.mu.Unlock()
	r.kick()
}

func (r *ndpRoutes) kick() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

func (r *ndpRoutes) apply() {
	for range r.wake {
		r.mu.Lock()
		changes, s := r.pending, r.s
		r.pending = nil
		r.mu.Unlock()
		for _, c := range changes {
			route := c.route
			// An update of a known route replaces it.
			s.RemoveRoutes(func(x tcpip.Route) bool { return x == route })
			if c.add {
				s.AddRoute(route)
			}
		}
	}
}

var _ ipv6.NDPDispatcher = (*ndpRoutes)(nil)

func (r *ndpRoutes) OnOnLinkPrefixDiscovered(nic tcpip.NICID, prefix tcpip.Subnet) {
	r.queue(routeChange{add: true, route: tcpip.Route{Destination: prefix, NIC: nic}})
}

func (r *ndpRoutes) OnOnLinkPrefixInvalidated(nic tcpip.NICID, prefix tcpip.Subnet) {
	r.queue(routeChange{route: tcpip.Route{Destination: prefix, NIC: nic}})
}

func (r *ndpRoutes) OnOffLinkRouteUpdated(nic tcpip.NICID, dest tcpip.Subnet, router tcpip.Address, _ header.NDPRoutePreference) {
	r.queue(routeChange{add: true, route: tcpip.Route{Destination: dest, Gateway: router, NIC: nic}})
}

func (r *ndpRoutes) OnOffLinkRouteInvalidated(nic tcpip.NICID, dest tcpip.Subnet, router tcpip.Address) {
	r.queue(routeChange{route: tcpip.Route{Destination: dest, Gateway: router, NIC: nic}})
}

// The stack handles addresses itself; DNS comes from DHCP or dns=.
func (r *ndpRoutes) OnDuplicateAddressDetectionResult(tcpip.NICID, tcpip.Address, stack.DADResult) {}
func (r *ndpRoutes) OnAutoGenAddress(tcpip.NICID, tcpip.AddressWithPrefix) stack.AddressDispatcher {
	return nil
}
func (r *ndpRoutes) OnAutoGenAddressDeprecated(tcpip.NICID, tcpip.AddressWithPrefix)        {}
func (r *ndpRoutes) OnAutoGenAddressInvalidated(tcpip.NICID, tcpip.AddressWithPrefix)       {}
func (r *ndpRoutes) OnRecursiveDNSServerOption(tcpip.NICID, []tcpip.Address, time.Duration) {}
func (r *ndpRoutes) OnDNSSearchListOption(tcpip.NICID, []string, time.Duration)             {}
func (r *ndpRoutes) OnDHCPv6Configuration(tcpip.NICID, ipv6.DHCPv6ConfigurationFromNDPRA)   {}
