// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package runtime

// netpollPending returns a goroutine made runnable by an event that
// arrived while every P was busy, for systems whose poller cannot wake
// one otherwise; only xen needs it (evtchnwait_xen.go).
func netpollPending() *g { return nil }
