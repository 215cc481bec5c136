// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package net

import (
	"internal/poll"
	"net/netip"
	"os"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"

	"xen/netstack"
)

const (
	readSyscallName  = "read"
	writeSyscallName = "write"
)

// Network file descriptor. TCP and UDP sockets are endpoints of the
// TCP/IP stack (sock, see net_xen.go); Unix-domain sockets live in the
// in-process network of net_fake.go (fakeNetFD). Each has a descriptor
// of package syscall too, in pfd (sockfile_xen.go).
type netFD struct {
	pfd       poll.FD     // the descriptor, for RawConn, File and Close
	described bool        // pfd holds a descriptor (install)
	closed    atomic.Bool // Close was called; the socket may live on in a dup

	// immutable until Close
	family      int
	sotype      int
	isConnected bool
	net         string
	laddr       Addr
	raddr       Addr

	sock *netstack.Socket
	*fakeNetFD
}

func (fd *netFD) name() string {
	var ls, rs string
	if fd.laddr != nil {
		ls = fd.laddr.String()
	}
	if fd.raddr != nil {
		rs = fd.raddr.String()
	}
	return fd.net + ":" + ls + "->" + rs
}

func (fd *netFD) setAddr(laddr, raddr Addr) {
	fd.laddr = laddr
	fd.raddr = raddr
}

func (fd *netFD) Close() error {
	if fd.described {
		// The socket closes with its last descriptor, which may be a
		// File's or another netFD's (FileConn).
		runtime.SetFinalizer(fd, nil)
		fd.closed.Store(true)
		return fd.pfd.Close()
	}
	if fd.sock != nil {
		return stackError("close", fd.sock.Close())
	}
	if fd.fakeNetFD != nil {
		return fd.fakeNetFD.Close()
	}
	return nil
}

func (fd *netFD) shutdown(how int) error {
	if fd.sock == nil {
		return nil
	}
	read := how == syscall.SHUT_RD || how == syscall.SHUT_RDWR
	write := how == syscall.SHUT_WR || how == syscall.SHUT_RDWR
	return stackError("shutdown", fd.sock.Shutdown(read, write))
}

func (fd *netFD) closeRead() error {
	if fd.fakeNetFD != nil {
		return fd.fakeNetFD.closeRead()
	}
	return fd.shutdown(syscall.SHUT_RD)
}

func (fd *netFD) closeWrite() error {
	if fd.fakeNetFD != nil {
		return fd.fakeNetFD.closeWrite()
	}
	return fd.shutdown(syscall.SHUT_WR)
}

func (fd *netFD) accept() (*netFD, error) {
	if fd.fakeNetFD != nil {
		nfd, err := fd.fakeNetFD.accept(fd.laddr)
		if err != nil {
			return nil, err
		}
		if err := nfd.install(); err != nil {
			nfd.Close()
			return nil, err
		}
		return nfd, nil
	}
	// Through the descriptor, as on Linux: poll waits in the netpoller,
	// skips aborted connections, and a Close wakes it.
	s, rsa, errcall, err := fd.pfd.Accept()
	if err != nil {
		if errcall != "" {
			err = wrapSyscallError(errcall, err)
		}
		return nil, err
	}
	nfd := newFD(s, fd.family, fd.sotype, fd.net)
	if err := nfd.init(); err != nil {
		poll.CloseFunc(s)
		return nil, err
	}
	peer, _ := addrPortOf(rsa)
	nfd.setAddr(stackAddr(fd.family, fd.sotype, nfd.sock.LocalAddr()), stackAddr(fd.family, fd.sotype, peer))
	return nfd, nil
}

func (fd *netFD) Read(p []byte) (int, error) {
	if fd.closed.Load() {
		return 0, ErrClosed
	}
	if fd.sock != nil {
		n, err := fd.sock.Read(p)
		return n, stackError(readSyscallName, err)
	}
	return fd.fakeNetFD.Read(p)
}

func (fd *netFD) Write(p []byte) (int, error) {
	if fd.closed.Load() {
		return 0, ErrClosed
	}
	if fd.sock != nil {
		n, err := fd.sock.Write(p)
		return n, stackError(writeSyscallName, err)
	}
	return fd.fakeNetFD.Write(p)
}

func (fd *netFD) readFrom(p []byte) (int, syscall.Sockaddr, error) {
	if fd.closed.Load() {
		return 0, nil, ErrClosed
	}
	if fd.sock == nil {
		return fd.fakeNetFD.readFrom(p)
	}
	n, from, err := fd.sock.ReadFrom(p)
	if err != nil {
		return n, nil, stackError("recvfrom", err)
	}
	return n, sockaddrOf(fd.family, from), nil
}

func (fd *netFD) readFromInet4(p []byte, sa *syscall.SockaddrInet4) (int, error) {
	if fd.closed.Load() {
		return 0, ErrClosed
	}
	if fd.sock == nil {
		return fd.fakeNetFD.readFromInet4(p, sa)
	}
	n, from, err := fd.sock.ReadFrom(p)
	if err == nil {
		sa.Addr, sa.Port = from.Addr().Unmap().As4(), int(from.Port())
	}
	return n, stackError("recvfrom", err)
}

func (fd *netFD) readFromInet6(p []byte, sa *syscall.SockaddrInet6) (int, error) {
	if fd.closed.Load() {
		return 0, ErrClosed
	}
	if fd.sock == nil {
		return fd.fakeNetFD.readFromInet6(p, sa)
	}
	n, from, err := fd.sock.ReadFrom(p)
	if err == nil {
		sa.Addr, sa.Port = from.Addr().As16(), int(from.Port())
	}
	return n, stackError("recvfrom", err)
}

func (fd *netFD) readMsg(p, oob []byte, flags int) (n, oobn, retflags int, sa syscall.Sockaddr, err error) {
	if fd.closed.Load() {
		return 0, 0, 0, nil, ErrClosed
	}
	if fd.sock == nil {
		return fd.fakeNetFD.readMsg(p, oob, flags)
	}
	n, sa, err = fd.readFrom(p)
	return n, 0, 0, sa, err
}

func (fd *netFD) readMsgInet4(p, oob []byte, flags int, sa *syscall.SockaddrInet4) (n, oobn, retflags int, err error) {
	if fd.closed.Load() {
		return 0, 0, 0, ErrClosed
	}
	if fd.sock == nil {
		return fd.fakeNetFD.readMsgInet4(p, oob, flags, sa)
	}
	n, err = fd.readFromInet4(p, sa)
	return n, 0, 0, err
}

func (fd *netFD) readMsgInet6(p, oob []byte, flags int, sa *syscall.SockaddrInet6) (n, oobn, retflags int, err error) {
	if fd.closed.Load() {
		return 0, 0, 0, ErrClosed
	}
	if fd.sock == nil {
		return fd.fakeNetFD.readMsgInet6(p, oob, flags, sa)
	}
	n, err = fd.readFromInet6(p, sa)
	return n, 0, 0, err
}

func (fd *netFD) writeTo(p []byte, sa syscall.Sockaddr) (int, error) {
	if fd.closed.Load() {
		return 0, ErrClosed
	}
	if fd.sock == nil {
		return fd.fakeNetFD.writeTo(p, sa)
	}
	to, err := addrPortOf(sa)
	if err != nil {
		return 0, stackError("sendto", err)
	}
	n, err := fd.sock.WriteTo(p, to)
	return n, stackError("sendto", err)
}

// writeToInet4 and writeToInet6 do not let sa escape on the stack's path,
// which would cost its caller an allocation per datagram.
func (fd *netFD) writeToInet4(p []byte, sa *syscall.SockaddrInet4) (int, error) {
	if fd.sock == nil || fd.closed.Load() || sa.Port < 0 || sa.Port > 0xffff {
		cp := *sa
		return fd.writeTo(p, &cp)
	}
	n, err := fd.sock.WriteTo(p, netip.AddrPortFrom(netip.AddrFrom4(sa.Addr), uint16(sa.Port)))
	return n, stackError("sendto", err)
}

func (fd *netFD) writeToInet6(p []byte, sa *syscall.SockaddrInet6) (int, error) {
	if fd.sock == nil || fd.closed.Load() || sa.Port < 0 || sa.Port > 0xffff {
		cp := *sa
		return fd.writeTo(p, &cp)
	}
	n, err := fd.sock.WriteTo(p, netip.AddrPortFrom(netip.AddrFrom16(sa.Addr), uint16(sa.Port)))
	return n, stackError("sendto", err)
}

func (fd *netFD) writeMsg(p, oob []byte, sa syscall.Sockaddr) (n, oobn int, err error) {
	if fd.closed.Load() {
		return 0, 0, ErrClosed
	}
	if fd.sock == nil {
		return fd.fakeNetFD.writeMsg(p, oob, sa)
	}
	if len(oob) > 0 {
		return 0, 0, os.NewSyscallError("sendmsg", syscall.EOPNOTSUPP)
	}
	if sa == nil {
		n, err = fd.Write(p)
	} else {
		n, err = fd.writeTo(p, sa)
	}
	return n, 0, err
}

// writeMsgInet4 and writeMsgInet6 get a nil sa for a connected socket:
// writeMsg must see a nil interface, not a nil pointer in one.
func (fd *netFD) writeMsgInet4(p, oob []byte, sa *syscall.SockaddrInet4) (n, oobn int, err error) {
	if sa == nil {
		return fd.writeMsg(p, oob, nil)
	}
	return fd.writeMsg(p, oob, sa)
}

func (fd *netFD) writeMsgInet6(p, oob []byte, sa *syscall.SockaddrInet6) (n, oobn int, err error) {
	if sa == nil {
		return fd.writeMsg(p, oob, nil)
	}
	return fd.writeMsg(p, oob, sa)
}

// The deadlines of a socket of the stack are the socket's, for the
// netFD's calls, and the descriptor's, for RawConn's, as on Linux.

func (fd *netFD) SetDeadline(t time.Time) error {
	if fd.sock == nil {
		return fd.fakeNetFD.SetDeadline(t)
	}
	fd.sock.SetReadDeadline(t)
	fd.sock.SetWriteDeadline(t)
	if fd.described {
		return fd.pfd.SetDeadline(t)
	}
	return nil
}

func (fd *netFD) SetReadDeadline(t time.Time) error {
	if fd.sock == nil {
		return fd.fakeNetFD.SetReadDeadline(t)
	}
	fd.sock.SetReadDeadline(t)
	if fd.described {
		return fd.pfd.SetReadDeadline(t)
	}
	return nil
}

func (fd *netFD) SetWriteDeadline(t time.Time) error {
	if fd.sock == nil {
		return fd.fakeNetFD.SetWriteDeadline(t)
	}
	fd.sock.SetWriteDeadline(t)
	if fd.described {
		return fd.pfd.SetWriteDeadline(t)
	}
	return nil
}

func (fd *netFD) dup() (*os.File, error) {
	if !fd.described {
		return nil, os.NewSyscallError("dup", syscall.EBADF)
	}
	ns, call, err := fd.pfd.Dup()
	if err != nil {
		if call != "" {
			err = os.NewSyscallError(call, err)
		}
		return nil, err
	}
	return newUnixFile(ns, fd.name()), nil
}
