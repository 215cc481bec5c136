// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package net

import (
	"syscall"
	"time"
)

// Socket options of the TCP/IP stack's sockets (xen/netstack); the
// in-process Unix-domain sockets take what net_fake.go supports.

func setDefaultSockopts(s, family, sotype int, ipv6only bool) error { return nil }

func setDefaultListenerSockopts(s int) error { return nil }

func setDefaultMulticastSockopts(s int) error { return nil }

func setReadBuffer(fd *netFD, bytes int) error {
	if fd.sock != nil {
		fd.sock.SetReadBuffer(bytes)
		return nil
	}
	return fd.fakeNetFD.setReadBuffer(bytes)
}

func setWriteBuffer(fd *netFD, bytes int) error {
	if fd.sock != nil {
		fd.sock.SetWriteBuffer(bytes)
		return nil
	}
	return fd.fakeNetFD.setWriteBuffer(bytes)
}

func setKeepAlive(fd *netFD, keepalive bool) error {
	if fd.sock == nil {
		return syscall.ENOPROTOOPT
	}
	fd.sock.SetKeepAlive(keepalive)
	return nil
}

func setLinger(fd *netFD, sec int) error {
	if fd.sock != nil {
		fd.sock.SetLinger(sec)
		return nil
	}
	return fd.fakeNetFD.setLinger(sec)
}

func setNoDelay(fd *netFD, noDelay bool) error {
	if fd.sock == nil {
		return syscall.ENOPROTOOPT
	}
	fd.sock.SetNoDelay(noDelay)
	return nil
}

func setKeepAliveIdle(fd *netFD, d time.Duration) error {
	if fd.sock == nil {
		return syscall.ENOPROTOOPT
	}
	return fd.sock.SetKeepAlivePeriod(roundDurationUp(d, time.Second), 0)
}

func setKeepAliveInterval(fd *netFD, d time.Duration) error {
	if fd.sock == nil {
		return syscall.ENOPROTOOPT
	}
	return fd.sock.SetKeepAlivePeriod(0, roundDurationUp(d, time.Second))
}

func setKeepAliveCount(fd *netFD, n int) error {
	if fd.sock == nil {
		return syscall.ENOPROTOOPT
	}
	return fd.sock.SetKeepAliveCount(n)
}
