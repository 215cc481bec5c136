// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package dhcp

import "net/netip"

// Whatever a server sends may be hostile. Its strings end up in files
// such as /etc/resolv.conf, one setting a line, so the client keeps a
// string only if it is a name in RFC 1123 syntax and otherwise drops it
// whole: trimming or cleaning it up would make a name the server never
// sent. Addresses are kept only if they can be a host on the network.
// The only string option the client reads is the domain name (15); it
// does not read the host name (12) or the domain search list (119).

// domainOf returns option value v as a domain name, or "" if it is not
// one. Trailing NULs are removed first: RFC 2132, section 2, says a
// receiver must be prepared to delete them.
func domainOf(v []byte) string {
	for len(v) > 0 && v[len(v)-1] == 0 {
		v = v[:len(v)-1]
	}
	if !isDomain(v) {
		return ""
	}
	return string(v)
}

// isDomain reports whether s is a domain name in RFC 1123 syntax:
// labels of 1 to 63 letters, digits and hyphens, neither starting nor
// ending with a hyphen, joined by dots, at most 253 bytes in all (no
// final dot).
func isDomain(s []byte) bool {
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	label := 0 // length of the current label so far
	for i, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-':
			if label == 0 || i+1 == len(s) || s[i+1] == '.' {
				return false
			}
		case c == '.':
			if label == 0 {
				return false
			}
			label = 0
			continue
		default:
			return false
		}
		if label++; label > 63 {
			return false
		}
	}
	return label > 0
}

// isUnicast reports whether a can be a host's IPv4 address: not in
// 0.0.0.0/8 (this network), 127.0.0.0/8 (loopback), 224.0.0.0/4
// (multicast) or 240.0.0.0/4 (reserved, and the broadcast address).
func isUnicast(a netip.Addr) bool {
	if !a.Is4() {
		return false
	}
	b := a.As4()[0]
	return b != 0 && b != 127 && b < 224
}

// hosts returns the addresses in list that can be hosts on subnet p
// (ignored if invalid): unicast, not its broadcast address.
func hosts(list []netip.Addr, p netip.Prefix) []netip.Addr {
	var bcast netip.Addr
	if p.IsValid() && p.Bits() < 31 {
		b := p.Masked().Addr().As4()
		for i := p.Bits(); i < 32; i++ {
			b[i/8] |= 0x80 >> (i % 8)
		}
		bcast = netip.AddrFrom4(b)
	}
	var h []netip.Addr
	for _, a := range list {
		if isUnicast(a) && a != bcast {
			h = append(h, a)
		}
	}
	return h
}
