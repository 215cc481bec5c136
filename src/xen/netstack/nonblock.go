// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"net/netip"

	"gvisor.dev/gvisor/pkg/waiter"

	"xen/internal/xencall"
)

// The calls below serve a socket's descriptor in package syscall, which
// the runtime's netpoller waits on (syscall.RawConn, an os.File of the
// socket): with nonblock, where a blocking call would wait they return
// syscall.EAGAIN, and Watch tells the netpoller when to try again.

// Recv reads, and reports the sender of a datagram.
func (so *Socket) Recv(p []byte, nonblock bool) (int, netip.AddrPort, error) {
	return so.recv(p, !so.stream, nonblock)
}

// Send writes p, to a if it is valid, else to the connected peer.
func (so *Socket) Send(p []byte, a netip.AddrPort, nonblock bool) (int, error) {
	if !a.IsValid() {
		return so.send(p, nil, nonblock)
	}
	return so.sendTo(p, a, nonblock)
}

// StartConnect starts connecting to a: for a stream socket it returns
// syscall.EINPROGRESS, and the socket becomes writable when the handshake
// ends, with the outcome in SO_ERROR.
func (so *Socket) StartConnect(a netip.AddrPort) error {
	defer xencall.LeaveBubble().Enter()
	return errorOf(so.startConnect(a))
}

// TryAccept accepts a connection that is waiting.
func (so *Socket) TryAccept(st *Stack) (*Socket, netip.AddrPort, error) {
	return so.accept(st, true)
}

// Watch calls ready with 'r', 'w' or 'r'+'w' whenever the stack reports
// the socket readable, writable, or hung up or failed, until Close. It
// may be called from any goroutine, so ready must not wait.
func (so *Socket) Watch(ready func(mode int32)) {
	defer xencall.LeaveBubble().Enter()
	e := waiter.NewFunctionEntry(waiter.ReadableEvents|waiter.WritableEvents|waiter.EventHUp|waiter.EventErr, func(m waiter.EventMask) {
		var mode int32
		if m&(waiter.ReadableEvents|waiter.EventHUp|waiter.EventErr) != 0 {
			mode += 'r'
		}
		if m&(waiter.WritableEvents|waiter.EventHUp|waiter.EventErr) != 0 {
			mode += 'w'
		}
		ready(mode)
	})
	so.watchMu.Lock()
	defer so.watchMu.Unlock()
	if so.shut.Load() || so.watch != nil {
		return
	}
	so.watch = &e
	so.wq.EventRegister(so.watch)
}

// unwatch ends what Watch started.
func (so *Socket) unwatch() {
	so.watchMu.Lock()
	defer so.watchMu.Unlock()
	if so.watch != nil {
		so.wq.EventUnregister(so.watch)
		so.watch = nil
	}
}

// Stream reports whether the socket is a stream (TCP) one.
func (so *Socket) Stream() bool { return so.stream }

// Listening reports whether the socket accepts connections.
func (so *Socket) Listening() bool {
	defer xencall.LeaveBubble().Enter()
	return so.ep.SocketOptions().GetAcceptConn()
}

// Connected reports whether the socket has a peer.
func (so *Socket) Connected() bool {
	if so.rawPeer.Load() != nil {
		return true
	}
	defer xencall.LeaveBubble().Enter()
	_, err := so.ep.GetRemoteAddress()
	return err == nil
}
