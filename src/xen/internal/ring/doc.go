// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package ring is what the port's split drivers share: the frontend's
// side of a request/response ring (xen/io/ring.h) on one or more
// granted pages, the list of grants a device makes and ends together,
// and the event channel as a driver sees it.
//
// The ring trusts nothing the backend writes: a shared index is read
// once per look, and a response producer index that claims more
// responses than requests are outstanding is refused. Entries are
// bytes; each driver encodes its own protocol's.
//
// Package ringtest plays the backend's side in tests.
package ring
