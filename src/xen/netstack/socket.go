// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/netip"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/tcpip/transport/udp"
	"gvisor.dev/gvisor/pkg/waiter"

	"xen/internal/xencall"
)

// ErrDeadlineExceeded is returned by blocking calls whose deadline passed.
// net on xen passes it on as os.ErrDeadlineExceeded.
var ErrDeadlineExceeded = errors.New("i/o timeout")

// ErrClosed is returned by calls on a closed socket.
var ErrClosed = errors.New("use of closed network connection")

// errDone reports that a wait ended because its context was done.
var errDone = errors.New("context done")

// A Socket is a TCP, UDP or raw IP endpoint of a Stack. Its blocking calls park
// the goroutine until the stack reports readiness, the deadline passes,
// or the socket is closed.
type Socket struct {
	ep     tcpip.Endpoint
	wq     *waiter.Queue
	stream bool
	proto  tcpip.NetworkProtocolNumber
	raw    tcpip.TransportProtocolNumber // of a raw socket; 0 for others

	// rawPeer is a connected raw socket's peer, which the stack does not
	// report.
	rawPeer atomic.Pointer[netip.AddrPort]

	rd, wd *deadline
	closed chan struct{}
	shut   atomic.Bool // Close was called

	watchMu sync.Mutex
	watch   *waiter.Entry // Watch's, until Close
}

// Socket returns a new unbound socket: stream (TCP) or datagram (UDP),
// IPv4 (v6 false) or IPv6; an IPv6 socket also serves IPv4 unless
// v6only.
func (st *Stack) Socket(stream, v6, v6only bool) (*Socket, error) {
	defer xencall.LeaveBubble().Enter()
	transport := udp.ProtocolNumber
	if stream {
		transport = tcp.ProtocolNumber
	}
	proto := ipv4.ProtocolNumber
	if v6 {
		proto = ipv6.ProtocolNumber
	}
	wq := new(waiter.Queue)
	ep, err := st.s.NewEndpoint(transport, proto, wq)
	if err != nil {
		return nil, errorOf(err)
	}
	if v6 {
		ep.SocketOptions().SetV6Only(v6only)
	}
	if !stream {
		// net sets SO_BROADCAST on datagram sockets, as here.
		ep.SocketOptions().SetBroadcast(true)
	}
	return st.wrap(ep, wq, stream, proto), nil
}

func (st *Stack) wrap(ep tcpip.Endpoint, wq *waiter.Queue, stream bool, proto tcpip.NetworkProtocolNumber) *Socket {
	return &Socket{ep: ep, wq: wq, stream: stream, proto: proto,
		rd: newDeadline(), wd: newDeadline(), closed: make(chan struct{})}
}

// wait parks until the socket may be ready for mask, the deadline d
// passes, done is closed (errDone) or the socket is closed. ready
// re-checks the condition after registering, so no notification is
// missed.
func (so *Socket) wait(mask waiter.EventMask, d *deadline, done <-chan struct{}, ready func() bool) error {
	w := waitEntries.Get().(*waitEntry)
	w.entry.Init(waiter.ChannelNotifier(w.ch), mask)
	so.wq.EventRegister(&w.entry)
	defer w.done(so.wq)
	ch := w.ch
	for {
		if so.shut.Load() {
			return ErrClosed
		}
		if ready() {
			return nil
		}
		expired, changed := d.channels()
		select {
		case <-ch:
			return nil
		case <-expired:
			return ErrDeadlineExceeded
		case <-changed:
		case <-so.closed:
			return ErrClosed
		case <-done:
			return errDone
		}
	}
}

// A waitEntry is a registration on a socket's queue, kept for reuse:
// waiter.NewChannelEntry makes a channel and an entry each time, two
// allocations on every read that waits.
type waitEntry struct {
	entry waiter.Entry
	ch    chan struct{}
}

var waitEntries = sync.Pool{New: func() any { return &waitEntry{ch: make(chan struct{}, 1)} }}

// done unregisters w, after which no notification reaches it, drops one
// that came after the wait ended, and returns w to the pool.
func (w *waitEntry) done(q *waiter.Queue) {
	q.EventUnregister(&w.entry)
	select {
	case <-w.ch:
	default:
	}
	waitEntries.Put(w)
}

// The reader and writer values ep.Read and ep.Write take, kept for reuse:
// made afresh they escape, an allocation per call.
var (
	sliceWriters = sync.Pool{New: func() any { return new(tcpip.SliceWriter) }}
	byteReaders  = sync.Pool{New: func() any { return new(bytes.Reader) }}

	fullAddresses = sync.Pool{New: func() any { return new(tcpip.FullAddress) }}
)

func (so *Socket) readable() bool {
	return so.ep.Readiness(waiter.ReadableEvents|waiter.EventHUp|waiter.EventErr) != 0
}

func (so *Socket) writable() bool {
	return so.ep.Readiness(waiter.WritableEvents|waiter.EventHUp|waiter.EventErr) != 0
}

// fullAddress and addrPort convert without slices, which would escape:
// an allocation per datagram.
func fullAddress(a netip.AddrPort) tcpip.FullAddress {
	var addr tcpip.Address
	switch ip := a.Addr(); {
	case !ip.IsValid() || ip.IsUnspecified():
	case ip.Is4():
		addr = tcpip.AddrFrom4(ip.As4())
	default:
		addr = tcpip.AddrFrom16(ip.As16())
	}
	return tcpip.FullAddress{Addr: addr, Port: a.Port()}
}

func addrPort(a tcpip.FullAddress) netip.AddrPort {
	var ip netip.Addr
	switch a.Addr.Len() {
	case 4:
		ip = netip.AddrFrom4(a.Addr.As4())
	case 16:
		ip = netip.AddrFrom16(a.Addr.As16())
	}
	return netip.AddrPortFrom(ip, a.Port)
}

// Bind gives the socket its local address; port 0 picks one.
func (so *Socket) Bind(a netip.AddrPort) error {
	defer xencall.LeaveBubble().Enter()
	// As net does on Unix for stream sockets; a datagram socket without it
	// cannot take a port another one holds (EADDRINUSE), as on Linux.
	if so.stream {
		so.ep.SocketOptions().SetReuseAddress(true)
	}
	return errorOf(so.ep.Bind(fullAddress(a)))
}

// Listen makes a bound stream socket accept connections.
func (so *Socket) Listen(backlog int) error {
	defer xencall.LeaveBubble().Enter()
	return errorOf(so.ep.Listen(backlog))
}

// Connect connects to a, waiting (for a stream socket) until the
// handshake ends, ctx is done or the write deadline passes.
func (so *Socket) Connect(ctx context.Context, a netip.AddrPort) error {
	done, stop := doneOutside(ctx)
	defer stop()
	if err := so.connect(done, a); err != errDone {
		return err
	}
	return ctx.Err()
}

func (so *Socket) connect(done <-chan struct{}, a netip.AddrPort) error {
	defer xencall.LeaveBubble().Enter()
	if so.wd.passed() {
		return ErrDeadlineExceeded
	}
	err := so.startConnect(a)
	if _, ok := err.(*tcpip.ErrConnectStarted); !ok {
		return errorOf(err)
	}
	return so.awaitConnect(done)
}

// AwaitConnect waits until the handshake StartConnect began ends, ctx is
// done or the write deadline passes; a handshake cut short is aborted.
func (so *Socket) AwaitConnect(ctx context.Context) error {
	done, stop := doneOutside(ctx)
	defer stop()
	if err := so.awaitConnectOutside(done); err != errDone {
		return err
	}
	return ctx.Err()
}

func (so *Socket) awaitConnectOutside(done <-chan struct{}) error {
	defer xencall.LeaveBubble().Enter()
	return so.awaitConnect(done)
}

func (so *Socket) awaitConnect(done <-chan struct{}) error {
	if werr := so.wait(waiter.WritableEvents|waiter.EventHUp|waiter.EventErr, so.wd, done, so.writable); werr != nil {
		so.ep.Abort()
		return werr
	}
	return errorOf(so.ep.LastError())
}

// startConnect asks the stack to connect; a raw socket remembers its
// peer, which the stack does not report.
func (so *Socket) startConnect(a netip.AddrPort) tcpip.Error {
	err := so.ep.Connect(fullAddress(a))
	if err == nil && so.raw != 0 {
		so.rawPeer.Store(&a)
	}
	return err
}

// Accept waits for a connection on a listening socket.
func (so *Socket) Accept(st *Stack) (*Socket, netip.AddrPort, error) {
	return so.accept(st, false)
}

// accept waits for a connection unless nonblock (then EAGAIN).
func (so *Socket) accept(st *Stack, nonblock bool) (*Socket, netip.AddrPort, error) {
	defer xencall.LeaveBubble().Enter()
	for {
		if so.shut.Load() {
			return nil, netip.AddrPort{}, ErrClosed
		}
		if so.rd.passed() {
			return nil, netip.AddrPort{}, ErrDeadlineExceeded
		}
		var peer tcpip.FullAddress
		ep, wq, err := so.ep.Accept(&peer)
		if _, ok := err.(*tcpip.ErrWouldBlock); !ok {
			if err != nil {
				return nil, netip.AddrPort{}, errorOf(err)
			}
			return st.wrap(ep, wq, true, so.proto), addrPort(peer), nil
		}
		if nonblock {
			return nil, netip.AddrPort{}, syscall.EAGAIN
		}
		if err := so.wait(waiter.ReadableEvents, so.rd, nil, so.readable); err != nil {
			return nil, netip.AddrPort{}, err
		}
	}
}

// Read reads from a stream socket; at the end of the stream it returns
// io.EOF.
func (so *Socket) Read(p []byte) (int, error) {
	n, _, err := so.recv(p, false, false)
	return n, err
}

// ReadFrom reads one datagram and reports its sender.
func (so *Socket) ReadFrom(p []byte) (int, netip.AddrPort, error) {
	return so.recv(p, true, false)
}

// recv reads, waiting for data unless nonblock (then EAGAIN).
func (so *Socket) recv(p []byte, from, nonblock bool) (int, netip.AddrPort, error) {
	defer xencall.LeaveBubble().Enter()
	for {
		if so.shut.Load() {
			return 0, netip.AddrPort{}, ErrClosed
		}
		if so.stream && len(p) == 0 {
			return 0, netip.AddrPort{}, nil // as poll.FD: no wait, no deadline
		}
		if so.rd.passed() {
			return 0, netip.AddrPort{}, ErrDeadlineExceeded
		}
		w := sliceWriters.Get().(*tcpip.SliceWriter)
		*w = p
		var dst io.Writer = w
		if len(p) == 0 {
			// A datagram read into no buffer consumes the datagram, as on
			// Linux; gVisor refuses to copy into an empty writer.
			dst = io.Discard
		}
		res, err := so.ep.Read(dst, tcpip.ReadOptions{NeedRemoteAddr: from})
		*w = nil
		sliceWriters.Put(w)
		switch err.(type) {
		case nil:
			if so.stream && res.Count == 0 && len(p) > 0 {
				continue // woken before data: wait again
			}
			return min(res.Count, len(p)), addrPort(res.RemoteAddr), nil
		case *tcpip.ErrClosedForReceive:
			return 0, netip.AddrPort{}, io.EOF
		case *tcpip.ErrWouldBlock:
			if nonblock {
				return 0, netip.AddrPort{}, syscall.EAGAIN
			}
			if err := so.wait(waiter.ReadableEvents|waiter.EventHUp|waiter.EventErr, so.rd, nil, so.readable); err != nil {
				return 0, netip.AddrPort{}, err
			}
		default:
			return 0, netip.AddrPort{}, errorOf(err)
		}
	}
}

// Write writes all of p to a stream socket, or p as one datagram to the
// connected peer.
func (so *Socket) Write(p []byte) (int, error) {
	return so.send(p, nil, false)
}

// WriteTo sends p as one datagram to a.
func (so *Socket) WriteTo(p []byte, a netip.AddrPort) (int, error) {
	return so.sendTo(p, a, false)
}

// sendTo is send to a, with the address from a pool: made afresh it
// would escape, an allocation per datagram.
func (so *Socket) sendTo(p []byte, a netip.AddrPort, nonblock bool) (int, error) {
	to := fullAddresses.Get().(*tcpip.FullAddress)
	*to = fullAddress(a)
	n, err := so.send(p, to, nonblock)
	fullAddresses.Put(to)
	return n, err
}

// send writes, waiting for room unless nonblock (then it returns what
// fitted, or EAGAIN if nothing did).
func (so *Socket) send(p []byte, to *tcpip.FullAddress, nonblock bool) (int, error) {
	defer xencall.LeaveBubble().Enter()
	written := 0
	for {
		if so.shut.Load() {
			return written, ErrClosed
		}
		if so.wd.passed() {
			return written, ErrDeadlineExceeded
		}
		r := byteReaders.Get().(*bytes.Reader)
		r.Reset(p[written:])
		n, err := so.ep.Write(r, tcpip.WriteOptions{To: to, Atomic: !so.stream})
		r.Reset(nil)
		byteReaders.Put(r)
		written += int(n)
		switch err.(type) {
		case nil:
			if !so.stream || written == len(p) {
				return written, nil
			}
		case *tcpip.ErrWouldBlock:
			if nonblock {
				if written == 0 {
					return 0, syscall.EAGAIN
				}
				return written, nil
			}
			if err := so.wait(waiter.WritableEvents|waiter.EventHUp|waiter.EventErr, so.wd, nil, so.writable); err != nil {
				return written, err
			}
		default:
			return written, errorOf(err)
		}
	}
}

// SetReadDeadline sets when blocked Read, ReadFrom and Accept calls give
// up; the zero time means never.
func (so *Socket) SetReadDeadline(t time.Time) { so.rd.set(t) }

// SetWriteDeadline sets when blocked Write, WriteTo and Connect calls give
// up; the zero time means never.
func (so *Socket) SetWriteDeadline(t time.Time) { so.wd.set(t) }

// LocalAddr returns the bound address.
func (so *Socket) LocalAddr() netip.AddrPort {
	defer xencall.LeaveBubble().Enter()
	a, _ := so.ep.GetLocalAddress()
	return addrPort(a)
}

// RemoteAddr returns the connected peer's address.
func (so *Socket) RemoteAddr() netip.AddrPort {
	if p := so.rawPeer.Load(); p != nil {
		return *p
	}
	defer xencall.LeaveBubble().Enter()
	a, _ := so.ep.GetRemoteAddress()
	return addrPort(a)
}

// Shutdown closes the reading side, the writing side or both.
func (so *Socket) Shutdown(read, write bool) error {
	defer xencall.LeaveBubble().Enter()
	var flags tcpip.ShutdownFlags
	if read {
		flags |= tcpip.ShutdownRead
	}
	if write {
		flags |= tcpip.ShutdownWrite
	}
	return errorOf(so.ep.Shutdown(flags))
}

// Close closes the socket and wakes its blocked calls with ErrClosed.
func (so *Socket) Close() error {
	defer xencall.LeaveBubble().Enter()
	if so.shut.Swap(true) {
		return ErrClosed
	}
	close(so.closed)
	so.unwatch()
	so.ep.Close()
	return nil
}

// SetKeepAlive turns TCP keep-alive probes on or off.
func (so *Socket) SetKeepAlive(on bool) {
	defer xencall.LeaveBubble().Enter()
	so.ep.SocketOptions().SetKeepAlive(on)
}

// SetKeepAlivePeriod sets the idle time before probes and between them.
func (so *Socket) SetKeepAlivePeriod(idle, interval time.Duration) error {
	defer xencall.LeaveBubble().Enter()
	if idle > 0 {
		o := tcpip.KeepaliveIdleOption(idle)
		if err := so.ep.SetSockOpt(&o); err != nil {
			return errorOf(err)
		}
	}
	if interval > 0 {
		o := tcpip.KeepaliveIntervalOption(interval)
		return errorOf(so.ep.SetSockOpt(&o))
	}
	return nil
}

// SetNoDelay turns Nagle's algorithm off (true) or on.
func (so *Socket) SetNoDelay(on bool) {
	defer xencall.LeaveBubble().Enter()
	so.ep.SocketOptions().SetDelayOption(!on)
}

// SetLinger sets SO_LINGER: sec < 0 turns it off.
func (so *Socket) SetLinger(sec int) {
	defer xencall.LeaveBubble().Enter()
	so.ep.SocketOptions().SetLinger(tcpip.LingerOption{Enabled: sec >= 0, Timeout: time.Duration(sec) * time.Second})
}

// SetReadBuffer and SetWriteBuffer size the socket's buffers.
func (so *Socket) SetReadBuffer(n int) {
	defer xencall.LeaveBubble().Enter()
	so.ep.SocketOptions().SetReceiveBufferSize(int64(n), true)
}

func (so *Socket) SetWriteBuffer(n int) {
	defer xencall.LeaveBubble().Enter()
	so.ep.SocketOptions().SetSendBufferSize(int64(n), true)
}

// SetKeepAliveCount sets how many unanswered probes end the connection.
func (so *Socket) SetKeepAliveCount(n int) error {
	defer xencall.LeaveBubble().Enter()
	if n <= 0 {
		return nil
	}
	return errorOf(so.ep.SetSockOptInt(tcpip.KeepaliveCountOption, n))
}
