// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall

import (
	"sync"
	"sync/atomic"
	_ "unsafe" // for go:linkname
)

// Sockets are descriptors, as on Unix. Package net keeps the sockets
// themselves (on the TCP/IP stack, or in its in-process Unix-domain
// network) and installs each in the descriptor table, so that what works
// on descriptors works on sockets: syscall.RawConn callbacks, the socket
// calls and options below, Dup, (*net.TCPConn).File and net.FileConn.
// A socket lives until its last descriptor is closed. Socket creates one
// through package net too.

// A socketImpl is the socket behind a descriptor; package net's sockets
// implement it (the methods are exported so that a type of package net
// can have them). Errors are Errnos. A nonblocking call returns EAGAIN
// where it would wait.
type socketImpl interface {
	SockRecv(p []byte, flags int, nonblock bool) (n int, from Sockaddr, err error)
	SockSend(p []byte, flags int, to Sockaddr, nonblock bool) (int, error)
	SockBind(sa Sockaddr) error
	// SockConnect with nonblock returns EINPROGRESS for a connection
	// still being set up; it is writable, with SO_ERROR set, once done.
	SockConnect(sa Sockaddr, nonblock bool) error
	SockListen(backlog int) error
	// SockAccept returns the new connection's socketImpl.
	SockAccept(nonblock bool) (any, Sockaddr, error)
	SockShutdown(how int) error
	SockName() (Sockaddr, error)
	SockPeer() (Sockaddr, error)
	SockGetInt(level, opt int) (int, error)
	SockSetInt(level, opt, value int) error
	// SockPollable reports whether SockWatch can work; if not, the
	// socket's descriptors are not pollable.
	SockPollable() bool
	// SockWatch calls ready('r', 'w' or 'r'+'w') whenever the socket may
	// have become readable or writable, until the socket is released.
	SockWatch(ready func(mode int32))
	// SockRelease closes the socket: its last descriptor was closed.
	SockRelease()
}

// newSocketImpl makes the socket Socket asks for; package net sets it.
var newSocketImpl func(domain, typ, proto int) (any, error)

//go:linkname setSocketFactory
func setSocketFactory(f func(domain, typ, proto int) (any, error)) {
	newSocketImpl = f
}

// A socketFile is the device of a socket's inode.
//
// Its pollDescs learn of readiness once the socket is watched, which
// starts at the first call on a non-blocking descriptor that finds the
// socket not ready, just before the netpoller would wait: a socket that
// only package net's own calls use is never watched, and costs nothing
// per packet.
type socketFile struct {
	impl socketImpl

	watching atomic.Bool

	mu  sync.Mutex
	pds pollDescs
}

func (s *socketFile) read(p []byte) (int, error)  { return s.recv(p, false) }
func (s *socketFile) write(p []byte) (int, error) { return s.send(p, false) }

func (s *socketFile) recv(p []byte, nonblock bool) (n int, err error) {
	s.untilWatched(nonblock, func() error {
		n, _, err = s.impl.SockRecv(p, 0, nonblock)
		return err
	})
	return n, err
}

func (s *socketFile) send(p []byte, nonblock bool) (n int, err error) {
	s.untilWatched(nonblock, func() error {
		n, err = s.impl.SockSend(p, 0, nil, nonblock)
		return err
	})
	return n, err
}

// untilWatched runs call; if it finds a non-blocking socket not ready and
// the socket is not yet watched, it starts watching and runs call again,
// so that a change after that second look wakes the netpoller.
func (s *socketFile) untilWatched(nonblock bool, call func() error) {
	if call() == EAGAIN && nonblock && s.watch() {
		call()
	}
}

// watch starts watching the socket for the netpoller, if it can and has
// not yet; it reports whether it started.
func (s *socketFile) watch() bool {
	if !s.impl.SockPollable() || s.watching.Swap(true) {
		return false
	}
	s.impl.SockWatch(s.ready)
	return true
}

func (s *socketFile) attachPoll(fd int, pd uintptr) bool {
	if !s.impl.SockPollable() {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pds.add(fd, pd)
	return true
}

func (s *socketFile) detachPoll(fd int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.pds, fd)
}

// ready wakes the pollDescs of the socket's descriptors. s.mu keeps them
// attached meanwhile.
func (s *socketFile) ready(mode int32) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pds.wake(mode)
}

func (s *socketFile) release() { s.impl.SockRelease() }

// installSocket gives impl a descriptor, the lowest free one.
//
//go:linkname installSocket
func installSocket(impl any, nonblock, cloexec bool) (int, error) {
	si, ok := impl.(socketImpl)
	if !ok {
		return -1, ENOTSOCK
	}
	fsLock.Lock()
	defer fsLock.Unlock()
	n := newInode(S_IFSOCK | 0777)
	n.dev = &socketFile{impl: si}
	flags := O_RDWR
	if nonblock {
		flags |= O_NONBLOCK
	}
	return allocFd(&openFile{node: n, flags: flags}, 0, cloexec)
}

// socketOf returns the socket behind descriptor fd, for net.FileConn.
//
//go:linkname socketOf
func socketOf(fd int) (any, error) {
	s, _, err := socketAt(fd)
	if err != nil {
		return nil, err
	}
	return s.impl, nil
}

// socketAt returns fd's socket and whether fd is non-blocking.
func socketAt(fd int) (*socketFile, bool, error) {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return nil, false, err
	}
	s, ok := f.node.dev.(*socketFile)
	if !ok {
		return nil, false, ENOTSOCK
	}
	return s, f.flags&O_NONBLOCK != 0, nil
}

func Socket(domain, typ, proto int) (fd int, err error) {
	if newSocketImpl == nil {
		return -1, EAFNOSUPPORT // package net is not linked in
	}
	impl, err := newSocketImpl(domain, typ&^(SOCK_NONBLOCK|SOCK_CLOEXEC), proto)
	if err != nil {
		return -1, err
	}
	fd, err = installSocket(impl, typ&SOCK_NONBLOCK != 0, typ&SOCK_CLOEXEC != 0)
	if err != nil {
		impl.(socketImpl).SockRelease()
	}
	return fd, err
}

func Bind(fd int, sa Sockaddr) error {
	s, _, err := socketAt(fd)
	if err != nil {
		return err
	}
	return s.impl.SockBind(sa)
}

func Listen(fd int, backlog int) error {
	s, _, err := socketAt(fd)
	if err != nil {
		return err
	}
	return s.impl.SockListen(backlog)
}

func Connect(fd int, sa Sockaddr) error {
	s, nonblock, err := socketAt(fd)
	if err != nil {
		return err
	}
	err = s.impl.SockConnect(sa, nonblock)
	if err == EINPROGRESS {
		s.watch() // the caller's poll waits for the end
	}
	return err
}

func Accept(fd int) (nfd int, sa Sockaddr, err error) {
	return Accept4(fd, 0)
}

func Accept4(fd int, flags int) (nfd int, sa Sockaddr, err error) {
	if flags&^(SOCK_NONBLOCK|SOCK_CLOEXEC) != 0 {
		return -1, nil, EINVAL
	}
	s, nonblock, err := socketAt(fd)
	if err != nil {
		return -1, nil, err
	}
	var impl any
	s.untilWatched(nonblock, func() error {
		impl, sa, err = s.impl.SockAccept(nonblock)
		return err
	})
	if err != nil {
		return -1, nil, err
	}
	nfd, err = installSocket(impl, flags&SOCK_NONBLOCK != 0, flags&SOCK_CLOEXEC != 0)
	if err != nil {
		impl.(socketImpl).SockRelease()
		return -1, nil, err
	}
	return nfd, sa, nil
}

func Getsockname(fd int) (Sockaddr, error) {
	s, _, err := socketAt(fd)
	if err != nil {
		return nil, err
	}
	return s.impl.SockName()
}

func Getpeername(fd int) (Sockaddr, error) {
	s, _, err := socketAt(fd)
	if err != nil {
		return nil, err
	}
	return s.impl.SockPeer()
}

func Shutdown(fd int, how int) error {
	s, _, err := socketAt(fd)
	if err != nil {
		return err
	}
	return s.impl.SockShutdown(how)
}

func Recvfrom(fd int, p []byte, flags int) (n int, from Sockaddr, err error) {
	s, nonblock, err := socketAt(fd)
	if err != nil {
		return 0, nil, err
	}
	nonblock = nonblock || flags&MSG_DONTWAIT != 0
	s.untilWatched(nonblock, func() error {
		n, from, err = s.impl.SockRecv(p, flags, nonblock)
		return err
	})
	return n, from, err
}

func Sendto(fd int, p []byte, flags int, to Sockaddr) error {
	_, err := SendmsgN(fd, p, nil, to, flags)
	return err
}

// Recvmsg and SendmsgN carry no control messages: the sockets have none
// to give (no SCM_RIGHTS, no packet info).
func Recvmsg(fd int, p, oob []byte, flags int) (n, oobn, recvflags int, from Sockaddr, err error) {
	n, from, err = Recvfrom(fd, p, flags)
	return n, 0, 0, from, err
}

func SendmsgN(fd int, p, oob []byte, to Sockaddr, flags int) (n int, err error) {
	if len(oob) > 0 {
		return 0, EOPNOTSUPP
	}
	s, nonblock, err := socketAt(fd)
	if err != nil {
		return 0, err
	}
	nonblock = nonblock || flags&MSG_DONTWAIT != 0
	s.untilWatched(nonblock, func() error {
		n, err = s.impl.SockSend(p, flags, to, nonblock)
		return err
	})
	return n, err
}

func Sendmsg(fd int, p, oob []byte, to Sockaddr, flags int) error {
	_, err := SendmsgN(fd, p, oob, to, flags)
	return err
}

func GetsockoptInt(fd, level, opt int) (int, error) {
	s, _, err := socketAt(fd)
	if err != nil {
		return 0, err
	}
	return s.impl.SockGetInt(level, opt)
}

func SetsockoptInt(fd, level, opt int, value int) error {
	s, _, err := socketAt(fd)
	if err != nil {
		return err
	}
	return s.impl.SockSetInt(level, opt, value)
}

// The forms package internal/syscall/unix reaches by linkname.

//go:linkname recvfromInet4
func recvfromInet4(fd int, p []byte, flags int, from *SockaddrInet4) (int, error) {
	n, sa, err := Recvfrom(fd, p, flags)
	if sa, ok := sa.(*SockaddrInet4); ok && from != nil {
		*from = *sa
	}
	return n, err
}

//go:linkname recvfromInet6
func recvfromInet6(fd int, p []byte, flags int, from *SockaddrInet6) (int, error) {
	n, sa, err := Recvfrom(fd, p, flags)
	if sa, ok := sa.(*SockaddrInet6); ok && from != nil {
		*from = *sa
	}
	return n, err
}

//go:linkname sendtoInet4
func sendtoInet4(fd int, p []byte, flags int, to *SockaddrInet4) error {
	return Sendto(fd, p, flags, inet4(to))
}

//go:linkname sendtoInet6
func sendtoInet6(fd int, p []byte, flags int, to *SockaddrInet6) error {
	return Sendto(fd, p, flags, inet6(to))
}

//go:linkname sendmsgNInet4
func sendmsgNInet4(fd int, p, oob []byte, to *SockaddrInet4, flags int) (int, error) {
	return SendmsgN(fd, p, oob, inet4(to), flags)
}

//go:linkname sendmsgNInet6
func sendmsgNInet6(fd int, p, oob []byte, to *SockaddrInet6, flags int) (int, error) {
	return SendmsgN(fd, p, oob, inet6(to), flags)
}

// inet4 and inet6 make a nil address a nil Sockaddr (no destination),
// not a nil pointer in one.
func inet4(sa *SockaddrInet4) Sockaddr {
	if sa == nil {
		return nil
	}
	return sa
}

func inet6(sa *SockaddrInet6) Sockaddr {
	if sa == nil {
		return nil
	}
	return sa
}

//go:linkname recvmsgInet4
func recvmsgInet4(fd int, p, oob []byte, flags int, from *SockaddrInet4) (n, oobn, recvflags int, err error) {
	n, err = recvfromInet4(fd, p, flags, from)
	return n, 0, 0, err
}

//go:linkname recvmsgInet6
func recvmsgInet6(fd int, p, oob []byte, flags int, from *SockaddrInet6) (n, oobn, recvflags int, err error) {
	n, err = recvfromInet6(fd, p, flags, from)
	return n, 0, 0, err
}
