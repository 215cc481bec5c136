// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import "sync/atomic"

// Stats counts a Device's traffic, and what it dropped and why.
type Stats struct {
	RxFrames, RxBytes uint64 // delivered to Config.Deliver
	RxGSOFrames       uint64 // of RxFrames, merged TCP packets (rx GSO)
	TxFrames, TxBytes uint64 // put on the transmit ring
	TxGSOFrames       uint64 // of TxFrames, those the backend segments

	// Received frames dropped, by reason.
	RxErrorStatus  uint64 // the backend marked a slot failed (NETIF_RSP_ERROR, _DROPPED)
	RxBadID        uint64 // a response's id is not the one of the request in its slot
	RxBadOffset    uint64 // offset plus length runs past the page
	RxTooManySlots uint64 // more slots than a frame may take
	RxUnexpected   uint64 // GSO-prefix or extra-info slots that were not negotiated
	RxRunt         uint64 // shorter than an Ethernet header
	RxTooLong      uint64 // longer than a frame can be

	// Transmit completions the backend got wrong.
	TxErrors uint64 // the backend reported a frame's slot failed
	TxBadID  uint64 // a response names no request in flight

	// BadRingIndex counts response producer indices that claimed more
	// responses than requests were outstanding; they were ignored.
	BadRingIndex uint64

	Events   uint64 // event-channel wake-ups of the receive goroutine
	Notifies uint64 // signals sent to the backend
	TxWaits  uint64 // times a Send parked on a full ring
}

// counters is Stats kept with atomics, so Stats may run beside traffic.
type counters struct {
	rxFrames, rxBytes, txFrames, txBytes, txGSOFrames                 atomic.Uint64
	rxErrorStatus, rxBadID, rxBadOffset, rxTooManySlots, rxUnexpected atomic.Uint64
	rxRunt, rxTooLong, txErrors, txBadID, badRingIndex                atomic.Uint64
	events, notifies, txWaits, rxGSOFrames                            atomic.Uint64
}

func (c *counters) snapshot() Stats {
	return Stats{
		RxFrames: c.rxFrames.Load(), RxBytes: c.rxBytes.Load(), RxGSOFrames: c.rxGSOFrames.Load(),
		TxFrames: c.txFrames.Load(), TxBytes: c.txBytes.Load(), TxGSOFrames: c.txGSOFrames.Load(),
		RxErrorStatus: c.rxErrorStatus.Load(), RxBadID: c.rxBadID.Load(),
		RxBadOffset: c.rxBadOffset.Load(), RxTooManySlots: c.rxTooManySlots.Load(),
		RxUnexpected: c.rxUnexpected.Load(), RxRunt: c.rxRunt.Load(), RxTooLong: c.rxTooLong.Load(),
		TxErrors: c.txErrors.Load(), TxBadID: c.txBadID.Load(), BadRingIndex: c.badRingIndex.Load(),
		Events: c.events.Load(), Notifies: c.notifies.Load(), TxWaits: c.txWaits.Load(),
	}
}

// RxDropped is the number of received frames dropped for any reason.
func (s Stats) RxDropped() uint64 {
	return s.RxErrorStatus + s.RxBadID + s.RxBadOffset + s.RxTooManySlots + s.RxUnexpected + s.RxRunt + s.RxTooLong
}
