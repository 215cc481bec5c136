// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netstack

import (
	"errors"
	"os"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"

	"xen/netfront"
	"xen/netstack/internal/dhcp"
)

// A DHCP lease is kept as RFC 2131's client keeps it: renewed from half
// its time on, again after half the time left (at least a minute) while
// the server does not answer, and dropped when it runs out or the server
// refuses it; then the interface asks for a new one, as it does, with
// growing pauses, while it has none.

const (
	renewRetryMin   = time.Minute
	acquirePauseMin = 10 * time.Second
	acquirePauseMax = 5 * time.Minute
)

// keepLease looks after interface id's DHCP lease until its device goes.
// have says whether l is a lease the interface holds.
func (st *Stack) keepLease(id tcpip.NICID, name string, link *frameLink, dev *netfront.Device, l dhcp.Lease, have bool) {
	got := time.Now()
	pause := acquirePauseMin
	for {
		if !have {
			if !sleepUntil(dev, time.Now().Add(pause)) {
				return
			}
			var err error
			if l, err = leaseFor(link, dev); err != nil {
				pause = min(max(2*pause, acquirePauseMin), acquirePauseMax)
				continue
			}
			got, have, pause = time.Now(), true, acquirePauseMin
			if err := st.configure(id, name, configOf(l)); err != nil {
				os.Stderr.WriteString("netstack: " + err.Error() + "\n")
			}
			os.Stderr.WriteString("netstack: " + name + ": " + l.Addr.String() + " from DHCP for " + l.Duration.String() + "\n")
			continue
		}
		if l.Duration <= 0 {
			sleepUntil(dev, time.Time{}) // a lease without end
			return
		}
		expiry := got.Add(l.Duration)
		next := got.Add(l.Duration / 2)
	renewing:
		for {
			if !sleepUntil(dev, next) {
				return
			}
			if !time.Now().Before(expiry) {
				st.dropLease(id, name, l, "expired")
				have, pause = false, 0
				break
			}
			left := time.Until(expiry)
			var renewed dhcp.Lease
			err := withDHCP(link, dev, func(t *dhcpTransport) error {
				var err error
				renewed, err = dhcp.Renew(t, dev.MAC(), newXID, l, min(left, 30*time.Second))
				return err
			})
			switch {
			case err == nil:
				st.renewed(id, name, l, renewed)
				l, got = renewed, time.Now()
				break renewing // the renewed lease is timed afresh above
			case errors.Is(err, dhcp.ErrRefused):
				st.dropLease(id, name, l, "refused by the server")
				have, pause = false, 0
				break renewing
			default:
				next = time.Now().Add(min(max(time.Until(expiry)/2, renewRetryMin), time.Until(expiry)))
			}
		}
	}
}

// renewed applies a renewal: the same address is only extended; a
// different one, or other settings, reconfigure the interface.
func (st *Stack) renewed(id tcpip.NICID, name string, old, l dhcp.Lease) {
	if configOf(l).equal(configOf(old)) {
		return
	}
	st.unconfigure(id, old.Addr)
	if err := st.configure(id, name, configOf(l)); err != nil {
		os.Stderr.WriteString("netstack: " + err.Error() + "\n")
	}
	os.Stderr.WriteString("netstack: " + name + ": renewal moved " + old.Addr.String() + " to " + l.Addr.String() + "\n")
}

// dropLease takes lease l's address and routes off interface id.
func (st *Stack) dropLease(id tcpip.NICID, name string, l dhcp.Lease, why string) {
	st.unconfigure(id, l.Addr)
	os.Stderr.WriteString("netstack: " + name + ": lease of " + l.Addr.String() + " " + why + "; asking for another\n")
}

// sleepUntil waits until t (for ever if t is zero) and reports true, or
// returns false at once when dev's backend goes.
func sleepUntil(dev *netfront.Device, t time.Time) bool {
	var at <-chan time.Time
	if !t.IsZero() {
		timer := time.NewTimer(time.Until(t))
		defer timer.Stop()
		at = timer.C
	}
	select {
	case <-at:
		return true
	case <-dev.Gone():
		return false
	}
}
