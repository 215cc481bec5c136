// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"sync"

	"gvisor.dev/gvisor/pkg/buffer"
	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/header"
	"gvisor.dev/gvisor/pkg/tcpip/stack"

	"xen/netfront"
)

// A frameDevice sends and receives Ethernet frames: a Xen network device,
// or a fake in tests.
type frameDevice interface {
	MAC() [6]byte
	MTU() int // of the IP packets it carries
	Send(frags ...[]byte) error
	SendOffload(o netfront.Offload, frags ...[]byte) error
	Features() netfront.Features
}

// frameLink is the stack's link endpoint for a frameDevice. It carries
// whole Ethernet frames; ethernet.New wraps it to add and parse headers.
type frameLink struct {
	dev frameDevice

	mu        sync.RWMutex
	disp      stack.NetworkDispatcher
	onClose   func()
	intercept func(frame []byte) bool // takes frames before the stack (DHCP)
}

// setIntercept makes f see each received frame first; a frame f returns
// true for does not reach the stack.
func (l *frameLink) setIntercept(f func([]byte) bool) {
	l.mu.Lock()
	l.intercept = f
	l.mu.Unlock()
}

var (
	_ stack.LinkEndpoint = (*frameLink)(nil)
	_ stack.GSOEndpoint  = (*frameLink)(nil)
)

// SupportedGSO hands TCP's segmentation to the backend when it segments
// both IPv4 and IPv6 (gVisor asks for one or the other by the route):
// one 64 KiB packet then costs one grant copy instead of 45 frames.
func (l *frameLink) SupportedGSO() stack.SupportedGSO {
	if f := l.dev.Features(); f.GSOTCPv4 && f.GSOTCPv6 {
		return stack.HostGSOSupported
	}
	return stack.GSONotSupported
}

// GSOMaxSize bounds a segmented packet so that its frame fits the ring.
func (l *frameLink) GSOMaxSize() uint32 {
	return netfront.MaxGSOFrame - header.EthernetMinimumSize
}

// deliver hands a received frame to the stack; csumValid says the backend
// vouched for its checksums. frame is not kept.
func (l *frameLink) deliver(frame []byte, csumValid bool) {
	l.mu.RLock()
	d, intercept := l.disp, l.intercept
	l.mu.RUnlock()
	if intercept != nil && intercept(frame) {
		return
	}
	if d == nil {
		return
	}
	pkt := stack.NewPacketBuffer(stack.PacketBufferOptions{Payload: buffer.MakeWithData(frame)})
	pkt.RXChecksumValidated = csumValid && ipv4HeaderSound(frame)
	d.DeliverNetworkPacket(0, pkt)
	pkt.DecRef()
}

// ipv4HeaderSound reports whether frame is not IPv4 or has a sound IPv4
// header checksum. The backend vouches for transport checksums only, and
// gVisor skips the header's too for a vouched packet: a frame that fails
// here goes to the stack unvouched, which checks and drops it.
func ipv4HeaderSound(frame []byte) bool {
	if len(frame) < header.EthernetMinimumSize || header.Ethernet(frame).Type() != header.IPv4ProtocolNumber {
		return true
	}
	ip := header.IPv4(frame[header.EthernetMinimumSize:])
	if len(ip) < header.IPv4MinimumSize {
		return false
	}
	hl := int(ip.HeaderLength())
	return hl >= header.IPv4MinimumSize && hl <= len(ip) && header.IPv4(ip[:hl]).IsChecksumValid()
}

func (l *frameLink) MTU() uint32                                  { return uint32(l.dev.MTU() + header.EthernetMinimumSize) }
func (l *frameLink) SetMTU(uint32)                                {}
func (l *frameLink) MaxHeaderLength() uint16                      { return 0 }
func (l *frameLink) LinkAddress() tcpip.LinkAddress               { m := l.dev.MAC(); return tcpip.LinkAddress(m[:]) }
func (l *frameLink) SetLinkAddress(tcpip.LinkAddress)             {}
func (l *frameLink) Capabilities() stack.LinkEndpointCapabilities { return 0 }
func (l *frameLink) ARPHardwareType() header.ARPHardwareType      { return header.ARPHardwareNone }
func (l *frameLink) AddHeader(*stack.PacketBuffer)                {}
func (l *frameLink) ParseHeader(*stack.PacketBuffer) bool         { return true }
func (l *frameLink) Wait()                                        {}

func (l *frameLink) Attach(d stack.NetworkDispatcher) {
	l.mu.Lock()
	l.disp = d
	l.mu.Unlock()
}

func (l *frameLink) IsAttached() bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.disp != nil
}

func (l *frameLink) Close() {
	l.mu.Lock()
	f := l.onClose
	l.disp = nil
	l.mu.Unlock()
	if f != nil {
		f()
	}
}

func (l *frameLink) SetOnCloseAction(f func()) {
	l.mu.Lock()
	l.onClose = f
	l.mu.Unlock()
}

// WritePackets sends each packet as one frame. A frame the device refuses
// is dropped, as a NIC drops it; the stack's retransmission deals with it.
func (l *frameLink) WritePackets(pkts stack.PacketBufferList) (int, tcpip.Error) {
	n := 0
	for _, pkt := range pkts.AsSlice() {
		if err := l.writePacket(pkt); err != nil {
			if n == 0 {
				return 0, err
			}
			break
		}
		n++
	}
	return n, nil
}

// writePacket sends pkt as one frame (directQDisc).
func (l *frameLink) writePacket(pkt *stack.PacketBuffer) tcpip.Error {
	if err := l.dev.SendOffload(offloadOf(pkt), pkt.AsSlices()...); err != nil {
		return &tcpip.ErrClosedForSend{}
	}
	return nil
}

// offloadOf is what the backend must finish of pkt: TCP built for host
// GSO carries only its pseudo-header's sum, and a segment longer than its
// MSS is cut by the backend.
func offloadOf(pkt *stack.PacketBuffer) netfront.Offload {
	g := pkt.GSOOptions
	if g.Type == stack.GSONone || !g.NeedsCsum {
		return netfront.Offload{}
	}
	o := netfront.Offload{ChecksumPartial: true}
	if pkt.Data().Size() > int(g.MSS) {
		o.MSS = g.MSS
		switch g.Type {
		case stack.GSOTCPv4:
			o.GSO = netfront.GSOTCPv4
		case stack.GSOTCPv6:
			o.GSO = netfront.GSOTCPv6
		}
	}
	return o
}
