// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package vchan is a byte stream between two domains over shared memory,
// compatible with libxenvchan (xen/io/libxenvchan.h): a Go guest talks
// to vchan-socket-proxy or any libxenvchan program in another domain.
//
// The server grants a control page and two rings to the client and
// publishes them in xenstore (PATH/ring-ref, PATH/event-channel); the
// client maps them. The left ring carries client-to-server bytes, the
// right ring server-to-client bytes. A Conn is an io.ReadWriteCloser:
// one Read and one Write may run at once, blocked goroutines sleep until
// the event channel fires, and the ring arithmetic distrusts every index
// the other domain writes.
package vchan
