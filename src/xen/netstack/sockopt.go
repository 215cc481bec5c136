// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"syscall"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"

	"xen/internal/xencall"
)

// The integer socket options of setsockopt(2) and getsockopt(2), with
// Linux's levels, names and errors, so that code that sets them through
// syscall.RawConn behaves as on Linux.

// defaultHopLimit is what a socket reports for IP_TTL and
// IPV6_UNICAST_HOPS until one is set: the stack's default.
const defaultHopLimit = 64

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// SockoptInt returns the value of option opt at level.
func (so *Socket) SockoptInt(level, opt int) (int, error) {
	defer xencall.LeaveBubble().Enter()
	o := so.ep.SocketOptions()
	switch level<<16 | opt {
	case syscall.SOL_SOCKET<<16 | syscall.SO_TYPE:
		switch {
		case so.stream:
			return syscall.SOCK_STREAM, nil
		case so.raw != 0:
			return syscall.SOCK_RAW, nil
		}
		return syscall.SOCK_DGRAM, nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_DOMAIN:
		if so.proto == ipv6.ProtocolNumber {
			return syscall.AF_INET6, nil
		}
		return syscall.AF_INET, nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_PROTOCOL:
		switch {
		case so.stream:
			return syscall.IPPROTO_TCP, nil
		case so.raw != 0:
			return int(so.raw), nil
		}
		return syscall.IPPROTO_UDP, nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_ERROR:
		if err := errorOf(o.GetLastError()); err != nil {
			return int(err.(syscall.Errno)), nil
		}
		return 0, nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_ACCEPTCONN:
		return boolInt(o.GetAcceptConn()), nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_REUSEADDR:
		return boolInt(o.GetReuseAddress()), nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_REUSEPORT:
		return boolInt(o.GetReusePort()), nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_KEEPALIVE:
		return boolInt(o.GetKeepAlive()), nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_BROADCAST:
		return boolInt(o.GetBroadcast()), nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_RCVBUF:
		return int(o.GetReceiveBufferSize()), nil
	case syscall.SOL_SOCKET<<16 | syscall.SO_SNDBUF:
		return int(o.GetSendBufferSize()), nil
	case syscall.IPPROTO_IP<<16 | syscall.IP_TTL:
		v, err := so.getInt(tcpip.IPv4TTLOption)
		if v == tcpip.UseDefaultIPv4TTL {
			v = defaultHopLimit
		}
		return v, err
	case syscall.IPPROTO_IP<<16 | syscall.IP_TOS:
		return so.getInt(tcpip.IPv4TOSOption)
	case syscall.IPPROTO_IP<<16 | syscall.IP_MULTICAST_TTL:
		return so.getInt(tcpip.MulticastTTLOption)
	case syscall.IPPROTO_IP<<16 | syscall.IP_MULTICAST_LOOP, syscall.IPPROTO_IPV6<<16 | syscall.IPV6_MULTICAST_LOOP:
		return boolInt(o.GetMulticastLoop()), nil
	case syscall.IPPROTO_IPV6<<16 | syscall.IPV6_UNICAST_HOPS:
		v, err := so.getInt(tcpip.IPv6HopLimitOption)
		if v == tcpip.UseDefaultIPv6HopLimit {
			v = defaultHopLimit
		}
		return v, err
	case syscall.IPPROTO_IPV6<<16 | syscall.IPV6_TCLASS:
		return so.getInt(tcpip.IPv6TrafficClassOption)
	case syscall.IPPROTO_IPV6<<16 | syscall.IPV6_V6ONLY:
		return boolInt(o.GetV6Only()), nil
	}
	if so.stream && level == syscall.IPPROTO_TCP {
		return so.tcpOptInt(opt)
	}
	return 0, syscall.ENOPROTOOPT
}

func (so *Socket) tcpOptInt(opt int) (int, error) {
	switch opt {
	case syscall.TCP_NODELAY:
		return boolInt(!so.ep.SocketOptions().GetDelayOption()), nil
	case syscall.TCP_MAXSEG:
		return so.getInt(tcpip.MaxSegOption)
	case syscall.TCP_KEEPCNT:
		return so.getInt(tcpip.KeepaliveCountOption)
	case syscall.TCP_KEEPIDLE:
		var o tcpip.KeepaliveIdleOption
		if err := so.ep.GetSockOpt(&o); err != nil {
			return 0, errorOf(err)
		}
		return int(time.Duration(o).Seconds()), nil
	case syscall.TCP_KEEPINTVL:
		var o tcpip.KeepaliveIntervalOption
		if err := so.ep.GetSockOpt(&o); err != nil {
			return 0, errorOf(err)
		}
		return int(time.Duration(o).Seconds()), nil
	}
	return 0, syscall.ENOPROTOOPT
}

func (so *Socket) getInt(o tcpip.SockOptInt) (int, error) {
	v, err := so.ep.GetSockOptInt(o)
	return v, errorOf(err)
}

// SetSockoptInt sets option opt at level to v.
func (so *Socket) SetSockoptInt(level, opt, v int) error {
	defer xencall.LeaveBubble().Enter()
	o := so.ep.SocketOptions()
	on := v != 0
	switch level<<16 | opt {
	case syscall.SOL_SOCKET<<16 | syscall.SO_REUSEADDR:
		o.SetReuseAddress(on)
	case syscall.SOL_SOCKET<<16 | syscall.SO_REUSEPORT:
		o.SetReusePort(on)
	case syscall.SOL_SOCKET<<16 | syscall.SO_KEEPALIVE:
		o.SetKeepAlive(on)
	case syscall.SOL_SOCKET<<16 | syscall.SO_BROADCAST:
		o.SetBroadcast(on)
	case syscall.SOL_SOCKET<<16 | syscall.SO_RCVBUF:
		o.SetReceiveBufferSize(int64(v), true)
	case syscall.SOL_SOCKET<<16 | syscall.SO_SNDBUF:
		o.SetSendBufferSize(int64(v), true)
	case syscall.SOL_SOCKET<<16 | syscall.SO_TYPE, syscall.SOL_SOCKET<<16 | syscall.SO_ERROR,
		syscall.SOL_SOCKET<<16 | syscall.SO_DOMAIN, syscall.SOL_SOCKET<<16 | syscall.SO_PROTOCOL,
		syscall.SOL_SOCKET<<16 | syscall.SO_ACCEPTCONN:
		return syscall.ENOPROTOOPT // read-only, as on Linux
	case syscall.IPPROTO_IP<<16 | syscall.IP_TTL:
		switch {
		case v == -1:
			v = tcpip.UseDefaultIPv4TTL
		case v < 1 || v > 255:
			return syscall.EINVAL
		}
		return errorOf(so.ep.SetSockOptInt(tcpip.IPv4TTLOption, v))
	case syscall.IPPROTO_IP<<16 | syscall.IP_TOS:
		return errorOf(so.ep.SetSockOptInt(tcpip.IPv4TOSOption, v&0xff))
	case syscall.IPPROTO_IP<<16 | syscall.IP_MULTICAST_TTL:
		if v == -1 {
			v = 1
		}
		if v < 0 || v > 255 {
			return syscall.EINVAL
		}
		return errorOf(so.ep.SetSockOptInt(tcpip.MulticastTTLOption, v))
	case syscall.IPPROTO_IP<<16 | syscall.IP_MULTICAST_LOOP, syscall.IPPROTO_IPV6<<16 | syscall.IPV6_MULTICAST_LOOP:
		o.SetMulticastLoop(on)
	case syscall.IPPROTO_IPV6<<16 | syscall.IPV6_UNICAST_HOPS:
		if v < -1 || v > 255 {
			return syscall.EINVAL
		}
		return errorOf(so.ep.SetSockOptInt(tcpip.IPv6HopLimitOption, v))
	case syscall.IPPROTO_IPV6<<16 | syscall.IPV6_TCLASS:
		if v == -1 {
			v = 0
		}
		if v < 0 || v > 255 {
			return syscall.EINVAL
		}
		return errorOf(so.ep.SetSockOptInt(tcpip.IPv6TrafficClassOption, v))
	case syscall.IPPROTO_IPV6<<16 | syscall.IPV6_V6ONLY:
		if so.proto != ipv6.ProtocolNumber {
			return syscall.ENOPROTOOPT
		}
		o.SetV6Only(on)
	default:
		if so.stream && level == syscall.IPPROTO_TCP {
			return so.setTCPOptInt(opt, v)
		}
		return syscall.ENOPROTOOPT
	}
	return nil
}

func (so *Socket) setTCPOptInt(opt, v int) error {
	switch opt {
	case syscall.TCP_NODELAY:
		so.ep.SocketOptions().SetDelayOption(v == 0)
		return nil
	case syscall.TCP_MAXSEG:
		return errorOf(so.ep.SetSockOptInt(tcpip.MaxSegOption, v))
	case syscall.TCP_KEEPCNT:
		if v < 1 || v > 127 {
			return syscall.EINVAL
		}
		return errorOf(so.ep.SetSockOptInt(tcpip.KeepaliveCountOption, v))
	case syscall.TCP_KEEPIDLE, syscall.TCP_KEEPINTVL:
		if v < 1 || v > 32767 {
			return syscall.EINVAL
		}
		d := time.Duration(v) * time.Second
		if opt == syscall.TCP_KEEPIDLE {
			return so.SetKeepAlivePeriod(d, 0)
		}
		return so.SetKeepAlivePeriod(0, d)
	}
	return syscall.ENOPROTOOPT
}
