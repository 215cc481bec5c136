// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package xenstore is a client for xenstore, the configuration tree that
// Xen domains share through xenstored.
//
// A guest talks to xenstored over one shared page (struct
// xenstore_domain_interface in Xen's io/xs_wire.h) holding two 1 KiB byte
// rings, and an event channel that each side kicks after moving data. This
// package implements the protocol on top of that page in plain, portable
// Go: it has no build tags, no assembly and no unsafe, so it runs and is
// tested on an ordinary host with an in-memory xenstored, and runs
// unchanged in a GOOS=xen guest, where the caller supplies the page and
// the event channel through a Transport.
//
// A Client multiplexes requests from any number of goroutines over the
// ring, matching replies by request id; one goroutine reads the reply
// ring and also routes watch events to their Watch. Transactions are
// available through Begin, or through Update, which retries a transaction
// that xenstored reports as conflicting (EAGAIN).
//
// The other end of the ring is another domain, so nothing read from the
// page is trusted: ring indices and message lengths are checked before
// use, and a malformed reply becomes an error rather than a panic. Every
// call gives up after the client's timeout (DefaultTimeout, 30 s, unless
// SetTimeout changes it), so a dead xenstored cannot hang the guest.
package xenstore
