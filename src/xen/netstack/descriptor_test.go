// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Sockets are descriptors of package syscall: these tests use them as a
// program written for Linux would.

func TestSyscallSockets(t *testing.T) {
	ln, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(ln)
	if err := syscall.Bind(ln, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(ln, 8); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(ln)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := syscall.GetsockoptInt(ln, syscall.SOL_SOCKET, syscall.SO_ACCEPTCONN); v != 1 || err != nil {
		t.Errorf("SO_ACCEPTCONN of a listener = %d, %v; want 1", v, err)
	}

	c, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(c)
	if err := syscall.Connect(c, sa); err != nil {
		t.Fatal(err)
	}
	a, peer, err := syscall.Accept4(ln, syscall.SOCK_NONBLOCK)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(a)
	if local, _ := syscall.Getsockname(c); local.(*syscall.SockaddrInet4).Port != peer.(*syscall.SockaddrInet4).Port {
		t.Errorf("accepted peer %+v, but the client is %+v", peer, local)
	}

	var b [16]byte
	if _, err := syscall.Read(a, b[:]); err != syscall.EAGAIN {
		t.Errorf("read of a non-blocking socket with nothing to read: %v; want EAGAIN", err)
	}
	if _, err := syscall.Write(c, []byte("ping")); err != nil {
		t.Fatal(err)
	}
	var n int
	for deadline := time.Now().Add(5 * time.Second); ; {
		n, err = syscall.Read(a, b[:])
		if err != syscall.EAGAIN || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if err != nil || string(b[:n]) != "ping" {
		t.Fatalf("read %q, %v; want ping", b[:n], err)
	}

	if v, err := syscall.GetsockoptInt(c, syscall.SOL_SOCKET, syscall.SO_TYPE); v != syscall.SOCK_STREAM || err != nil {
		t.Errorf("SO_TYPE = %d, %v; want SOCK_STREAM", v, err)
	}
	if err := syscall.SetsockoptInt(c, syscall.IPPROTO_IP, syscall.IP_TTL, 7); err != nil {
		t.Fatal(err)
	}
	if v, err := syscall.GetsockoptInt(c, syscall.IPPROTO_IP, syscall.IP_TTL); v != 7 || err != nil {
		t.Errorf("IP_TTL = %d, %v after setting 7", v, err)
	}
	if err := syscall.SetsockoptInt(c, syscall.IPPROTO_IP, syscall.IP_TTL, 300); err != syscall.EINVAL {
		t.Errorf("IP_TTL 300: %v; want EINVAL", err)
	}
	if err := syscall.SetsockoptInt(c, syscall.SOL_SOCKET, 0x7fff, 1); err != syscall.ENOPROTOOPT {
		t.Errorf("unknown option: %v; want ENOPROTOOPT", err)
	}

	// The socket ends with its last descriptor: a dup keeps it open.
	d, err := syscall.Dup(c)
	if err != nil {
		t.Fatal(err)
	}
	syscall.Close(c)
	if _, err := syscall.Write(c, []byte("x")); err != syscall.EBADF {
		t.Errorf("write to a closed descriptor: %v; want EBADF", err)
	}
	if _, err := syscall.Write(d, []byte("pong")); err != nil {
		t.Errorf("write to the dup of a closed descriptor: %v", err)
	}
	syscall.Close(d)
	var got []byte
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		n, err = syscall.Read(a, b[:])
		if err == syscall.EAGAIN {
			time.Sleep(time.Millisecond)
			continue
		}
		if err != nil || n == 0 {
			break
		}
		got = append(got, b[:n]...)
	}
	if string(got) != "pong" || err != nil || n != 0 {
		t.Errorf("after the last close the peer read %q and then %d, %v; want pong, then end of file", got, n, err)
	}

	if _, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, syscall.IPPROTO_UDP); err != syscall.EPROTONOSUPPORT {
		t.Errorf("a TCP socket for UDP: %v; want EPROTONOSUPPORT", err)
	}
	f, err := os.CreateTemp("", "notsock")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if _, err := syscall.GetsockoptInt(int(f.Fd()), syscall.SOL_SOCKET, syscall.SO_TYPE); err != syscall.ENOTSOCK {
		t.Errorf("getsockopt on a file: %v; want ENOTSOCK", err)
	}
}

// TestFileKeepsSocket: a connection's File outlives the connection, and
// FileConn makes a working connection of it, as on Linux.
func TestFileKeepsSocket(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	received := make(chan []byte, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			received <- nil
			return
		}
		defer c.Close()
		b, _ := io.ReadAll(c)
		received <- b
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	f, err := c.(*net.TCPConn).File()
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if _, err := c.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Errorf("write to the closed connection: %v; want net.ErrClosed", err)
	}
	c2, err := net.FileConn(f)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := c2.Write([]byte("through the file")); err != nil {
		t.Fatal(err)
	}
	c2.Close() // the last descriptor: the peer sees the end
	select {
	case b := <-received:
		if string(b) != "through the file" {
			t.Errorf("peer read %q", b)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the peer saw no end of the stream after the last descriptor was closed")
	}
}

// TestControlTTL: a Dialer's Control function sets an option on the new
// socket, and the connection has it.
func TestControlTTL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	d := net.Dialer{Control: func(network, address string, c syscall.RawConn) error {
		if network != "tcp4" {
			t.Errorf("Control got network %q; want tcp4", network)
		}
		var serr error
		if err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_IP, syscall.IP_TTL, 3)
		}); err != nil {
			return err
		}
		return serr
	}}
	c, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var ttl int
	var gerr error
	rc.Control(func(fd uintptr) {
		ttl, gerr = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_IP, syscall.IP_TTL)
	})
	if ttl != 3 || gerr != nil {
		t.Errorf("IP_TTL of the connection = %d, %v; want 3", ttl, gerr)
	}
}

// TestRawICMPEcho pings the loopback address through a raw ICMP socket.
func TestRawICMPEcho(t *testing.T) {
	c, err := net.ListenPacket("ip4:icmp", "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const id, seq = 0x4242, 7
	payload := []byte("go for xen")
	req := append([]byte{8, 0, 0, 0, id >> 8, id & 0xff, 0, seq}, payload...)
	sum := icmpChecksum(req)
	req[2], req[3] = byte(sum>>8), byte(sum)
	dst := &net.IPAddr{IP: net.IPv4(127, 0, 0, 1)}
	if _, err := c.WriteTo(req, dst); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	b := make([]byte, 1500)
	for {
		n, from, err := c.ReadFrom(b)
		if err != nil {
			t.Fatalf("no echo reply: %v", err)
		}
		m := b[:n] // package net strips the IPv4 header
		if len(m) < 8 || m[0] != 0 || m[4] != id>>8 || m[5] != id&0xff {
			continue // the request itself, or someone else's
		}
		if m[7] != seq || !bytes.Equal(m[8:], payload) {
			t.Fatalf("echo reply % x; want sequence %d and payload %q", m, seq, payload)
		}
		if icmpChecksum(m) != 0 {
			t.Errorf("echo reply has a bad checksum: % x", m)
		}
		if !from.(*net.IPAddr).IP.Equal(dst.IP) {
			t.Errorf("reply from %v; want %v", from, dst)
		}
		return
	}
}

func icmpChecksum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return ^uint16(s)
}

// TestUnixSocketFile: binding a Unix-domain socket makes its file, which
// only the listener's Close removes; a second bind finds it in use.
func TestUnixSocketFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "sock")
	ln, err := net.Listen("unix", name)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Type() != fs.ModeSocket {
		t.Errorf("%s has mode %v; want a socket", name, fi.Mode())
	}
	if _, err := net.Listen("unix", name); !errors.Is(err, syscall.EADDRINUSE) {
		t.Errorf("second listen on %s: %v; want EADDRINUSE", name, err)
	}
	if _, err := os.Open(name); !errors.Is(err, syscall.ENXIO) {
		t.Errorf("open of a socket file: %v; want ENXIO", err)
	}
	ln.Close()
	if _, err := os.Stat(name); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after Close, stat %s: %v; want it gone", name, err)
	}
}

// TestNonblockingConnect connects as an event loop does: EINPROGRESS,
// then a wait for writability in the netpoller, then SO_ERROR.
func TestNonblockingConnect(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	s, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM|syscall.SOCK_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(s), "client") // pollable: non-blocking
	defer f.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	err = syscall.Connect(s, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port})
	if err != syscall.EINPROGRESS && err != nil {
		t.Fatalf("non-blocking connect: %v; want EINPROGRESS", err)
	}
	rc, err := f.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	f.SetWriteDeadline(time.Now().Add(10 * time.Second))
	waited := false
	if err := rc.Write(func(uintptr) bool {
		// Done once the netpoller has reported the socket writable.
		done := waited
		waited = true
		return done
	}); err != nil {
		t.Fatalf("waiting for the connection: %v", err)
	}
	if v, err := syscall.GetsockoptInt(s, syscall.SOL_SOCKET, syscall.SO_ERROR); v != 0 || err != nil {
		t.Errorf("SO_ERROR after connecting = %d, %v; want 0", v, err)
	}
	if _, err := syscall.Getpeername(s); err != nil {
		t.Errorf("getpeername after connecting: %v", err)
	}
	// A read waits in the netpoller, and its deadline ends it.
	f.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
	if _, err := f.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("read with nothing sent: %v; want a timeout", err)
	}
}
