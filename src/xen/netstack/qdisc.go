// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"sync"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
)

// gVisor's default queueing discipline hands each packet to the link
// endpoint in a new PacketBufferList, which costs an allocation per
// packet. Neither of our links queues, so directQDisc gives them the
// packet itself.

// A packetWriter is a link endpoint that sends one packet at a time.
type packetWriter interface {
	writePacket(pkt *stack.PacketBuffer) tcpip.Error
}

type directQDisc struct{ link packetWriter }

func (q directQDisc) WritePacket(pkt *stack.PacketBuffer) tcpip.Error {
	return q.link.writePacket(pkt)
}

func (directQDisc) Close() {}

// loopbackLink is gVisor's loopback endpoint with a one-packet write.
type loopbackLink struct {
	stack.LinkEndpoint

	mu         sync.RWMutex
	dispatcher stack.NetworkDispatcher
}

func (l *loopbackLink) Attach(d stack.NetworkDispatcher) {
	l.mu.Lock()
	l.dispatcher = d
	l.mu.Unlock()
	l.LinkEndpoint.Attach(d)
}

// writePacket delivers pkt back to the stack as a fresh inbound packet
// holding only its bytes, as the loopback endpoint's WritePackets does.
func (l *loopbackLink) writePacket(pkt *stack.PacketBuffer) tcpip.Error {
	l.mu.RLock()
	d := l.dispatcher
	l.mu.RUnlock()
	in := stack.NewPacketBuffer(stack.PacketBufferOptions{Payload: pkt.ToBuffer()})
	if d != nil {
		d.DeliverNetworkPacket(pkt.NetworkProtocolNumber, in)
	}
	in.DecRef()
	return nil
}
