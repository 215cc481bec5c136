// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import "sync/atomic"

// Stats counts a Device's traffic and what its backend got wrong.
type Stats struct {
	Requests, Indirect uint64 // requests sent; of them, indirect ones
	ReadBytes, Written uint64
	Errors             uint64 // requests the backend failed (BLKIF_RSP_ERROR)
	NotSupported       uint64 // requests it refused (BLKIF_RSP_EOPNOTSUPP)
	BadID              uint64 // responses naming no request in flight, duplicates included
	BadOperation       uint64 // responses whose operation is not the request's
	BadStatus          uint64 // responses with an unknown status
	BadRingIndex       uint64 // rsp_prod beyond the requests outstanding
	Events, Notifies   uint64 // events received, and sent
	Waits              uint64 // times a request waited for ring slots or pages
	InFlightHighWater  uint64 // most requests in flight at once
	// Suspends the device went through (checkpoints included), the
	// requests in flight that they waited for, and moves to a new
	// domain's backend.
	Suspends, Drained, Moves uint64
}

type counters struct {
	requests, indirect, readBytes, written                 atomic.Uint64
	errors, notSupported, badID, badOp, badStatus, badRing atomic.Uint64
	events, notifies, waits, highWater                     atomic.Uint64
	suspends, drained, moves                               atomic.Uint64
}

func (c *counters) snapshot() Stats {
	return Stats{
		Requests: c.requests.Load(), Indirect: c.indirect.Load(), ReadBytes: c.readBytes.Load(), Written: c.written.Load(),
		Errors: c.errors.Load(), NotSupported: c.notSupported.Load(), BadID: c.badID.Load(), BadOperation: c.badOp.Load(),
		BadStatus: c.badStatus.Load(), BadRingIndex: c.badRing.Load(), Events: c.events.Load(), Notifies: c.notifies.Load(),
		Waits: c.waits.Load(), InFlightHighWater: c.highWater.Load(),
		Suspends: c.suspends.Load(), Drained: c.drained.Load(), Moves: c.moves.Load(),
	}
}
