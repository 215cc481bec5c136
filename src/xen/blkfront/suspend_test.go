// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package blkfront

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"xen/internal/ring"
	"xen/internal/ring/ringtest"
)

// waitFor polls cond for 10 s at most.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// result waits 10 s at most for an error from ch.
func result(t *testing.T, what string, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: no result after 10 s", what)
		return nil
	}
}

// quiet fails the test if ch delivers within 50 ms.
func quiet(t *testing.T, what string, ch <-chan error) {
	t.Helper()
	select {
	case err := <-ch:
		t.Fatalf("%s returned (%v)", what, err)
	case <-time.After(50 * time.Millisecond):
	}
}

// waiting reports once n requests have waited for the ring (or for a
// suspend to end).
func waiting(d *Device, n uint64) func() bool {
	return func() bool { return d.Stats().Waits >= n }
}

func goWrite(d *Device, p []byte, off int64) <-chan error {
	ch := make(chan error, 1)
	go func() {
		n, err := d.WriteAt(p, off)
		if err == nil && n != len(p) {
			err = errors.New("short write")
		}
		ch <- err
	}()
	return ch
}

// TestSuspendDrains: a suspend waits for the requests in flight and
// holds back new ones until the device carries on.
func TestSuspendDrains(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	b.setHold(true)
	var writes []<-chan error
	for i := range 4 {
		writes = append(writes, goWrite(d, pattern(8192, uint64(i)), int64(i)*8192))
	}
	<-waitRequests(t, b, 4)
	quiesced := make(chan error, 1)
	go func() { quiesced <- d.quiesce(nil) }()
	waitFor(t, "the device is suspended", func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		return d.suspended
	})
	late := goWrite(d, pattern(512, 9), 1<<19)
	waitFor(t, "the late write waits", waiting(d, 1))
	quiet(t, "quiesce with requests in flight", quiesced)

	b.release()
	if err := result(t, "quiesce", quiesced); err != nil {
		t.Fatalf("quiesce: %v", err)
	}
	for i, w := range writes {
		if err := result(t, "write in flight", w); err != nil {
			t.Errorf("write %d in flight at the suspend: %v", i, err)
		}
		if !bytes.Equal(b.disk[i*8192:(i+1)*8192], pattern(8192, uint64(i))) {
			t.Errorf("write %d is not on the disk", i)
		}
	}
	quiet(t, "a write issued while suspended", late)
	if n := len(b.requests()); n != 4 {
		t.Fatalf("%d requests reached the backend while suspended, want the 4 before", n)
	}
	d.carryOn()
	if err := result(t, "the late write", late); err != nil {
		t.Fatal(err)
	}
	if n := len(b.requests()); n != 5 || !bytes.Equal(b.disk[1<<19:1<<19+512], pattern(512, 9)) {
		t.Errorf("%d requests, want 5, and the late write on the disk", n)
	}
	if s := d.Stats(); s.Suspends != 1 || s.Drained != 4 || s.Moves != 0 {
		t.Errorf("stats: %d suspends, %d requests drained, %d moves; want 1, 4, 0", s.Suspends, s.Drained, s.Moves)
	}
}

// TestSuspendRefused: a backend that does not answer in time refuses
// the suspend, and the device carries on as before.
func TestSuspendRefused(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	b.setHold(true)
	w := goWrite(d, pattern(4096, 1), 0)
	<-waitRequests(t, b, 1)
	limit, _ := deadline(50 * time.Millisecond)
	err := d.quiesce(limit)
	if err == nil || !strings.Contains(err.Error(), "did not answer 1 requests") {
		t.Fatalf("quiesce with a request unanswered: %v", err)
	}
	if s := d.Stats(); s.Suspends != 0 {
		t.Errorf("a refused suspend counted")
	}
	w2 := goWrite(d, pattern(4096, 2), 4096)
	<-waitRequests(t, b, 2)
	b.release()
	for _, ch := range []<-chan error{w, w2} {
		if err := result(t, "write", ch); err != nil {
			t.Error(err)
		}
	}
}

// TestSuspendBackendDies: a backend that goes while a suspend waits for
// it lets the suspend go on; its requests fail, rather than hang.
func TestSuspendBackendDies(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	b.setHold(true)
	w := goWrite(d, pattern(4096, 1), 0)
	<-waitRequests(t, b, 1)
	quiesced := make(chan error, 1)
	go func() { quiesced <- d.quiesce(nil) }()
	quiet(t, "quiesce with a request in flight", quiesced)
	d.backendGone(ErrBackendGone)
	if err := result(t, "quiesce", quiesced); err != nil {
		t.Errorf("quiesce of a dead device: %v", err)
	}
	if err := result(t, "write", w); err != ErrBackendGone {
		t.Errorf("write in flight when the backend went: %v", err)
	}
}

// moved is the device's side of a move to a new domain: a new grant
// table (in which the old references name other pages, or none), the
// ring's first 2^order pages zeroed, a new event channel, and a backend
// for a copy of the old one's disk.
func moved(t *testing.T, d *Device, old *fakeBack, order int) (shared, *ringtest.Port, *fakeBack) {
	grants := ringtest.NewGrants()
	g := ring.NewGrants(grants.Grant, grants.End)
	pages := old.pages[:pageSize<<order]
	clear(pages)
	sh := shared{ring: ring.NewFront(pages, entrySize), pool: d.q.pool}
	if _, err := g.Pages(pages, false); err != nil { // as attach does, before the pool
		t.Fatal(err)
	}
	var err error
	if sh.grefs, err = g.Pages(sh.pool, false); err != nil {
		t.Fatal(err)
	}
	fp, bp := ringtest.NewPortPair()
	old.mu.Lock()
	content := bytes.Clone(old.disk)
	old.mu.Unlock()
	return sh, fp, newFakeBack(t, pages, grants, bp, content)
}

// TestRestartAfterMove: after a move, a write held back by the suspend
// and those after it go to the new backend, on a smaller ring and with
// the new backend's segment limit, and read back.
func TestRestartAfterMove(t *testing.T) {
	dk := disk{features: Features{MaxIndirectSegments: 64, RingPages: 2, Flush: true}}
	d, old := newFake(t, fakeSetup{disk: dk, order: 1, cfg: Config{MaxSegments: 64}, size: 4 << 20})
	first, second := pattern(1<<20, 1), pattern(1<<20, 2)
	if _, err := d.WriteAt(first, 0); err != nil {
		t.Fatal(err)
	}
	if err := d.quiesce(nil); err != nil {
		t.Fatal(err)
	}
	held := goWrite(d, second, 1<<20)
	waitFor(t, "the write waits", waiting(d, 1))
	before := len(old.requests())

	sh, fp, nb := moved(t, d, old, 0)
	newDisk := disk{sectors: 4 << 20 / wireSector, sectorSize: 512, physSectorSize: 512, features: Features{RingPages: 1}}
	if err := d.restart(sh, fp, newDisk); err != nil {
		t.Fatal(err)
	}
	if err := result(t, "the held write", held); err != nil {
		t.Fatalf("the write held by the suspend: %v", err)
	}
	if n := len(old.requests()); n != before {
		t.Errorf("the old backend got %d requests after the move", n-before)
	}
	nb.mu.Lock()
	onDisk := bytes.Equal(nb.disk[1<<20:2<<20], second)
	nb.mu.Unlock()
	if !onDisk {
		t.Errorf("the held write is not on the new backend's disk")
	}
	got := make([]byte, 2<<20)
	read := make(chan error, 1)
	go func() {
		_, err := d.ReadAt(got, 0)
		read <- err
	}()
	if err := result(t, "reading back", read); err != nil || !bytes.Equal(got[:1<<20], first) || !bytes.Equal(got[1<<20:], second) {
		t.Errorf("reading back after the move: %v", err)
	}
	for _, q := range nb.requests() {
		if q.op == opIndirect || q.nseg > maxDirectSegs {
			t.Fatalf("request %+v to a backend without indirect requests", q)
		}
	}
	if s := d.Stats(); s.Suspends != 1 || s.Drained != 0 || s.Moves != 1 {
		t.Errorf("stats: %d suspends, %d requests drained, %d moves; want 1, 0, 1", s.Suspends, s.Drained, s.Moves)
	}
	if f := d.Features(); f.RingPages != 1 || f.Flush || d.MaxTransfer() != maxDirectSegs*pageSize || d.q.ring.Size() != 32 {
		t.Errorf("after the move: features %+v, MaxTransfer %d, ring of %d", f, d.MaxTransfer(), d.q.ring.Size())
	}
	n := len(nb.requests())
	if err := d.Flush(); err != nil || len(nb.requests()) != n {
		t.Errorf("Flush on a backend with no cache to flush: %v, %d requests", err, len(nb.requests())-n)
	}
}

// TestRestartDiskChanged: after a move, a disk of another size, sector
// size or mode stops the device: requests held by the suspend, and
// later ones, fail with ErrDiskChanged.
func TestRestartDiskChanged(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*disk)
	}{
		{"sectors", func(k *disk) { k.sectors++ }},
		{"sector-size", func(k *disk) { k.sectorSize, k.physSectorSize = 4096, 4096 }},
		{"read-only", func(k *disk) { k.readOnly = true }},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, old := newFake(t, fakeSetup{})
			if err := d.quiesce(nil); err != nil {
				t.Fatal(err)
			}
			held := goWrite(d, pattern(4096, 1), 0)
			waitFor(t, "the write waits", waiting(d, 1))
			sh, fp, nb := moved(t, d, old, 0)
			k := d.disk
			c.change(&k)
			err := d.restart(sh, fp, k)
			if !errors.Is(err, ErrDiskChanged) {
				t.Fatalf("restart on a changed disk: %v", err)
			}
			t.Log(err)
			if err := result(t, "the held write", held); !errors.Is(err, ErrDiskChanged) {
				t.Errorf("the held write: %v", err)
			}
			if _, err := d.ReadAt(make([]byte, 512), 0); !errors.Is(err, ErrDiskChanged) {
				t.Errorf("a read after: %v", err)
			}
			select {
			case <-d.Gone():
			default:
				t.Error("Gone is not closed")
			}
			if n := len(nb.requests()); n != 0 {
				t.Errorf("%d requests went to the changed disk", n)
			}
		})
	}
}

// TestCloseWhileSuspended: Close during a suspend fails the requests
// it held back, and a restart after it leaves the device closed.
func TestCloseWhileSuspended(t *testing.T) {
	d, old := newFake(t, fakeSetup{})
	if err := d.quiesce(nil); err != nil {
		t.Fatal(err)
	}
	held := goWrite(d, pattern(4096, 1), 0)
	waitFor(t, "the write waits", waiting(d, 1))
	closed := make(chan error, 1)
	go func() { closed <- d.Close() }()
	if err := result(t, "Close", closed); err != nil {
		t.Fatalf("Close while suspended: %v", err)
	}
	if err := result(t, "the held write", held); err != ErrClosed {
		t.Errorf("the held write: %v", err)
	}
	sh, fp, nb := moved(t, d, old, 0)
	if err := d.restart(sh, fp, d.disk); err != ErrClosed {
		t.Errorf("restart after Close: %v", err)
	}
	if n := len(nb.requests()); n != 0 {
		t.Errorf("%d requests after Close", n)
	}
}
