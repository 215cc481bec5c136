// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The internal tests run on linux: on xen, os imports this package (for
// xen/mount), and testing imports os.
//go:build !xen

package blkfront

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"xen/hypercall"
)

func pattern(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func TestReadWrite(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	if d.Size() != 1<<20 || d.SectorSize() != 512 || d.Sectors() != 2048 || d.ReadOnly() {
		t.Fatalf("geometry: %v, %d sectors", d, d.Sectors())
	}
	for i, c := range []struct {
		off int64
		n   int
	}{{0, 512}, {512, 4096}, {4096 * 3, 11 * 4096}, {1024, 13*4096 + 1536}, {0, 300 * 1024}} {
		want := pattern(c.n, uint64(i))
		if n, err := d.WriteAt(want, c.off); n != c.n || err != nil {
			t.Fatalf("WriteAt(%d bytes at %d) = %d, %v", c.n, c.off, n, err)
		}
		if !bytes.Equal(b.disk[c.off:c.off+int64(c.n)], want) {
			t.Fatalf("disk differs after writing %d bytes at %d", c.n, c.off)
		}
		got := make([]byte, c.n)
		if n, err := d.ReadAt(got, c.off); n != c.n || err != nil || !bytes.Equal(got, want) {
			t.Fatalf("ReadAt(%d bytes at %d) = %d, %v, equal %v", c.n, c.off, n, err, bytes.Equal(got, want))
		}
	}
	// Without indirect requests, 11 pages a request at most.
	for _, q := range b.requests() {
		if q.op == opIndirect || q.nseg > maxDirectSegs {
			t.Fatalf("request %+v without indirect segments offered", q)
		}
	}
	if s := d.Stats(); s.Indirect != 0 || s.BadID+s.BadStatus+s.BadOperation+s.BadRingIndex != 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestIndirect(t *testing.T) {
	dk := disk{features: Features{MaxIndirectSegments: 256}}
	d, b := newFake(t, fakeSetup{disk: dk, cfg: Config{MaxSegments: 64}, size: 4 << 20})
	if d.MaxTransfer() != 64*pageSize {
		t.Fatalf("MaxTransfer %d", d.MaxTransfer())
	}
	want := pattern(3<<20, 7)
	if n, err := d.WriteAt(want, 4096); n != len(want) || err != nil {
		t.Fatalf("WriteAt = %d, %v", n, err)
	}
	got := make([]byte, len(want))
	if n, err := d.ReadAt(got, 4096); n != len(got) || err != nil || !bytes.Equal(got, want) {
		t.Fatalf("ReadAt = %d, %v", n, err)
	}
	ind := 0
	for _, q := range b.requests() {
		if q.op == opIndirect {
			ind++
			if q.nseg > 64 {
				t.Errorf("indirect request of %d segments", q.nseg)
			}
		}
	}
	if s := d.Stats(); ind == 0 || s.Indirect != uint64(ind) {
		t.Errorf("%d indirect requests seen, Stats says %d", ind, s.Indirect)
	}
	// A backend limit under ours wins; one under 12 means no indirect.
	for _, c := range []struct{ backend, cfg, want int }{{16, 64, 16}, {11, 64, 11}, {0, 64, 11}, {1000, 0, 32}, {1000, 1000, 255}, {256, 5, 5}} {
		n := Config{MaxSegments: c.cfg}.segments(Features{MaxIndirectSegments: c.backend})
		if n != c.want {
			t.Errorf("backend %d, config %d: %d segments, want %d", c.backend, c.cfg, n, c.want)
		}
	}
	if n := (Config{MaxSegments: 1000, BufferPages: 1000}).segments(Features{MaxIndirectSegments: 1000}); n != segsPerIndirect {
		t.Errorf("%d segments a request, want one indirect page's %d", n, segsPerIndirect)
	}
	if n := (Config{MaxSegments: 64, BufferPages: 8}).segments(Features{MaxIndirectSegments: 64}); n != 7 {
		t.Errorf("8 buffer pages: %d segments a request, want 7", n)
	}
}

// TestInFlight: several callers, and a long transfer, keep several
// requests on the ring at once; a multi-page ring holds more.
func TestInFlight(t *testing.T) {
	for _, order := range []int{0, 2} {
		d, b := newFake(t, fakeSetup{order: order, cfg: Config{BufferPages: 1024}, size: 8 << 20})
		if got := d.q.ring.Size(); got != 32<<order {
			t.Fatalf("order %d: ring of %d entries", order, got)
		}
		b.setHold(true)
		var wg sync.WaitGroup
		const callers = 40
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]byte, 8192)
				if _, err := d.ReadAt(buf, int64(i)*8192); err != nil {
					t.Errorf("ReadAt: %v", err)
				}
				if !bytes.Equal(buf, b.disk[i*8192:(i+1)*8192]) {
					t.Errorf("caller %d read wrong data", i)
				}
			}()
		}
		want := min(callers, 32<<order)
		deadline := time.Now().Add(10 * time.Second)
		for int(b.ring.Requests()) < want && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		if n := b.ring.Requests(); int(n) != want {
			t.Errorf("order %d: %d requests on the ring, want %d", order, n, want)
		}
		b.release()
		wg.Wait()
		if s := d.Stats(); s.InFlightHighWater != uint64(want) && s.InFlightHighWater < uint64(want) {
			t.Errorf("high water %d", s.InFlightHighWater)
		}
	}
}

func TestBounds(t *testing.T) {
	d, _ := newFake(t, fakeSetup{disk: disk{sectorSize: 4096, physSectorSize: 4096}, size: 64 << 10})
	if d.SectorSize() != 4096 || d.Sectors() != 16 {
		t.Fatalf("%d sectors of %d", d.Sectors(), d.SectorSize())
	}
	buf := make([]byte, 8192)
	for _, c := range []struct {
		off  int64
		n    int
		read error
		rn   int
		wr   error
	}{
		{512, 4096, ErrAlignment, 0, ErrAlignment},
		{0, 512, ErrAlignment, 0, ErrAlignment},
		{-4096, 4096, ErrAlignment, 0, ErrAlignment},
		{64 << 10, 4096, io.EOF, 0, ErrRange},
		{60 << 10, 8192, io.EOF, 4096, ErrRange},
		{56 << 10, 8192, nil, 8192, nil},
		{64 << 10, 0, nil, 0, nil},
	} {
		n, err := d.ReadAt(buf[:c.n], c.off)
		if n != c.rn || !errors.Is(err, c.read) && err != c.read {
			t.Errorf("ReadAt(%d at %d) = %d, %v; want %d, %v", c.n, c.off, n, err, c.rn, c.read)
		}
		if _, err := d.WriteAt(buf[:c.n], c.off); err != c.wr {
			t.Errorf("WriteAt(%d at %d) = %v; want %v", c.n, c.off, err, c.wr)
		}
	}
}

func TestReadOnly(t *testing.T) {
	d, b := newFake(t, fakeSetup{disk: disk{readOnly: true, features: Features{Flush: true, Discard: true, DiscardGranularity: 512}}})
	if _, err := d.WriteAt(make([]byte, 512), 0); err != ErrReadOnly {
		t.Errorf("WriteAt = %v", err)
	}
	if err := d.Discard(0, 512); err != ErrReadOnly {
		t.Errorf("Discard = %v", err)
	}
	if _, err := d.ReadAt(make([]byte, 512), 0); err != nil {
		t.Errorf("ReadAt = %v", err)
	}
	if err := d.Flush(); err != nil {
		t.Errorf("Flush = %v", err)
	}
	for _, q := range b.requests() {
		if q.op != opRead {
			t.Errorf("request %d on a read-only disk", q.op)
		}
	}
}

func TestFlush(t *testing.T) {
	for _, c := range []struct {
		name string
		f    Features
		op   uint8 // 0: no request
	}{
		{"flush", Features{Flush: true, Barrier: true}, opFlush},
		{"barrier", Features{Barrier: true}, opBarrier},
		{"neither", Features{}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, b := newFake(t, fakeSetup{disk: disk{features: c.f}})
			if err := d.Flush(); err != nil {
				t.Fatal(err)
			}
			reqs := b.requests()
			switch {
			case c.op == 0 && len(reqs) != 0:
				t.Errorf("%d requests for a backend with no cache to flush", len(reqs))
			case c.op != 0 && (len(reqs) != 1 || reqs[0].op != c.op || reqs[0].nseg != 0):
				t.Errorf("requests %+v, want one op %d", reqs, c.op)
			}
		})
	}
	// A backend that offers flushes and then refuses one.
	d, b := newFake(t, fakeSetup{disk: disk{features: Features{Flush: true}}})
	b.status = map[uint8]int16{opFlush: hypercall.BlkifRspEOPNOTSUPP}
	if err := d.Flush(); err != ErrNotSupported {
		t.Errorf("refused flush: %v", err)
	}
	if err := d.Flush(); err != ErrNotSupported || len(b.requests()) != 1 {
		t.Errorf("flush after a refusal: %v, %d requests", err, len(b.requests()))
	}
	if s := d.Stats(); s.NotSupported != 1 {
		t.Errorf("NotSupported %d", s.NotSupported)
	}
}

func TestDiscard(t *testing.T) {
	d, b := newFake(t, fakeSetup{disk: disk{features: Features{Discard: true, DiscardGranularity: 4096}}})
	if err := d.Discard(4096, 8192); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.disk[4096:12288], make([]byte, 8192)) || b.disk[12288+1] == 0 {
		t.Errorf("discard cleared the wrong range")
	}
	q := b.requests()[0]
	if q.op != opDiscard || q.sector != 8 || q.nsect != 16 || q.flag != 0 {
		t.Errorf("discard request %+v", q)
	}
	if err := d.SecureDiscard(0, 512); err != ErrNotSupported {
		t.Errorf("secure discard without discard-secure: %v", err)
	}
	for _, c := range [][2]int64{{100, 512}, {0, 100}, {1 << 20, 512}, {512, 1 << 20}} {
		if err := d.Discard(c[0], c[1]); err == nil {
			t.Errorf("Discard(%d, %d) accepted", c[0], c[1])
		}
	}

	d, b = newFake(t, fakeSetup{disk: disk{features: Features{Discard: true, SecureDiscard: true}}})
	if err := d.SecureDiscard(0, 1<<20); err != nil {
		t.Fatal(err)
	}
	if q := b.requests()[0]; q.flag != hypercall.BlkifDiscardSecure || q.nsect != 2048 {
		t.Errorf("secure discard request %+v", q)
	}

	d, _ = newFake(t, fakeSetup{})
	if err := d.Discard(0, 512); err != ErrNotSupported {
		t.Errorf("discard not offered: %v", err)
	}
}

func TestErrorStatus(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	b.status = map[uint8]int16{opRead: hypercall.BlkifRspError}
	if n, err := d.ReadAt(make([]byte, 4096), 0); n != 0 || err != ErrIO {
		t.Errorf("failed read: %d, %v", n, err)
	}
	// The pages came back: the pool is whole.
	if len(d.q.freePages) != len(d.q.grefs) || len(d.q.freeSlots) != len(d.q.slots) {
		t.Errorf("%d of %d pages and %d of %d slots free", len(d.q.freePages), len(d.q.grefs), len(d.q.freeSlots), len(d.q.slots))
	}
	if d.Stats().Errors != 1 {
		t.Errorf("stats %+v", d.Stats())
	}
}

// TestPartialFailure: a long read whose second request fails reports
// the bytes before it.
func TestPartialFailure(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	n := 0
	b.answer = func(q decoded, r response) []response {
		if n++; n == 2 {
			r.status = hypercall.BlkifRspError
		}
		return []response{r}
	}
	got, err := d.ReadAt(make([]byte, 3*d.MaxTransfer()), 0)
	if got != d.MaxTransfer() || err != ErrIO {
		t.Errorf("ReadAt = %d, %v; want %d, ErrIO", got, err, d.MaxTransfer())
	}
}

func TestBackendGone(t *testing.T) {
	d, b := newFake(t, fakeSetup{})
	b.setHold(true)
	errc := make(chan error)
	go func() {
		_, err := d.ReadAt(make([]byte, 512), 0)
		errc <- err
	}()
	<-waitRequests(t, b, 1)
	d.backendGone(ErrBackendGone)
	if err := <-errc; err != ErrBackendGone {
		t.Errorf("read when the backend left: %v", err)
	}
	if _, err := d.WriteAt(make([]byte, 512), 0); err != ErrBackendGone {
		t.Errorf("write after: %v", err)
	}
	select {
	case <-d.Gone():
	default:
		t.Error("Gone not closed")
	}
}

func TestClose(t *testing.T) {
	defer func(c time.Duration) { closeTimeout = c }(closeTimeout)
	closeTimeout = 50 * time.Millisecond
	d, b := newFake(t, fakeSetup{})
	b.setHold(true)
	errc := make(chan error)
	go func() {
		_, err := d.ReadAt(make([]byte, 512), 0)
		errc <- err
	}()
	<-waitRequests(t, b, 1)
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != ErrClosed {
		t.Errorf("read left in flight at Close: %v", err)
	}
	if err := d.Close(); err != ErrClosed {
		t.Errorf("second Close: %v", err)
	}
	if _, err := d.ReadAt(make([]byte, 512), 0); err != ErrClosed {
		t.Errorf("read after Close: %v", err)
	}
	// A Close that finds requests answered in time waits for them.
	d, _ = newFake(t, fakeSetup{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.ReadAt(make([]byte, 4096), 0)
		}()
	}
	d.Close()
	wg.Wait()
}

// waitRequests returns a channel closed once the backend holds n
// requests on its ring.
func waitRequests(t *testing.T, b *fakeBack, n uint32) <-chan struct{} {
	t.Helper()
	ch := make(chan struct{})
	go func() {
		defer close(ch)
		deadline := time.Now().Add(10 * time.Second)
		for b.ring.Requests() < n && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
	}()
	return ch
}
