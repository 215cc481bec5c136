// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"net/netip"
	"slices"

	"gvisor.dev/gvisor/pkg/tcpip"
	"xen/internal/xencall"
)

// An Interface describes one of the stack's interfaces, for
// net.Interfaces.
type Interface struct {
	Index    int
	Name     string
	MTU      int
	MAC      []byte // nil for loopback
	Up       bool
	Running  bool
	Loopback bool
	Addrs    []netip.Prefix
}

// Interfaces lists the stack's interfaces by index.
func (st *Stack) Interfaces() []Interface {
	defer xencall.LeaveBubble().Enter()
	// Sorting the indexes, not the Interfaces: sort functions
	// instantiated for a struct this size are 15 KB of code, those
	// for int are in most programs anyway.
	infos := st.s.NICInfo()
	ids := make([]int, 0, len(infos))
	for id := range infos {
		ids = append(ids, int(id))
	}
	slices.Sort(ids)
	list := make([]Interface, 0, len(ids))
	for _, id := range ids {
		info := infos[tcpip.NICID(id)]
		ifc := Interface{Index: int(id), Name: info.Name, MTU: int(info.MTU),
			Up: info.Flags.Up, Running: info.Flags.Running, Loopback: info.Flags.Loopback}
		if len(info.LinkAddress) > 0 {
			ifc.MAC = []byte(info.LinkAddress)
		}
		for _, pa := range info.ProtocolAddresses {
			a, ok := netip.AddrFromSlice(pa.AddressWithPrefix.Address.AsSlice())
			if ok {
				ifc.Addrs = append(ifc.Addrs, netip.PrefixFrom(a, pa.AddressWithPrefix.PrefixLen))
			}
		}
		list = append(list, ifc)
	}
	return list
}
