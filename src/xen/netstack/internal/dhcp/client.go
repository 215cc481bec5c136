// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package dhcp

import (
	"errors"
	"net/netip"
	"time"
)

// A Transport carries the client's frames: Send puts one on the wire,
// Recv waits for the next frame for the client (IsClientFrame) until the
// deadline.
type Transport interface {
	Send(frame []byte) error
	Recv(deadline time.Time) ([]byte, error)
}

// ErrTimeout is returned when no server answered in time.
var ErrTimeout = errors.New("dhcp: no answer from a DHCP server")

// A Lease is an address a server gave, with its settings.
type Lease struct {
	Addr     netip.Prefix
	Router   netip.Addr // invalid if none
	DNS      []netip.Addr
	Domain   string
	Server   netip.Addr
	Duration time.Duration
}

// Acquire gets a lease for mac: DISCOVER, OFFER, REQUEST, ACK, resending
// with growing intervals (1 s, 2 s, 4 s...) until timeout. Each DISCOVER
// (the first, and another after a NAK) starts a transaction with a new
// id from xid, which tells its answers from others'. xid must be
// unpredictable: whoever guesses an id can answer in the server's place.
func Acquire(t Transport, mac [6]byte, xid func() uint32, timeout time.Duration) (Lease, error) {
	end := time.Now().Add(timeout)
	for time.Now().Before(end) {
		id := xid()
		offer, err := exchange(t, end, &message{xid: id, flags: 0x8000, chaddr: mac, typ: typeDiscover}, typeOffer)
		if err != nil {
			return Lease{}, err
		}
		// RFC 2131, 4.4.1: the REQUEST keeps the OFFER's xid.
		ack, err := exchange(t, end, &message{xid: id, flags: 0x8000, chaddr: mac, typ: typeRequest,
			requested: offer.yiaddr, serverID: offer.serverID}, typeAck)
		if errors.Is(err, ErrRefused) {
			continue // the offer went to someone else: start again
		}
		if err != nil {
			return Lease{}, err
		}
		return leaseOf(ack)
	}
	return Lease{}, ErrTimeout
}

// ErrRefused is returned by Renew when the server refused the request
// (NAK): the address must no longer be used.
var ErrRefused = errors.New("dhcp: server refused the request (NAK)")

// Renew asks for more time on lease l of mac (RFC 2131, 4.3.2 and
// 4.4.5): a REQUEST with the address in ciaddr and neither a server
// identifier nor a requested address, sent from the address to the
// broadcast address, so that the server that gave it or, once that one
// is gone, another can answer. It resends as Acquire does until
// timeout, and returns the renewed lease, ErrRefused, or ErrTimeout.
// The renewal is a transaction of its own, with a new id from xid.
func Renew(t Transport, mac [6]byte, xid func() uint32, l Lease, timeout time.Duration) (Lease, error) {
	m := &message{xid: xid(), chaddr: mac, typ: typeRequest, ciaddr: l.Addr.Addr()}
	ack, err := exchange(t, time.Now().Add(timeout), m, typeAck)
	if err != nil {
		return Lease{}, err
	}
	return leaseOf(ack)
}

// exchange sends m until an answer of type want with m's xid arrives;
// any other xid is another transaction's, or a forgery, and ignored.
func exchange(t Transport, end time.Time, m *message, want byte) (*message, error) {
	f := frame(m.chaddr, m.ciaddr, m.marshal())
	wait := time.Second
	for {
		if err := t.Send(f); err != nil {
			return nil, err
		}
		resend := time.Now().Add(wait)
		if resend.After(end) {
			resend = end
		}
		for {
			b, err := t.Recv(resend)
			if err != nil {
				break // resend, or give up below
			}
			p, ok := payloadOf(b)
			if !ok {
				continue
			}
			r, err := parse(p)
			if err != nil || r.op != 2 || r.xid != m.xid || r.chaddr != m.chaddr {
				continue
			}
			if r.typ == typeNak && want == typeAck {
				return nil, ErrRefused
			}
			if r.typ == want {
				return r, nil
			}
		}
		if !time.Now().Before(end) {
			return nil, ErrTimeout
		}
		if wait < 8*time.Second {
			wait *= 2
		}
	}
}

func leaseOf(ack *message) (Lease, error) {
	if !isUnicast(ack.yiaddr) || !ack.mask.Is4() {
		return Lease{}, errors.New("dhcp: ACK without a unicast address or subnet mask")
	}
	m := ack.mask.As4()
	bits := 0
	for _, b := range m {
		for ; b&0x80 != 0; b <<= 1 {
			bits++
		}
	}
	l := Lease{Addr: netip.PrefixFrom(ack.yiaddr, bits), Domain: ack.domain, Server: ack.serverID, Duration: ack.lease}
	// parse kept unicast addresses only; the subnet's broadcast address
	// is known only now.
	l.DNS = hosts(ack.dns, l.Addr)
	if r := hosts(ack.routers, l.Addr); len(r) > 0 {
		l.Router = r[0]
	}
	return l, nil
}
