// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack

import (
	"context"

	"xen/internal/xencall"
)

// The stack is outside testing/synctest bubbles, as Linux's kernel is:
// every exported entry leaves the caller's bubble for its duration
// (xencall.LeaveBubble), so the stack's goroutines, timers and channels
// belong to no bubble, it runs on real time, and a goroutine waiting for
// the network keeps its bubble busy instead of blocking durably. What
// crosses from a bubble (a context, a deadline) is turned into something
// of no bubble first.

// doneOutside returns a channel of no bubble that is closed when ctx is
// done (nil if it never is), and the function that stops that.
func doneOutside(ctx context.Context) (<-chan struct{}, func() bool) {
	if ctx == nil || ctx.Done() == nil {
		return nil, func() bool { return true }
	}
	b := xencall.LeaveBubble()
	done := make(chan struct{})
	b.Enter()
	// Registered from the caller's bubble, where ctx belongs.
	return done, context.AfterFunc(ctx, func() { close(done) })
}
