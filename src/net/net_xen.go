// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package net

import (
	"context"
	"internal/poll"
	"io"
	"net/netip"
	"os"
	"syscall"

	"xen/netstack"
)

// stack is the TCP/IP stack. It is set up when net is initialised, before
// main, as a system brings its network up before its services start: the
// first lookup must find the DNS servers DHCP gives (/etc/resolv.conf).
var stack, stackErr = netstack.Default()

// stackSocket makes TCP, UDP and raw IP sockets on the TCP/IP stack
// (xen/netstack). ok is false for the sockets the in-process network of
// net_fake.go serves: Unix-domain ones. As on Linux, the socket, its
// listen and its connect go through socketFunc, listenFunc and
// connectFunc, which net's tests hook.
func stackSocket(ctx context.Context, net string, family, sotype, proto int, ipv6only bool, laddr, raddr sockaddr, ctrlCtxFn func(context.Context, string, string, syscall.RawConn) error) (fd *netFD, ok bool, err error) {
	if family != syscall.AF_INET && family != syscall.AF_INET6 {
		return nil, false, nil
	}
	if stackErr != nil {
		return nil, true, os.NewSyscallError("socket", stackErr)
	}
	s, err := socketFunc(family, sotype|syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC, proto)
	if err != nil {
		return nil, true, os.NewSyscallError("socket", err)
	}
	fd = newFD(s, family, sotype, net)
	if err := fd.init(); err != nil {
		poll.CloseFunc(s)
		return nil, true, err
	}
	if err := fd.stackOpen(ctx, ipv6only, laddr, raddr, ctrlCtxFn); err != nil {
		fd.Close()
		return nil, true, err
	}
	return fd, true, nil
}

// stackOpen sets the socket's options, runs the Control function, binds,
// then listens (no raddr, stream) or connects (raddr).
func (fd *netFD) stackOpen(ctx context.Context, ipv6only bool, laddr, raddr sockaddr, ctrlCtxFn func(context.Context, string, string, syscall.RawConn) error) error {
	if fd.family == syscall.AF_INET6 && fd.sotype != syscall.SOCK_RAW {
		v6only := 0
		if ipv6only {
			v6only = 1
		}
		if err := fd.sock.SetSockoptInt(syscall.IPPROTO_IPV6, syscall.IPV6_V6ONLY, v6only); err != nil {
			return os.NewSyscallError("setsockopt", err)
		}
	}
	if err := fd.control(ctx, laddr, raddr, ctrlCtxFn); err != nil {
		return err
	}
	if laddr != nil {
		a, err := sockaddrToAddrPort(fd.family, laddr)
		if err != nil {
			return stackError("bind", err)
		}
		if err := fd.sock.Bind(a); err != nil {
			return stackError("bind", err)
		}
	}
	switch {
	case raddr != nil:
		if err := fd.connect(ctx, raddr); err != nil {
			return err
		}
		fd.isConnected = true
		fd.setAddr(stackAddr(fd.family, fd.sotype, fd.sock.LocalAddr()), stackAddr(fd.family, fd.sotype, fd.sock.RemoteAddr()))
	case fd.sotype == syscall.SOCK_STREAM:
		if err := listenFunc(fd.pfd.Sysfd, listenerBacklog()); err != nil {
			return os.NewSyscallError("listen", err)
		}
		fd.setAddr(stackAddr(fd.family, fd.sotype, fd.sock.LocalAddr()), nil)
	default:
		fd.setAddr(stackAddr(fd.family, fd.sotype, fd.sock.LocalAddr()), nil)
	}
	return nil
}

// connect starts connecting through the descriptor, then waits for the
// handshake on the socket itself until it ends or ctx is done.
func (fd *netFD) connect(ctx context.Context, raddr sockaddr) error {
	sa, err := raddr.sockaddr(fd.family)
	if err != nil {
		return err
	}
	switch err := connectFunc(fd.pfd.Sysfd, sa); err {
	case nil, syscall.EISCONN:
		if ctx.Err() != nil {
			return mapErr(ctx.Err())
		}
		return nil
	case syscall.EINPROGRESS:
	default:
		return os.NewSyscallError("connect", err)
	}
	if err := fd.sock.AwaitConnect(ctx); err != nil {
		if ctx.Err() != nil {
			return mapErr(ctx.Err())
		}
		return stackError("connect", err)
	}
	return nil
}

func sockaddrToAddrPort(family int, sa sockaddr) (netip.AddrPort, error) {
	s, err := sa.sockaddr(family)
	if err != nil {
		return netip.AddrPort{}, err
	}
	if s == nil { // the wildcard address of family
		return netip.AddrPort{}, nil
	}
	return addrPortOf(s)
}

// addrPortOf converts a socket address as the kernel would take it: a
// port outside 0-65535 is EINVAL, not a port modulo 65536.
func addrPortOf(sa syscall.Sockaddr) (netip.AddrPort, error) {
	var ip netip.Addr
	var port int
	switch sa := sa.(type) {
	case *syscall.SockaddrInet4:
		ip, port = netip.AddrFrom4(sa.Addr), sa.Port
	case *syscall.SockaddrInet6:
		ip, port = netip.AddrFrom16(sa.Addr), sa.Port
	default:
		return netip.AddrPort{}, syscall.EAFNOSUPPORT
	}
	if port < 0 || port > 0xffff {
		return netip.AddrPort{}, syscall.EINVAL
	}
	return netip.AddrPortFrom(ip, uint16(port)), nil
}

func sockaddrOf(family int, a netip.AddrPort) syscall.Sockaddr {
	if !a.Addr().IsValid() { // unbound: the wildcard address
		a = netip.AddrPortFrom(netip.IPv6Unspecified(), a.Port())
		if family == syscall.AF_INET {
			a = netip.AddrPortFrom(netip.IPv4Unspecified(), a.Port())
		}
	}
	if family == syscall.AF_INET {
		return &syscall.SockaddrInet4{Addr: a.Addr().Unmap().As4(), Port: int(a.Port())}
	}
	return &syscall.SockaddrInet6{Addr: a.Addr().As16(), Port: int(a.Port())}
}

// stackAddr is a as the Addr net reports for a socket of family and
// sotype: an unbound address is the family's wildcard ([::] for a
// dual-stack socket, as on Linux).
func stackAddr(family, sotype int, a netip.AddrPort) Addr {
	ip := IP(a.Addr().AsSlice())
	if !a.Addr().IsValid() {
		ip = IPv4zero
		if family == syscall.AF_INET6 {
			ip = IPv6unspecified
		}
	}
	switch sotype {
	case syscall.SOCK_STREAM:
		return &TCPAddr{IP: ip, Port: int(a.Port())}
	case syscall.SOCK_RAW:
		return &IPAddr{IP: ip}
	}
	return &UDPAddr{IP: ip, Port: int(a.Port())}
}

// stackError is err from the stack as net's callers expect it from a
// system call named op.
func stackError(op string, err error) error {
	switch err {
	case nil, io.EOF:
		return err
	case netstack.ErrDeadlineExceeded:
		return os.ErrDeadlineExceeded
	case netstack.ErrClosed:
		return ErrClosed
	}
	if errno, ok := err.(syscall.Errno); ok {
		return os.NewSyscallError(op, errno)
	}
	return err
}
