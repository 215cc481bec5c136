// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package net

import (
	"context"
	"errors"
	"internal/poll"
	"io"
	"net/netip"
	"os"
	"runtime"
	"syscall"
	"time"
	_ "unsafe" // for go:linkname

	"xen/netstack"
)

// Sockets as descriptors. Every socket net opens has a descriptor in
// package syscall's table (syscall/socket_xen.go), whose calls reach the
// socket through a sockDesc. So syscall.RawConn callbacks can use the
// descriptor as on Linux (read, write, getsockopt, setsockopt), File
// dups it, FileConn finds the socket again, and syscall.Socket makes
// sockets too. A netFD reads and writes its socket directly, not
// through the descriptor, which serves only those uses.

// Provided by package syscall.
//
//go:linkname installSocket syscall.installSocket
func installSocket(impl any, nonblock, cloexec bool) (int, error)

//go:linkname socketOf syscall.socketOf
func socketOf(fd int) (any, error)

//go:linkname setSocketFactory syscall.setSocketFactory
func setSocketFactory(f func(domain, typ, proto int) (any, error))

// newUnixFile is os.File for a socket descriptor. Defined in package os.
func newUnixFile(fd int, name string) *os.File

func init() {
	setSocketFactory(newSyscallSocket)
}

// A sockDesc is a socket as syscall's descriptors see it: the netFD that
// opened it, which has its type, addresses and the socket itself.
type sockDesc struct {
	fd *netFD

	// bound is the address Bind gave a socket of the in-process network
	// that is not yet listening or connected (syscall.Socket's).
	bound sockaddr
}

// install gives fd's socket its descriptor. Sockets of the TCP/IP stack
// get a non-blocking one, which the netpoller can wait on; those of the
// in-process network, which cannot report readiness, a blocking one.
func (fd *netFD) install() error {
	sysfd, err := installSocket(&sockDesc{fd: fd}, fd.sock != nil, true)
	if err != nil {
		return os.NewSyscallError("socket", err)
	}
	fd.pfd = poll.FD{Sysfd: sysfd, IsStream: fd.sotype == syscall.SOCK_STREAM, ZeroReadIsEOF: fd.sotype != syscall.SOCK_DGRAM}
	fd.described = true
	fd.pfd.Init(fd.net, true) // an error means not pollable: blocking
	runtime.SetFinalizer(fd, (*netFD).Close)
	return nil
}

// control runs a Dialer's or ListenConfig's Control function on the
// new socket, before it is bound or connected, as on Linux. A socket of
// the in-process network gets its descriptor here.
func (fd *netFD) control(ctx context.Context, laddr, raddr sockaddr, ctrlCtxFn func(context.Context, string, string, syscall.RawConn) error) error {
	if !fd.described {
		if err := fd.install(); err != nil {
			return err
		}
	}
	if ctrlCtxFn == nil {
		return nil
	}
	var address string
	if raddr != nil {
		address = raddr.String()
	} else if laddr != nil {
		address = laddr.String()
	}
	return ctrlCtxFn(ctx, fd.controlNetwork(), address, newRawConn(fd))
}

// controlNetwork is the network Control sees: "tcp4" or "tcp6" rather
// than "tcp", as on Linux.
func (fd *netFD) controlNetwork() string {
	switch fd.net {
	case "unix", "unixgram", "unixpacket":
		return fd.net
	}
	switch fd.net[len(fd.net)-1] {
	case '4', '6':
		return fd.net
	}
	if fd.family == syscall.AF_INET {
		return fd.net + "4"
	}
	return fd.net + "6"
}

// newSyscallSocket makes the socket of syscall.Socket.
func newSyscallSocket(domain, typ, proto int) (any, error) {
	fd := &netFD{family: domain, sotype: typ}
	switch domain {
	case syscall.AF_INET, syscall.AF_INET6:
		if stackErr != nil {
			return nil, syscall.ENETDOWN
		}
		so, net, err := newStackSocket(domain == syscall.AF_INET6, typ, proto)
		if err != nil {
			return nil, errnoOf(err)
		}
		fd.sock, fd.net = so, net
	case syscall.AF_UNIX:
		switch typ {
		case syscall.SOCK_STREAM:
			fd.net = "unix"
		case syscall.SOCK_DGRAM:
			fd.net = "unixgram"
		case syscall.SOCK_SEQPACKET:
			fd.net = "unixpacket"
		default:
			return nil, syscall.ESOCKTNOSUPPORT
		}
		if proto != 0 {
			return nil, syscall.EPROTONOSUPPORT
		}
		fd.fakeNetFD = newFakeNetFD(fd)
	default:
		return nil, syscall.EAFNOSUPPORT
	}
	return &sockDesc{fd: fd}, nil
}

// newStackSocket makes a socket of the TCP/IP stack of type typ for
// protocol proto (0: the type's), with the name of its network.
func newStackSocket(v6 bool, typ, proto int) (*netstack.Socket, string, error) {
	net := "ip4"
	if v6 {
		net = "ip6"
	}
	switch {
	case typ == syscall.SOCK_RAW:
		so, err := stack.RawSocket(v6, proto)
		return so, net, err
	case typ == syscall.SOCK_STREAM && (proto == 0 || proto == syscall.IPPROTO_TCP):
		so, err := stack.Socket(true, v6, false)
		return so, "tcp", err
	case typ == syscall.SOCK_DGRAM && (proto == 0 || proto == syscall.IPPROTO_UDP):
		so, err := stack.Socket(false, v6, false)
		return so, "udp", err
	}
	return nil, "", syscall.EPROTONOSUPPORT
}

// errnoOf is err, from the stack or the in-process network, as the
// errno a system call would return.
func errnoOf(err error) error {
	if errno, ok := errnoIn(err); ok {
		return errno
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, netstack.ErrDeadlineExceeded):
		return syscall.EAGAIN // as SO_RCVTIMEO and SO_SNDTIMEO
	case errors.Is(err, ErrClosed), errors.Is(err, netstack.ErrClosed):
		return syscall.EBADF
	}
	return syscall.EINVAL
}

// errnoIn is errors.As(err, &e) for a syscall.Errno e, without the
// reflection errors.As links into every network program (10 KB of
// code): syscall's, which its file operations use for the same reason.
//
//go:linkname errnoIn syscall.errnoIn
func errnoIn(err error) (syscall.Errno, bool)

func (d *sockDesc) SockRecv(p []byte, flags int, nonblock bool) (int, syscall.Sockaddr, error) {
	if flags&^syscall.MSG_DONTWAIT != 0 {
		return 0, nil, syscall.EOPNOTSUPP
	}
	fd := d.fd
	if so := fd.sock; so != nil {
		n, a, err := so.Recv(p, nonblock)
		if err == io.EOF {
			return 0, nil, nil
		}
		var from syscall.Sockaddr
		if err == nil && !so.Stream() {
			from = sockaddrOf(fd.family, a)
		}
		return n, from, errnoOf(err)
	}
	ffd := fd.fakeNetFD
	if nonblock {
		// The in-process network cannot tell whether a read would wait;
		// a deadline already passed makes it return what it has.
		saved := ffd.readDeadline.Swap(newDeadlineTimer(time.Unix(1, 0)))
		defer ffd.readDeadline.Store(saved)
	}
	if fd.sotype == syscall.SOCK_DGRAM {
		n, from, err := ffd.readFrom(p)
		return n, from, errnoOf(err)
	}
	n, err := ffd.Read(p)
	if err == io.EOF {
		return 0, nil, nil
	}
	return n, nil, errnoOf(err)
}

func (d *sockDesc) SockSend(p []byte, flags int, to syscall.Sockaddr, nonblock bool) (int, error) {
	if flags&^syscall.MSG_DONTWAIT != 0 {
		return 0, syscall.EOPNOTSUPP
	}
	fd := d.fd
	if so := fd.sock; so != nil {
		var a netip.AddrPort
		if to != nil {
			var err error
			if a, err = addrPortOf(to); err != nil {
				return 0, err
			}
		}
		n, err := so.Send(p, a, nonblock)
		return n, errnoOf(err)
	}
	if to == nil {
		n, err := fd.fakeNetFD.Write(p)
		return n, errnoOf(err)
	}
	if fd.laddr == nil {
		fd.laddr = &UnixAddr{Net: fd.net} // unbound: no name, as on Linux
	}
	n, err := fd.fakeNetFD.writeTo(p, to)
	return n, errnoOf(err)
}

func (d *sockDesc) SockBind(sa syscall.Sockaddr) error {
	fd := d.fd
	if so := fd.sock; so != nil {
		a, err := addrPortOf(sa)
		if err != nil {
			return err
		}
		return errnoOf(so.Bind(a))
	}
	ua, ok := sa.(*syscall.SockaddrUnix)
	if !ok {
		return syscall.EAFNOSUPPORT
	}
	if d.bound != nil || fd.laddr != nil {
		return syscall.EINVAL
	}
	laddr := &UnixAddr{Name: ua.Name, Net: fd.net}
	if fd.sotype == syscall.SOCK_DGRAM {
		return errnoOf(fakeListen(fd, laddr)) // a bound datagram socket receives
	}
	d.bound = laddr
	return nil
}

func (d *sockDesc) SockConnect(sa syscall.Sockaddr, nonblock bool) error {
	fd := d.fd
	if so := fd.sock; so != nil {
		a, err := addrPortOf(sa)
		if err != nil {
			return err
		}
		if nonblock {
			return errnoOf(so.StartConnect(a))
		}
		if err := so.Connect(context.Background(), a); err != nil {
			return errnoOf(err)
		}
		fd.isConnected = true
		return nil
	}
	ua, ok := sa.(*syscall.SockaddrUnix)
	if !ok {
		return syscall.EAFNOSUPPORT
	}
	return errnoOf(fakeConnect(context.Background(), fd, d.bound, &UnixAddr{Name: ua.Name, Net: fd.net}))
}

func (d *sockDesc) SockListen(backlog int) error {
	fd := d.fd
	if so := fd.sock; so != nil {
		return errnoOf(so.Listen(backlog))
	}
	if fd.sotype == syscall.SOCK_DGRAM {
		return syscall.EOPNOTSUPP
	}
	return errnoOf(fakeListen(fd, d.bound))
}

func (d *sockDesc) SockAccept(nonblock bool) (any, syscall.Sockaddr, error) {
	fd := d.fd
	if so := fd.sock; so != nil {
		var (
			c    *netstack.Socket
			peer netip.AddrPort
			err  error
		)
		if nonblock {
			c, peer, err = so.TryAccept(stack)
		} else {
			c, peer, err = so.Accept(stack)
		}
		if err != nil {
			return nil, nil, errnoOf(err)
		}
		nfd := &netFD{family: fd.family, sotype: fd.sotype, net: fd.net, isConnected: true, sock: c}
		return &sockDesc{fd: nfd}, sockaddrOf(fd.family, peer), nil
	}
	if fd.fakeNetFD.incoming == nil {
		return nil, nil, syscall.EINVAL
	}
	nfd, err := fd.fakeNetFD.accept(fd.laddr)
	if err != nil {
		return nil, nil, errnoOf(err)
	}
	return &sockDesc{fd: nfd}, &syscall.SockaddrUnix{}, nil
}

func (d *sockDesc) SockShutdown(how int) error {
	fd := d.fd
	if fd.sock != nil {
		return errnoOf(fd.shutdown(how))
	}
	var err error
	if how == syscall.SHUT_RD || how == syscall.SHUT_RDWR {
		err = fd.fakeNetFD.closeRead()
	}
	if how == syscall.SHUT_WR || how == syscall.SHUT_RDWR {
		if werr := fd.fakeNetFD.closeWrite(); err == nil {
			err = werr
		}
	}
	return errnoOf(err)
}

func (d *sockDesc) SockName() (syscall.Sockaddr, error) {
	fd := d.fd
	if so := fd.sock; so != nil {
		return sockaddrOf(fd.family, so.LocalAddr()), nil
	}
	if a, ok := fd.laddr.(*UnixAddr); ok && a != nil {
		return &syscall.SockaddrUnix{Name: a.Name}, nil
	}
	return &syscall.SockaddrUnix{}, nil
}

func (d *sockDesc) SockPeer() (syscall.Sockaddr, error) {
	fd := d.fd
	if so := fd.sock; so != nil {
		if !so.Connected() {
			return nil, syscall.ENOTCONN
		}
		return sockaddrOf(fd.family, so.RemoteAddr()), nil
	}
	if a, ok := fd.raddr.(*UnixAddr); ok && a != nil {
		return &syscall.SockaddrUnix{Name: a.Name}, nil
	}
	return nil, syscall.ENOTCONN
}

func (d *sockDesc) SockGetInt(level, opt int) (int, error) {
	fd := d.fd
	if fd.sock != nil {
		return fd.sock.SockoptInt(level, opt)
	}
	if level != syscall.SOL_SOCKET {
		return 0, syscall.EOPNOTSUPP // no IP or TCP options on Unix sockets
	}
	switch opt {
	case syscall.SO_TYPE:
		return fd.sotype, nil
	case syscall.SO_DOMAIN:
		return syscall.AF_UNIX, nil
	case syscall.SO_PROTOCOL, syscall.SO_ERROR:
		return 0, nil
	case syscall.SO_ACCEPTCONN:
		if fd.fakeNetFD.incoming != nil {
			return 1, nil
		}
		return 0, nil
	}
	return 0, syscall.ENOPROTOOPT
}

func (d *sockDesc) SockSetInt(level, opt, value int) error {
	fd := d.fd
	if fd.sock != nil {
		return fd.sock.SetSockoptInt(level, opt, value)
	}
	if level != syscall.SOL_SOCKET {
		return syscall.EOPNOTSUPP
	}
	if opt == syscall.SO_RCVBUF {
		return errnoOf(fd.fakeNetFD.setReadBuffer(value))
	}
	return syscall.ENOPROTOOPT
}

// SockPollable: the in-process network cannot report readiness.
func (d *sockDesc) SockPollable() bool { return d.fd.sock != nil }

func (d *sockDesc) SockWatch(ready func(mode int32)) { d.fd.sock.Watch(ready) }

func (d *sockDesc) SockRelease() {
	fd := d.fd
	switch {
	case fd.sock != nil:
		fd.sock.Close()
	case fd.fakeNetFD != nil: // nil if listening failed, having closed it
		fd.fakeNetFD.Close()
	}
}

// bindUnixName makes the file of a Unix-domain socket bound to name, as
// bind(2) does; if name exists, the address is in use. Abstract names
// (@name) have no file.
func bindUnixName(name string) error {
	if name == "" || name[0] == '@' {
		return nil
	}
	err := syscall.Mknod(name, syscall.S_IFSOCK|0777, 0)
	if err == syscall.EEXIST {
		return syscall.EADDRINUSE
	}
	if err == nil {
		// A socket still bound to a file since removed can no longer be
		// reached by name; this one takes the name over.
		sockets.Delete(fakeAddr(&UnixAddr{Name: name}))
	}
	return err
}
