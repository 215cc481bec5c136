// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package net

import (
	"internal/poll"
	"os"
	"runtime"
	"syscall"
)

// What file_posix.go's FileConn, FileListener and FilePacketConn need:
// the socket behind an os.File's descriptor (sockfile_xen.go) gets a
// netFD of its own, with a descriptor of its own.

const _SO_TYPE = syscall.SO_TYPE

// dupFileSocket dups f's descriptor. Unlike f.Fd, which Linux's version
// calls, it leaves f's descriptor (and so the socket's other descriptors,
// which share its flags) in the mode they are in.
func dupFileSocket(f *os.File) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return -1, err
	}
	s, call := -1, ""
	cerr := rc.Control(func(fd uintptr) {
		s, call, err = poll.DupCloseOnExec(int(fd))
	})
	if cerr != nil {
		return -1, cerr
	}
	if err != nil {
		if call != "" {
			err = os.NewSyscallError(call, err)
		}
		return -1, err
	}
	return s, nil
}

// newFD returns a netFD for descriptor sysfd; init finds its socket.
func newFD(sysfd, family, sotype int, net string) *netFD {
	return &netFD{
		pfd:       poll.FD{Sysfd: sysfd, IsStream: sotype == syscall.SOCK_STREAM, ZeroReadIsEOF: sotype != syscall.SOCK_DGRAM},
		described: true,
		family:    family,
		sotype:    sotype,
		net:       net,
	}
}

func (fd *netFD) init() error {
	impl, err := socketOf(fd.pfd.Sysfd)
	if err != nil {
		return os.NewSyscallError("getsockopt", err)
	}
	d := impl.(*sockDesc)
	fd.sock, fd.fakeNetFD = d.fd.sock, d.fd.fakeNetFD
	fd.isConnected = d.fd.isConnected
	if fd.sock != nil {
		fd.isConnected = fd.sock.Connected()
	}
	fd.pfd.Init(fd.net, true) // an error means not pollable: blocking
	runtime.SetFinalizer(fd, (*netFD).Close)
	return nil
}
