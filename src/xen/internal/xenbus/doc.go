// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package xenbus is the part of the xenbus handshake every frontend
// driver runs the same way: reading and writing state nodes, waiting
// for the backend to reach a state, watching it leave Connected, and
// the closing handshake. It works on a Store, which is xenstore in a
// guest and xenbustest.Store in tests. In a guest, a Link holds what a
// frontend shares with one backend (grants, event channel, the watch on
// its state), so that each driver only adds its own rings and nodes.
package xenbus
