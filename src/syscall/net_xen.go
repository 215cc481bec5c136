// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Sockets: the constants and types package net needs, with Linux's
// values. There is no network stack in package syscall; every call fails
// with ENOSYS. (Package net, until a stack is attached, uses its
// in-process fake network as on js and wasip1.)

package syscall

import _ "unsafe" // for go:linkname

const (
	AF_UNSPEC = 0x0
	AF_UNIX   = 0x1
	AF_INET   = 0x2
	AF_INET6  = 0xa
)

const (
	SOCK_STREAM    = 0x1
	SOCK_DGRAM     = 0x2
	SOCK_RAW       = 0x3
	SOCK_SEQPACKET = 0x5
)

const (
	IPPROTO_IP   = 0x0
	IPPROTO_IPV4 = 0x4
	IPPROTO_IPV6 = 0x29
	IPPROTO_TCP  = 0x6
	IPPROTO_UDP  = 0x11
)

const (
	SOMAXCONN   = 0x1000
	SOL_SOCKET  = 0x1
	SO_ERROR    = 0x4
	IPV6_V6ONLY = 0x1a
)

const (
	SHUT_RD   = 0x0
	SHUT_WR   = 0x1
	SHUT_RDWR = 0x2
)

// SYS_FCNTL names fcntl for package net's error messages.
const SYS_FCNTL = 72

type Sockaddr interface {
	sockaddr()
}

type SockaddrInet4 struct {
	Port int
	Addr [4]byte
}

type SockaddrInet6 struct {
	Port   int
	ZoneId uint32
	Addr   [16]byte
}

type SockaddrUnix struct {
	Name string
}

func (*SockaddrInet4) sockaddr() {}
func (*SockaddrInet6) sockaddr() {}
func (*SockaddrUnix) sockaddr()  {}

func Socket(domain, typ, proto int) (fd int, err error) { return -1, ENOSYS }

func Bind(fd int, sa Sockaddr) error { return ENOSYS }

func Listen(fd int, backlog int) error { return ENOSYS }

func Accept(fd int) (nfd int, sa Sockaddr, err error) { return -1, nil, ENOSYS }

func Connect(fd int, sa Sockaddr) error { return ENOSYS }

func Getsockname(fd int) (Sockaddr, error) { return nil, ENOSYS }

func Getpeername(fd int) (Sockaddr, error) { return nil, ENOSYS }

func Shutdown(fd int, how int) error { return ENOSYS }

func Recvfrom(fd int, p []byte, flags int) (n int, from Sockaddr, err error) {
	return 0, nil, ENOSYS
}

func Sendto(fd int, p []byte, flags int, to Sockaddr) error { return ENOSYS }

func Recvmsg(fd int, p, oob []byte, flags int) (n, oobn, recvflags int, from Sockaddr, err error) {
	return 0, 0, 0, nil, ENOSYS
}

func SendmsgN(fd int, p, oob []byte, to Sockaddr, flags int) (n int, err error) {
	return 0, ENOSYS
}

func GetsockoptInt(fd, level, opt int) (int, error) { return 0, ENOSYS }

func SetsockoptInt(fd, level, opt int, value int) error { return ENOSYS }

// The forms package internal/syscall/unix reaches by linkname.

//go:linkname recvfromInet4
func recvfromInet4(fd int, p []byte, flags int, from *SockaddrInet4) (int, error) {
	return 0, ENOSYS
}

//go:linkname recvfromInet6
func recvfromInet6(fd int, p []byte, flags int, from *SockaddrInet6) (int, error) {
	return 0, ENOSYS
}

//go:linkname sendtoInet4
func sendtoInet4(fd int, p []byte, flags int, to *SockaddrInet4) error { return ENOSYS }

//go:linkname sendtoInet6
func sendtoInet6(fd int, p []byte, flags int, to *SockaddrInet6) error { return ENOSYS }

//go:linkname sendmsgNInet4
func sendmsgNInet4(fd int, p, oob []byte, to *SockaddrInet4, flags int) (int, error) {
	return 0, ENOSYS
}

//go:linkname sendmsgNInet6
func sendmsgNInet6(fd int, p, oob []byte, to *SockaddrInet6, flags int) (int, error) {
	return 0, ENOSYS
}

//go:linkname recvmsgInet4
func recvmsgInet4(fd int, p, oob []byte, flags int, from *SockaddrInet4) (n, oobn, recvflags int, err error) {
	return 0, 0, 0, ENOSYS
}

//go:linkname recvmsgInet6
func recvmsgInet6(fd int, p, oob []byte, flags int, from *SockaddrInet6) (n, oobn, recvflags int, err error) {
	return 0, 0, 0, ENOSYS
}
