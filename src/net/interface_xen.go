// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package net

import "xen/netstack"

// The interfaces are those of the TCP/IP stack (xen/netstack): lo, and
// eth0... for the domain's network devices.

func stackInterfaces() []netstack.Interface {
	if stack == nil {
		return nil
	}
	return stack.Interfaces()
}

func interfaceTable(ifindex int) ([]Interface, error) {
	var ift []Interface
	for _, s := range stackInterfaces() {
		if ifindex != 0 && s.Index != ifindex {
			continue
		}
		ifi := Interface{Index: s.Index, Name: s.Name, MTU: s.MTU, HardwareAddr: HardwareAddr(s.MAC)}
		if s.Up {
			ifi.Flags |= FlagUp
		}
		if s.Running {
			ifi.Flags |= FlagRunning
		}
		if s.Loopback {
			ifi.Flags |= FlagLoopback
		} else {
			ifi.Flags |= FlagBroadcast | FlagMulticast
		}
		ift = append(ift, ifi)
	}
	return ift, nil
}

func interfaceAddrTable(ifi *Interface) ([]Addr, error) {
	var ifat []Addr
	for _, s := range stackInterfaces() {
		if ifi != nil && s.Index != ifi.Index {
			continue
		}
		for _, p := range s.Addrs {
			// IPs in their 16-byte form, IPv4 ones mapped, as on Linux.
			ip := p.Addr().As16()
			ifat = append(ifat, &IPNet{IP: IP(ip[:]), Mask: CIDRMask(p.Bits(), p.Addr().BitLen())})
		}
	}
	return ifat, nil
}

func interfaceMulticastAddrTable(ifi *Interface) ([]Addr, error) {
	return nil, nil
}
