// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build js || wasip1

package net

import "context"

// stackSocket: js and wasip1 have no TCP/IP stack; every socket is one of
// the in-process network (net_fake.go). xen's is in net_xen.go.
func stackSocket(ctx context.Context, net string, family, sotype int, ipv6only bool, laddr, raddr sockaddr) (*netFD, bool, error) {
	return nil, false, nil
}
