// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"errors"
	"strconv"
	"sync"

	"xen/internal/ring"
)

var (
	// ErrClosed is returned by a Device's methods after Close.
	ErrClosed = errors.New("netfront: device closed")
	// ErrBackendGone is returned by Send once the backend has left the
	// Connected state (closing, closed, or removed from xenstore).
	ErrBackendGone = errors.New("netfront: backend disconnected")
	// ErrFrameSize is returned by Send for an empty frame or one longer
	// than MTU()+14 bytes (MaxGSOFrame with segmentation).
	ErrFrameSize = errors.New("netfront: frame size out of range")
	// ErrOffload is returned by SendOffload for segmentation the
	// backend does not offer, or without an MSS or checksum offload.
	ErrOffload = errors.New("netfront: offload not supported")
)

// Config configures a Device.
type Config struct {
	// Deliver is called on the driver's receive goroutine for each
	// received Ethernet frame (no FCS): up to 64 KiB, a TCP packet that
	// stands for many segments, unless NoRxGSO. frame is valid only
	// until Deliver returns. csumValid reports that the backend marked
	// the frame NETRXF_data_validated or NETRXF_csum_blank (the L4
	// checksum must then not be verified: it may be blank). Deliver
	// must not call Close.
	Deliver func(frame []byte, csumValid bool)
	// RxBuffers is how many receive pages are posted (at most 256, the
	// ring's size); 0 means 256.
	RxBuffers int
	// NoRxChecksumOffload asks the backend for frames with complete
	// checksums (feature-no-csum-offload), for receivers that verify
	// every checksum and cannot skip it frame by frame. It implies
	// NoRxGSO.
	NoRxChecksumOffload bool
	// Moved, if set, is called once the device has reconnected after a
	// move of the domain (xl restore, xl migrate): on another host, the
	// network must learn where the MAC address is now.
	Moved func()
	// NoRxGSO asks the backend for frames no longer than the MTU allows:
	// otherwise it may pass on TCP packets as large as the sender (dom0,
	// or a peer through GRO) made them (feature-gso-tcpv4, -tcpv6).
	NoRxGSO bool
}

// rxGSO reports whether cfg takes frames of merged TCP segments.
func (cfg Config) rxGSO() bool { return !cfg.NoRxGSO && !cfg.NoRxChecksumOffload }

// rxFeatures are the frontend's receive feature nodes for cfg.
func (cfg Config) rxFeatures() [][2]string {
	if cfg.NoRxChecksumOffload {
		return [][2]string{{"feature-no-csum-offload", "1"}}
	}
	// Offload stays on: Deliver's csumValid reports frames whose
	// checksum is blank.
	kv := [][2]string{{"feature-ipv6-csum-offload", "1"}}
	if cfg.rxGSO() {
		kv = append(kv, [2]string{"feature-gso-tcpv4", "1"}, [2]string{"feature-gso-tcpv6", "1"})
	}
	return kv
}

// rxBuffers is how many receive pages cfg asks for.
func (cfg Config) rxBuffers() int {
	if cfg.RxBuffers <= 0 || cfg.RxBuffers > ringSize {
		return ringSize
	}
	return cfg.RxBuffers
}

// Device is an open network device.
type Device struct {
	mac     [6]byte
	mtu     int
	ev      ring.Events
	deliver func([]byte, bool)
	rx      *rxQueue
	tx      *txQueue
	c       counters
	offered Features // set before the Device is handed out
	cfg     Config

	txMu sync.Mutex // serialises Sends and tx reaping

	mu       sync.Mutex
	kick     chan struct{} // closed and replaced when tx pages may have come free
	closed   bool
	moving   bool          // the loops end for a new connection (restart)
	down     error         // set once the backend has gone
	gone     chan struct{} // closed when down is set
	rxKick   chan struct{} // wakes rxLoop; closed when eventLoop ends
	loopDone chan struct{} // closed when rxLoop ends
	teardown func() error  // the closing handshake; frees grants and the port
}

// rings is what a Device runs on: the two ring pages and the data
// pages with their grants, all zeroed and shared with the backend.
type rings struct {
	txRing, rxRing []byte
	txPages        []byte
	txGrefs        []uint32
	rxPages        []byte
	rxGrefs        []uint32
}

// newDevice starts a device on r: it posts the receive pages and starts
// the receive goroutine.
func newDevice(mac [6]byte, mtu int, r rings, ev ring.Events, cfg Config) *Device {
	d := &Device{mac: mac, mtu: mtu, deliver: cfg.Deliver, cfg: cfg, kick: make(chan struct{}), gone: make(chan struct{})}
	if d.deliver == nil {
		d.deliver = func([]byte, bool) {}
	}
	d.start(r, ev)
	return d
}

// start runs the device on rings r (zeroed) and event channel ev: it
// posts the receive pages and starts the goroutines.
func (d *Device) start(r rings, ev ring.Events) {
	d.ev = ev
	d.rxKick, d.loopDone = make(chan struct{}, 1), make(chan struct{})
	d.rx = newRxQueue(ring.NewFront(r.rxRing, rxEntrySize), r.rxPages, r.rxGrefs, &d.c)
	d.rx.gso = d.cfg.rxGSO()
	d.tx = newTxQueue(ring.NewFront(r.txRing, txEntrySize), r.txPages, r.txGrefs, &d.c)
	if d.rx.post() {
		d.notify()
	}
	go d.eventLoop()
	go d.rxLoop()
}

// restart moves the device to rings r and event channel ev, as after a
// move to a new domain, where the old ones are gone: it ends the
// goroutines, drops the frames in flight (TCP sends them again) and
// starts over. txMu is held.
func (d *Device) restart(r rings, ev ring.Events) {
	d.mu.Lock()
	d.moving = true
	d.mu.Unlock()
	d.ev.Interrupt()
	<-d.loopDone
	d.mu.Lock()
	d.moving = false
	d.mu.Unlock()
	clear(r.txRing)
	clear(r.rxRing)
	d.start(r, ev)
}

// MAC is the device's Ethernet address.
func (d *Device) MAC() [6]byte { return d.mac }

// MTU is the largest payload of a frame Send accepts: 1500 unless the
// toolstack set another.
func (d *Device) MTU() int { return d.mtu }

// Features reports the transmit offloads the backend offers.
func (d *Device) Features() Features { return d.offered }

// Stats returns the device's counters.
func (d *Device) Stats() Stats { return d.c.snapshot() }

func (d *Device) notify() {
	d.c.notifies.Add(1)
	d.ev.Notify()
}

// eventLoop sleeps on the event channel. At each event it wakes parked
// Sends itself and hands the receive ring to rxLoop: a Deliver that
// calls Send never waits for its own goroutine.
func (d *Device) eventLoop() {
	defer close(d.rxKick)
	for {
		d.ev.Wait()
		d.mu.Lock()
		closed := d.closed || d.moving
		d.mu.Unlock()
		if closed {
			return
		}
		d.c.events.Add(1)
		d.wake()
		select {
		case d.rxKick <- struct{}{}:
		default: // rxLoop has a wake-up pending already
		}
	}
}

// rxLoop is the receive goroutine: it runs Deliver.
func (d *Device) rxLoop() {
	defer close(d.loopDone)
	for {
		for d.rx.poll(d.deliver) {
		}
		if d.rx.post() {
			d.notify()
		}
		if _, ok := <-d.rxKick; !ok {
			return
		}
	}
}

// wake lets parked Sends look at the ring again.
func (d *Device) wake() {
	d.mu.Lock()
	close(d.kick)
	d.kick = make(chan struct{})
	d.mu.Unlock()
}

// state is what a Send waits on (taken before it looks at the ring, so
// no wake-up is missed), or why it must fail.
func (d *Device) state() (chan struct{}, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch {
	case d.closed:
		return nil, ErrClosed
	case d.down != nil:
		return nil, d.down
	}
	return d.kick, nil
}

// Send copies one Ethernet frame, given as fragments, into granted
// pages and puts it on the transmit ring; it sleeps while the ring is
// full. The frame goes with complete checksums. Send is safe for
// concurrent use, Deliver included. Transmitted pages are reclaimed by
// the next Send, which is when they are needed.
func (d *Device) Send(frags ...[]byte) error {
	return d.SendOffload(Offload{}, frags...)
}

// SendOffload is Send for a frame the backend finishes as o says.
func (d *Device) SendOffload(o Offload, frags ...[]byte) error {
	n := 0
	for _, f := range frags {
		n += len(f)
	}
	limit := d.mtu + ethHeader
	if o.GSO != GSONone {
		if !d.offered.supports(o.GSO) || o.MSS == 0 || !o.ChecksumPartial {
			return ErrOffload
		}
		limit = MaxGSOFrame
	}
	if n == 0 || n > limit {
		return ErrFrameSize
	}
	d.txMu.Lock()
	defer d.txMu.Unlock()
	for {
		kick, err := d.state()
		if err != nil {
			return err
		}
		for d.tx.reap() {
		}
		if d.tx.room(n, o) {
			d.tx.put(frags, n, o)
			d.c.txFrames.Add(1)
			d.c.txBytes.Add(uint64(n))
			if o.GSO != GSONone {
				d.c.txGSOFrames.Add(1)
			}
			if d.tx.ring.Push() {
				d.notify()
			}
			return nil
		}
		d.c.txWaits.Add(1)
		d.txMu.Unlock()
		<-kick
		d.txMu.Lock()
	}
}

// Gone is closed once the backend has left the Connected state: the
// device is dead, and its user should Close it (which frees its pages)
// and open the vif again if the toolstack brings it back.
func (d *Device) Gone() <-chan struct{} { return d.gone }

// backendGone makes Sends fail with err from now on.
func (d *Device) backendGone(err error) {
	d.mu.Lock()
	if d.down == nil {
		d.down = err
		close(d.gone)
	}
	d.mu.Unlock()
	d.wake()
}

// Close runs the closing handshake with the backend, stops the receive
// goroutine, ends the grants (as soon as the backend has unmapped the
// rings) and frees the event channel. Sends in progress fail with
// ErrClosed.
func (d *Device) Close() error {
	if !d.stop() {
		return ErrClosed
	}
	// No Send may be copying when the pages go.
	d.txMu.Lock()
	defer d.txMu.Unlock()
	if d.teardown != nil {
		return d.teardown()
	}
	return nil
}

// stop ends the goroutines and fails Sends from now on; it reports
// false if the device was stopped already.
func (d *Device) stop() bool {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return false
	}
	d.closed = true
	d.mu.Unlock()
	d.wake()
	d.ev.Interrupt()
	<-d.loopDone
	return true
}

// String names the device by its MAC address.
func (d *Device) String() string {
	return "netfront " + formatMAC(d.mac) + " mtu " + strconv.Itoa(d.mtu)
}
