// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
)

// A Config is how an interface gets its addresses, from the domain's
// command line: ip=ADDR/LEN (or ip=dhcp, the default), gw=ADDR and
// dns=ADDR[,ADDR...].
type Config struct {
	DHCP    bool
	Prefix  netip.Prefix // the address and its subnet, when not DHCP
	Gateway netip.Addr
	DNS     []netip.Addr
	Domain  string // DNS search domain, from DHCP
}

func (c Config) equal(o Config) bool {
	return c.DHCP == o.DHCP && c.Prefix == o.Prefix && c.Gateway == o.Gateway &&
		slices.Equal(c.DNS, o.DNS) && c.Domain == o.Domain
}

// ParseConfig parses ip=, gw= and dns= settings. Unknown keys and bad
// values are errors, so a typo does not silently leave a guest offline.
func ParseConfig(settings []string) (Config, error) {
	c := Config{DHCP: true}
	var errs []error
	for _, s := range settings {
		k, v, ok := strings.Cut(s, "=")
		if !ok {
			errs = append(errs, errors.New("network setting "+quote(s)+" is not KEY=VALUE"))
			continue
		}
		switch k {
		case "ip":
			if v == "dhcp" {
				c.DHCP, c.Prefix = true, netip.Prefix{}
				continue
			}
			p, err := netip.ParsePrefix(v)
			if err != nil || p.Addr().IsUnspecified() || p.Addr().IsMulticast() {
				errs = append(errs, errors.New("ip="+v+": want ADDRESS/PREFIX-LENGTH (e.g. 10.88.0.2/24) or dhcp"))
				continue
			}
			c.DHCP, c.Prefix = false, p
		case "gw":
			a, err := netip.ParseAddr(v)
			if err != nil {
				errs = append(errs, errors.New("gw="+v+": not an IP address"))
				continue
			}
			c.Gateway = a
		case "dns":
			for _, f := range strings.Split(v, ",") {
				a, err := netip.ParseAddr(f)
				if err != nil {
					errs = append(errs, errors.New("dns="+v+": "+quote(f)+" is not an IP address"))
					continue
				}
				c.DNS = append(c.DNS, a)
			}
		default:
			errs = append(errs, errors.New("unknown network setting "+quote(k)+" (want ip=, gw=, dns=)"))
		}
	}
	if c.Gateway.IsValid() && c.Prefix.IsValid() && !c.Prefix.Masked().Contains(c.Gateway) {
		errs = append(errs, errors.New("gw="+c.Gateway.String()+" is outside ip="+c.Prefix.String()))
	}
	return c, errors.Join(errs...)
}

func quote(s string) string { return `"` + s + `"` }
