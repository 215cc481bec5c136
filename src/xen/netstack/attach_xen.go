// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netstack

import (
	"errors"
	"os"
	"strconv"

	"xen/internal/xencall"
	"xen/netfront"
)

// attachDevices gives the stack an interface, eth0, eth1..., for each of
// the domain's network devices, configuring the first from the command
// line. A domain without devices has loopback alone. Errors are printed
// on the console, as a boot would show them, and returned.
func attachDevices(st *Stack) error {
	cfg, err := ParseConfig(xencall.NetSettings())
	if err != nil {
		os.Stderr.WriteString("netstack: bad network settings on the command line: " + err.Error() + "\n")
		return err
	}
	vifs, err := netfront.Devices()
	if err != nil {
		os.Stderr.WriteString("netstack: listing network devices: " + err.Error() + "\n")
		return err
	}
	var errs []error
	for i, n := range vifs {
		c := Config{DHCP: false}
		if i == 0 {
			c = cfg
		}
		if err := attachVif(st, n, c); err != nil {
			os.Stderr.WriteString("netstack: " + err.Error() + "\n")
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func attachVif(st *Stack, n int, c Config) error {
	link := new(frameLink)
	// Receive checksum offload stays on: frames netback vouches for skip
	// verification (dom0's own traffic arrives with blank checksums),
	// the others are verified by the stack (link.go).
	dev, err := netfront.Open(n, netfront.Config{Deliver: link.deliver})
	if err != nil {
		return errors.New("vif " + strconv.Itoa(n) + ": " + err.Error())
	}
	link.dev = dev
	name := "eth" + strconv.Itoa(n)
	if c.DHCP {
		if c, err = leaseFor(link, dev); err != nil {
			// The interface still comes up, with IPv6 link-local only.
			os.Stderr.WriteString("netstack: " + name + ": no IPv4 address: " + err.Error() + "\n")
		}
	}
	return st.addInterface(name, link, c)
}
