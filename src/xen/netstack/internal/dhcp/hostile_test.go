// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package dhcp

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

// ackWith is an ACK for 10.88.0.42/24 with domain and dns.
func ackWith(domain string, dns ...netip.Addr) *message {
	return &message{typ: typeAck, xid: 5, chaddr: [6]byte{2}, yiaddr: netip.MustParseAddr("10.88.0.42"),
		mask: netip.MustParseAddr("255.255.255.0"), routers: []netip.Addr{netip.MustParseAddr("10.88.0.1")},
		dns: dns, serverID: netip.MustParseAddr("10.88.0.1"), lease: time.Hour, domain: domain}
}

// leaseFrom parses r as the client would and returns its lease.
func leaseFrom(t *testing.T, r *message) Lease {
	t.Helper()
	p, ok := payloadOf(replyFrame(r))
	if !ok {
		t.Fatal("reply frame not taken")
	}
	m, err := parse(p)
	if err != nil {
		t.Fatal(err)
	}
	checkMessage(t, m)
	l, err := leaseOf(m)
	if err != nil {
		t.Fatal(err)
	}
	checkLease(t, l)
	return l
}

func TestHostileDomainDropped(t *testing.T) {
	long := strings.Repeat("a", 63)
	three := long + "." + long + "." + long
	for _, d := range []string{
		"example.com\nnameserver 6.6.6.6",
		"example.com\r\nnameserver 6.6.6.6",
		"\nnameserver 6.6.6.6",
		"example.com\n",
		"exa mple.com",
		"example.com other.com",
		"example.com\t",
		"exa\x00mple.com",
		"\x00example.com",
		"example.com\x00nameserver 6.6.6.6",
		long + "a.com",                        // a 64-byte label
		three + "." + long,                    // 255 bytes
		three + "." + strings.Repeat("b", 62), // 254 bytes
		`"example.com"`, "example.com'", "example.com;", "example.com#x", "ex_ample.com", "exämple.com",
		"example..com", ".example.com", "example.com.", ".", "-example.com", "example-.com", "a.-b.c",
		"\xff\xfe", "example.com\x7f",
	} {
		if l := leaseFrom(t, ackWith(d, netip.MustParseAddr("10.88.0.1"))); l.Domain != "" {
			t.Errorf("domain %q kept as %q", d, l.Domain)
		}
	}
}

func TestValidDomainKept(t *testing.T) {
	long := strings.Repeat("a", 63)
	three := long + "." + long + "." + long
	for _, d := range []string{
		"xen.test", "example.com", "Example.COM", "localdomain", "a", "a-b.c0", "0.example", "123",
		"xn--bcher-kva.example", long + ".com",
		three + "." + strings.Repeat("b", 61), // 253 bytes
	} {
		if l := leaseFrom(t, ackWith(d)); l.Domain != d {
			t.Errorf("domain %q became %q", d, l.Domain)
		}
	}
	// RFC 2132, section 2: a receiver must delete trailing NULs.
	if l := leaseFrom(t, ackWith("xen.test\x00\x00")); l.Domain != "xen.test" {
		t.Errorf("domain with trailing NULs became %q", l.Domain)
	}
}

func TestBadDNSDropped(t *testing.T) {
	var dns []netip.Addr
	for _, s := range []string{"0.0.0.0", "10.88.0.53", "255.255.255.255", "224.0.0.1", "239.255.255.250",
		"127.0.0.1", "240.0.0.1", "10.88.0.255", "8.8.8.8", "169.254.169.254"} {
		dns = append(dns, netip.MustParseAddr(s))
	}
	l := leaseFrom(t, ackWith("xen.test", dns...))
	want := []netip.Addr{netip.MustParseAddr("10.88.0.53"), netip.MustParseAddr("8.8.8.8"), netip.MustParseAddr("169.254.169.254")}
	if !slices.Equal(l.DNS, want) {
		t.Errorf("DNS %v, want %v", l.DNS, want)
	}
}

func TestBadRouterDropped(t *testing.T) {
	r := ackWith("xen.test")
	r.routers = []netip.Addr{netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("224.0.0.1"), netip.MustParseAddr("10.88.0.1")}
	if l := leaseFrom(t, r); l.Router != netip.MustParseAddr("10.88.0.1") {
		t.Errorf("router %v, want 10.88.0.1", l.Router)
	}
	r.routers = []netip.Addr{netip.MustParseAddr("255.255.255.255")}
	if l := leaseFrom(t, r); l.Router.IsValid() {
		t.Errorf("router %v, want none", l.Router)
	}
}

func TestHostileAddressRefused(t *testing.T) {
	for _, a := range []string{"255.255.255.255", "224.0.0.1", "127.0.0.1", "0.0.0.0"} {
		r := ackWith("xen.test")
		r.yiaddr = netip.MustParseAddr(a)
		p, _ := payloadOf(replyFrame(r))
		m, err := parse(p)
		if err != nil {
			t.Fatal(err)
		}
		if l, err := leaseOf(m); err == nil {
			t.Errorf("lease of %v taken: %+v", a, l)
		}
	}
}

// TestHostileServer: a whole exchange with a server that tries to add a
// nameserver line through the domain name.
func TestHostileServer(t *testing.T) {
	s := &fakeServer{replies: make(chan []byte, 16), domain: "xen.test\nnameserver 6.6.6.6",
		dns: []netip.Addr{netip.MustParseAddr("0.0.0.0"), netip.MustParseAddr("10.88.0.3")}}
	l, err := Acquire(s, [6]byte{2}, rand.Uint32, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if l.Domain != "" || !slices.Equal(l.DNS, []netip.Addr{netip.MustParseAddr("10.88.0.3")}) {
		t.Errorf("lease %+v", l)
	}
}

// TestXIDs: every transaction has a fresh xid from the source: a new
// DISCOVER after a NAK and each renewal too. Within one, the REQUEST
// keeps the OFFER's.
func TestXIDs(t *testing.T) {
	var drawn, seen []uint32
	xid := func() uint32 {
		x := rand.Uint32()
		drawn = append(drawn, x)
		return x
	}
	for range 3 {
		s := &fakeServer{replies: make(chan []byte, 16), nakOnce: true}
		if _, err := Acquire(s, [6]byte{2}, xid, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		if len(s.xids) != 4 || s.xids[0] != s.xids[1] || s.xids[2] != s.xids[3] {
			t.Fatalf("xids %x: want two transactions of two messages", s.xids)
		}
		if s.xids[2] == s.xids[0]+1 {
			t.Errorf("xid after a NAK %x follows %x", s.xids[2], s.xids[0])
		}
		seen = append(seen, s.xids[0], s.xids[2])
	}
	for range 3 {
		s := &fakeServer{replies: make(chan []byte, 16)}
		old := Lease{Addr: netip.MustParsePrefix("10.88.0.42/24")}
		if _, err := Renew(s, [6]byte{2}, xid, old, 5*time.Second); err != nil {
			t.Fatal(err)
		}
		seen = append(seen, s.xids...)
	}
	if !slices.Equal(seen, drawn) {
		t.Errorf("transactions used xids %x, want the drawn %x", seen, drawn)
	}
	if len(seen) != 9 || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != 9 {
		t.Errorf("xids of 9 transactions repeat: %x", seen)
	}
}

// validName reports whether s is in RFC 1123 syntax, checked byte by
// byte apart from the code under test.
func validName(s string) bool {
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	for _, l := range strings.Split(s, ".") {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func unicast(a netip.Addr) bool {
	b := a.As4()
	return a.Is4() && b[0] != 0 && b[0] != 127 && b[0] < 224
}

func checkMessage(t *testing.T, m *message) {
	t.Helper()
	if m.domain != "" && !validName(m.domain) {
		t.Errorf("parsed domain %q", m.domain)
	}
	for _, a := range append(slices.Clip(m.dns), m.routers...) {
		if !unicast(a) {
			t.Errorf("parsed address %v", a)
		}
	}
}

func checkLease(t *testing.T, l Lease) {
	t.Helper()
	if l.Domain != "" && !validName(l.Domain) {
		t.Errorf("lease domain %q", l.Domain)
	}
	if !unicast(l.Addr.Addr()) || l.Router.IsValid() && !unicast(l.Router) {
		t.Errorf("lease addresses %v, %v", l.Addr, l.Router)
	}
	for _, a := range l.DNS {
		if !unicast(a) || l.Addr.Bits() < 31 && a == broadcastOf(l.Addr) {
			t.Errorf("lease DNS %v", a)
		}
	}
}

// broadcastOf is p's subnet broadcast address.
func broadcastOf(p netip.Prefix) netip.Addr {
	b := p.Masked().Addr().As4()
	for i := p.Bits(); i < 32; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	return netip.AddrFrom4(b)
}

// FuzzReply feeds arbitrary DHCP messages to the parser: whatever it
// keeps must pass the sanitiser's invariants.
func FuzzReply(f *testing.F) {
	for _, d := range []string{"xen.test", "xen.test\nnameserver 6.6.6.6", "a\x00b", "a b"} {
		f.Add(ackWith(d, netip.MustParseAddr("10.88.0.1"), netip.MustParseAddr("0.0.0.0")).marshalReply())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := parse(b)
		if err != nil {
			return
		}
		checkMessage(t, m)
		if l, err := leaseOf(m); err == nil {
			checkLease(t, l)
		}
	})
}
