// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netstack

import (
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"xen/netfront"
	"xen/netstack/internal/dhcp"
)

// dhcpTimeout bounds how long the first use of the network waits for a
// lease (TCG-emulated machines answer slowly).
const dhcpTimeout = 30 * time.Second

// dhcpTransport carries the DHCP client's frames on a device before its
// interface has an address: frames for UDP port 68 are taken from the
// link while it runs.
type dhcpTransport struct {
	dev    *netfront.Device
	frames chan []byte
}

func (t *dhcpTransport) Send(f []byte) error { return t.dev.Send(f) }

func (t *dhcpTransport) Recv(deadline time.Time) ([]byte, error) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case f := <-t.frames:
		return f, nil
	case <-timer.C:
		return nil, dhcp.ErrTimeout
	}
}

// withDHCP runs f with the DHCP client's transport on link's device:
// frames for UDP port 68 go to the client, not the stack, meanwhile.
func withDHCP(link *frameLink, dev *netfront.Device, f func(t *dhcpTransport) error) error {
	t := &dhcpTransport{dev: dev, frames: make(chan []byte, 16)}
	link.setIntercept(func(f []byte) bool {
		if !dhcp.IsClientFrame(f) {
			return false
		}
		select {
		case t.frames <- append([]byte(nil), f...):
		default: // the client is behind: drop, as a full NIC queue would
		}
		return true
	})
	defer link.setIntercept(nil)
	return f(t)
}

// newXID is a DHCP transaction id. Whoever guesses one can forge the
// server's answer, so it comes from math/rand/v2's global generator:
// ChaCha8, seeded by the runtime from RDSEED/RDRAND (runtime/os_xen.go).
func newXID() uint32 { return rand.Uint32() }

// leaseFor runs DHCP on link's device and returns the lease.
func leaseFor(link *frameLink, dev *netfront.Device) (l dhcp.Lease, err error) {
	err = withDHCP(link, dev, func(t *dhcpTransport) error {
		l, err = dhcp.Acquire(t, dev.MAC(), newXID, dhcpTimeout)
		return err
	})
	return l, err
}

// configOf is the interface configuration lease l gives.
func configOf(l dhcp.Lease) Config {
	return Config{Prefix: l.Addr, Gateway: l.Router, DNS: l.DNS, Domain: l.Domain}
}

// writeResolvConf points the pure-Go resolver at c's DNS servers.
func writeResolvConf(c Config) error {
	if len(c.DNS) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("# written by xen/netstack from the network settings\n")
	if c.Domain != "" {
		if !resolvWord(c.Domain) {
			return errors.New("refusing a search domain with spaces or control characters")
		}
		b.WriteString("search " + c.Domain + "\n")
	}
	for _, a := range c.DNS {
		if !resolvWord(a.String()) { // an IPv6 zone is free text
			return errors.New("refusing a DNS server address with spaces or control characters")
		}
		b.WriteString("nameserver " + a.String() + "\n")
	}
	if err := os.MkdirAll("/etc", 0o755); err != nil {
		return err
	}
	return os.WriteFile("/etc/resolv.conf", []byte(b.String()), 0o644)
}

// resolvWord reports whether s is one word of a resolv.conf line: no
// newline, NUL, space or other control byte. The DHCP client keeps only
// valid names already; this is a second line of defence, so that nothing
// can add a line or a setting to the file.
func resolvWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			return false
		}
	}
	return s != ""
}
