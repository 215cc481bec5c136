// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package dhcp

import (
	"errors"
	"internal/byteorder"
	"math/rand/v2"
	"net/netip"
	"testing"
	"time"
)

// fakeServer answers the client's frames as a DHCP server would, through
// a channel of frames.
type fakeServer struct {
	replies chan []byte
	nakOnce bool
	silent  bool
	domain  string       // instead of xen.test
	dns     []netip.Addr // instead of 10.88.0.1 and .3
	sent    []byte       // message types seen
	xids    []uint32     // their xids
	last    *message     // the last message seen
	srcIP   netip.Addr   // its frame's IPv4 source
}

func (s *fakeServer) Send(f []byte) error {
	p, ok := payloadOf(toPort68(f))
	if !ok {
		return errors.New("client sent a frame the server cannot read")
	}
	m, err := parse(p)
	if err != nil {
		return err
	}
	s.sent, s.xids = append(s.sent, m.typ), append(s.xids, m.xid)
	s.last, s.srcIP = m, netip.AddrFrom4([4]byte(f[ethLen+12:ethLen+16]))
	if s.silent {
		return nil
	}
	r := &message{xid: m.xid, chaddr: m.chaddr, yiaddr: netip.MustParseAddr("10.88.0.42"),
		mask: netip.MustParseAddr("255.255.255.0"), routers: []netip.Addr{netip.MustParseAddr("10.88.0.1")},
		dns:      []netip.Addr{netip.MustParseAddr("10.88.0.1"), netip.MustParseAddr("10.88.0.3")},
		serverID: netip.MustParseAddr("10.88.0.1"), lease: time.Hour, domain: "xen.test"}
	if s.domain != "" {
		r.domain = s.domain
	}
	if s.dns != nil {
		r.dns = s.dns
	}
	switch m.typ {
	case typeDiscover:
		r.typ = typeOffer
	case typeRequest:
		r.typ = typeAck
		if s.nakOnce {
			s.nakOnce = false
			r.typ = typeNak
		}
	}
	// Noise first: another transaction's answer, which the client must
	// not take, and a broken frame.
	other := *r
	other.xid++
	other.yiaddr, other.domain = netip.MustParseAddr("10.88.0.66"), "forged.test"
	s.replies <- replyFrame(&other)
	s.replies <- []byte{1, 2, 3}
	s.replies <- replyFrame(r)
	return nil
}

func (s *fakeServer) Recv(deadline time.Time) ([]byte, error) {
	select {
	case f := <-s.replies:
		return f, nil
	case <-time.After(time.Until(deadline)):
		return nil, errors.New("timeout")
	}
}

// toPort68 rewrites a frame's UDP destination port to 68: payloadOf reads
// those only.
func toPort68(f []byte) []byte {
	g := append([]byte(nil), f...)
	byteorder.BEPutUint16(g[ethLen+ipLen+2:], clientP)
	return g
}

// replyFrame is a server's reply as a frame for port 68.
func replyFrame(r *message) []byte {
	return toPort68(frame([6]byte{2}, netip.Addr{}, r.marshalReply()))
}

// marshalReply encodes a server message (tests only).
func (m *message) marshalReply() []byte {
	b := m.marshal()
	b[0] = 2
	y := m.yiaddr.As4()
	copy(b[16:], y[:])
	b = b[:fixedLen+4]
	b = append(b, optMessageType, 1, m.typ)
	add := func(code byte, as ...netip.Addr) {
		b = append(b, code, byte(4*len(as)))
		for _, a := range as {
			v := a.As4()
			b = append(b, v[:]...)
		}
	}
	add(optSubnetMask, m.mask)
	add(optRouter, m.routers...)
	add(optDNS, m.dns...)
	add(optServerID, m.serverID)
	b = append(b, optLeaseTime, 4, 0, 0, 0x0e, 0x10) // 3600 s
	b = append(b, optDomain, byte(len(m.domain)))
	b = append(b, m.domain...)
	return append(b, optEnd)
}

func TestAcquire(t *testing.T) {
	s := &fakeServer{replies: make(chan []byte, 16)}
	l, err := Acquire(s, [6]byte{0, 0x16, 0x3e, 0, 0, 9}, rand.Uint32, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if l.Addr != netip.MustParsePrefix("10.88.0.42/24") || l.Router != netip.MustParseAddr("10.88.0.1") ||
		len(l.DNS) != 2 || l.Duration != time.Hour || l.Domain != "xen.test" {
		t.Errorf("lease %+v", l)
	}
	if string(s.sent) != string([]byte{typeDiscover, typeRequest}) {
		t.Errorf("client sent %v", s.sent)
	}
}

func TestAcquireAfterNak(t *testing.T) {
	s := &fakeServer{replies: make(chan []byte, 16), nakOnce: true}
	if _, err := Acquire(s, [6]byte{2}, rand.Uint32, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if len(s.sent) != 4 {
		t.Errorf("client sent %v, want DISCOVER, REQUEST, DISCOVER, REQUEST", s.sent)
	}
}

func TestAcquireTimeout(t *testing.T) {
	s := &fakeServer{replies: make(chan []byte, 16), silent: true}
	start := time.Now()
	_, err := Acquire(s, [6]byte{2}, rand.Uint32, 2500*time.Millisecond)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d < 2*time.Second || d > 4*time.Second {
		t.Errorf("gave up after %v", d)
	}
	if len(s.sent) != 2 { // at 0 s and 1 s; the next would be at 3 s
		t.Errorf("sent %d DISCOVERs, want 2", len(s.sent))
	}
}

// TestRenew: a renewal is a REQUEST from the leased address naming it
// in ciaddr only; the ACK extends the lease.
func TestRenew(t *testing.T) {
	s := &fakeServer{replies: make(chan []byte, 16)}
	old := Lease{Addr: netip.MustParsePrefix("10.88.0.42/24"), Duration: time.Minute}
	l, err := Renew(s, [6]byte{2}, rand.Uint32, old, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if l.Addr != old.Addr || l.Duration != time.Hour {
		t.Errorf("renewed lease %+v", l)
	}
	m := s.last
	if string(s.sent) != string([]byte{typeRequest}) || m.ciaddr != old.Addr.Addr() || m.requested.IsValid() || m.serverID.IsValid() {
		t.Errorf("client sent %v: ciaddr %v, requested %v, server %v", s.sent, m.ciaddr, m.requested, m.serverID)
	}
	if s.srcIP != old.Addr.Addr() {
		t.Errorf("renewal sent from %v", s.srcIP)
	}
}

func TestRenewRefused(t *testing.T) {
	s := &fakeServer{replies: make(chan []byte, 16), nakOnce: true}
	old := Lease{Addr: netip.MustParsePrefix("10.88.0.42/24")}
	if _, err := Renew(s, [6]byte{2}, rand.Uint32, old, 5*time.Second); !errors.Is(err, ErrRefused) {
		t.Fatalf("err %v, want ErrRefused", err)
	}
}

func TestRenewTimeout(t *testing.T) {
	s := &fakeServer{replies: make(chan []byte, 16), silent: true}
	old := Lease{Addr: netip.MustParsePrefix("10.88.0.42/24")}
	if _, err := Renew(s, [6]byte{2}, rand.Uint32, old, 1500*time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Fatalf("err %v, want ErrTimeout", err)
	}
}

func TestFrameRoundTrip(t *testing.T) {
	f := frame([6]byte{1, 2, 3, 4, 5, 6}, netip.Addr{}, []byte("payload"))
	if checksum(f[ethLen:ethLen+ipLen]) != 0 {
		t.Error("bad IPv4 header checksum")
	}
	g := toPort68(f)
	if p, ok := payloadOf(g); !ok || string(p) != "payload" {
		t.Errorf("payload %q, %v", p, ok)
	}
	if IsClientFrame(f) {
		t.Error("a frame to port 67 taken as the client's")
	}
}

func FuzzParse(f *testing.F) {
	f.Add(replyFrame(&message{typ: typeAck, yiaddr: netip.MustParseAddr("10.0.0.2"), mask: netip.MustParseAddr("255.0.0.0"),
		serverID: netip.MustParseAddr("10.0.0.1"), routers: []netip.Addr{netip.MustParseAddr("10.0.0.1")}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, ok := payloadOf(b)
		if !ok {
			return
		}
		m, err := parse(p)
		if err != nil {
			return
		}
		checkMessage(t, m)
		if l, err := leaseOf(m); err == nil {
			checkLease(t, l)
		}
	})
}
