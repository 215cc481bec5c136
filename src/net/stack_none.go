// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build js || wasip1

package net

import (
	"context"
	"os"
	"syscall"
)

// stackSocket: js and wasip1 have no TCP/IP stack; every socket is one of
// the in-process network (net_fake.go). xen's is in net_xen.go, its
// control in sockfile_xen.go.
func stackSocket(ctx context.Context, net string, family, sotype, proto int, ipv6only bool, laddr, raddr sockaddr, ctrlCtxFn func(context.Context, string, string, syscall.RawConn) error) (*netFD, bool, error) {
	return nil, false, nil
}

// control: their sockets have no descriptors, so a Control function
// cannot run; as before xen, dialing with one fails and listening
// ignores it.
func (fd *netFD) control(ctx context.Context, laddr, raddr sockaddr, ctrlCtxFn func(context.Context, string, string, syscall.RawConn) error) error {
	if raddr != nil && ctrlCtxFn != nil {
		return os.NewSyscallError("socket", syscall.ENOTSUP)
	}
	return nil
}

// bindUnixName: their Unix-domain sockets have no files.
func bindUnixName(name string) error { return nil }
