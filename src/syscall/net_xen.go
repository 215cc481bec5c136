// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Sockets: constants and address types, with Linux's values. The calls
// are in socket_xen.go.

package syscall

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
	SOCK_NONBLOCK  = 0x800
	SOCK_CLOEXEC   = 0x80000
)

const (
	IPPROTO_IP     = 0x0
	IPPROTO_ICMP   = 0x1
	IPPROTO_IPV4   = 0x4
	IPPROTO_TCP    = 0x6
	IPPROTO_UDP    = 0x11
	IPPROTO_IPV6   = 0x29
	IPPROTO_ICMPV6 = 0x3a
	IPPROTO_RAW    = 0xff
)

const (
	SOMAXCONN = 0x1000

	SOL_IP     = 0x0
	SOL_SOCKET = 0x1
	SOL_TCP    = 0x6
	SOL_IPV6   = 0x29

	SO_REUSEADDR  = 0x2
	SO_TYPE       = 0x3
	SO_ERROR      = 0x4
	SO_BROADCAST  = 0x6
	SO_SNDBUF     = 0x7
	SO_RCVBUF     = 0x8
	SO_KEEPALIVE  = 0x9
	SO_LINGER     = 0xd
	SO_REUSEPORT  = 0xf
	SO_ACCEPTCONN = 0x1e
	SO_PROTOCOL   = 0x26
	SO_DOMAIN     = 0x27

	IP_TOS            = 0x1
	IP_TTL            = 0x2
	IP_MULTICAST_TTL  = 0x21
	IP_MULTICAST_LOOP = 0x22

	IPV6_UNICAST_HOPS   = 0x10
	IPV6_MULTICAST_HOPS = 0x12
	IPV6_MULTICAST_LOOP = 0x13
	IPV6_V6ONLY         = 0x1a
	IPV6_TCLASS         = 0x43

	TCP_NODELAY   = 0x1
	TCP_MAXSEG    = 0x2
	TCP_KEEPIDLE  = 0x4
	TCP_KEEPINTVL = 0x5
	TCP_KEEPCNT   = 0x6
)

const (
	MSG_OOB      = 0x1
	MSG_PEEK     = 0x2
	MSG_TRUNC    = 0x20
	MSG_DONTWAIT = 0x40
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
