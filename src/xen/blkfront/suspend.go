// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"strconv"

	"xen/internal/ring"
)

// A Device through the domain's suspends (xl save, xl migrate): quiesce
// holds new requests back and lets those in flight finish; then either
// carryOn, in the same domain, or restart, in a new one, on a new
// connection. Requests issued meanwhile wait, and go to whichever
// backend serves the disk afterwards.

// quiesce holds new requests back and waits until none is in flight,
// or the device is dead (its requests fail), or limit fires. A request
// still in flight then refuses the suspend: requests go again and the
// error says why.
func (d *Device) quiesce(limit <-chan struct{}) error {
	d.mu.Lock()
	d.suspended = true
	waited := d.q.inFlight
	d.mu.Unlock()
	d.drain(limit)
	d.mu.Lock()
	defer d.mu.Unlock()
	if n := d.q.inFlight; n > 0 && d.down == nil {
		d.suspended = false
		d.wakeLocked()
		return errors.New("blkfront: the backend did not answer " + strconv.Itoa(n) + " requests in time for the suspend")
	}
	d.c.suspends.Add(1)
	d.c.drained.Add(uint64(waited))
	return nil
}

// carryOn lets requests go again after a suspend in the same domain.
func (d *Device) carryOn() {
	d.mu.Lock()
	d.suspended = false
	d.wakeLocked()
	d.mu.Unlock()
}

// usable reports a device neither closing nor dead.
func (d *Device) usable() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.refuseLocked() == nil
}

// restart moves a quiesced device to its new connection after a move
// to a new domain, where the old one is void: ring sh.ring (new and
// empty), the pool's new grants sh.grefs, event channel ev, and the
// disk dk as the new backend describes it. A different disk kills the
// device with ErrDiskChanged. The requests held back then go.
func (d *Device) restart(sh shared, ev ring.Events, dk disk) error {
	d.stopLoop()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.refuseLocked(); err != nil {
		return err
	}
	if err := sameDisk(d.disk, dk); err != nil {
		d.dieLocked(err)
		return err
	}
	if d.q.inFlight != 0 { // quiesce waited for none
		err := errors.Join(ErrBackendBroken, errors.New("blkfront: requests in flight across a move"))
		d.dieLocked(err)
		return err
	}
	d.disk.features = dk.features
	d.noFlush = false
	d.q.restart(sh.ring, sh.grefs, d.cfg.segments(dk.features))
	d.c.moves.Add(1)
	d.startLoopLocked(ev)
	d.suspended = false
	d.wakeLocked()
	return nil
}

// sameDisk reports how the disk now differs from the one before, if it
// does.
func sameDisk(was, now disk) error {
	geometry := func(d disk) string {
		s := strconv.FormatUint(d.sectors*wireSector, 10) + " bytes in " + strconv.Itoa(d.sectorSize) + "-byte sectors"
		if d.readOnly {
			s += ", read-only"
		}
		return s
	}
	if was.sectors != now.sectors || was.sectorSize != now.sectorSize || was.readOnly != now.readOnly {
		return errors.Join(ErrDiskChanged, errors.New("blkfront: was "+geometry(was)+", now "+geometry(now)))
	}
	return nil
}
