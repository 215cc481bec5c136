// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vchan

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
	"time"
	"unsafe"

	"xen/internal/ring/ringtest"
)

// pair connects a server and a client over in-memory pages, the way
// Listen and Dial do over granted ones.
type pair struct {
	page                   []byte
	server, client         *Conn
	serverPort, clientPort *ringtest.Port
}

func newPair(t testing.TB, leftMin, rightMin int) *pair {
	t.Helper()
	left, right, err := chooseOrders(leftMin, rightMin)
	if err != nil {
		t.Fatal(err)
	}
	page := make([]byte, pageSize)
	ringBuf := func(order int) []byte {
		if r := inPageRing(page, order); r != nil {
			return r
		}
		return make([]byte, 1<<order)
	}
	lbuf, rbuf := ringBuf(left), ringBuf(right)
	var grants []uint32
	for i := 0; i < ringPages(left)+ringPages(right); i++ {
		grants = append(grants, uint32(100+i))
	}
	serverInit(page, left, right, grants)
	sp, cp := ringtest.NewPortPair()
	p := &pair{page: page, serverPort: sp, clientPort: cp}
	p.server = newConn(true, unsafe.Pointer(&page[0]), lbuf, rbuf, sp, nil)

	l, r, lg, rg, err := clientLayout(page)
	if err != nil {
		t.Fatal(err)
	}
	if l != left || r != right || len(lg) != ringPages(left) || len(rg) != ringPages(right) {
		t.Fatalf("client sees layout %d %d %v %v", l, r, lg, rg)
	}
	if len(lg) > 0 && lg[0] != 100 || len(rg) > 0 && rg[0] != uint32(100+len(lg)) {
		t.Fatalf("grants %v %v", lg, rg)
	}
	clientConnect(page)
	p.client = newConn(false, unsafe.Pointer(&page[0]), lbuf, rbuf, cp, nil)
	cp.Notify()
	return p
}

func (p *pair) close(t testing.TB) {
	p.server.Close()
	p.client.Close()
}

func TestChooseOrders(t *testing.T) {
	for _, c := range []struct{ l, r, wl, wr int }{
		{0, 0, 10, 11},
		{1024, 2048, 10, 11},
		{2048, 1024, 11, 10},
		{2048, 2048, 11, 12},
		{1 << 16, 1 << 16, 16, 16},
		{1 << 16, 100, 16, 11},
		{5000, 1 << 20, 13, 20},
	} {
		l, r, err := chooseOrders(c.l, c.r)
		if err != nil || l != c.wl || r != c.wr {
			t.Errorf("chooseOrders(%d, %d) = %d, %d, %v; want %d, %d", c.l, c.r, l, r, err, c.wl, c.wr)
		}
		if err := checkOrders(l, r); err != nil {
			t.Errorf("chooseOrders(%d, %d) chose a layout checkOrders refuses: %v", c.l, c.r, err)
		}
	}
	for _, bad := range [][2]int{{-1, 0}, {0, 1<<20 + 1}} {
		if _, _, err := chooseOrders(bad[0], bad[1]); err == nil {
			t.Errorf("chooseOrders(%v) accepted", bad)
		}
	}
}

func TestCheckOrders(t *testing.T) {
	for _, c := range [][2]int{{9, 12}, {12, 21}, {10, 10}, {11, 11}, {0, 0}, {65535, 12}, {20, 20 + 1}} {
		if err := checkOrders(c[0], c[1]); !errors.Is(err, ErrBadLayout) {
			t.Errorf("checkOrders(%v) = %v, want ErrBadLayout", c, err)
		}
	}
	// Big rings with a small ring at 1024: the grant list must stop there.
	if err := checkOrders(10, 20); !errors.Is(err, ErrBadLayout) {
		t.Errorf("checkOrders(10, 20): grant list over the ring accepted")
	}
	for _, c := range [][2]int{{10, 11}, {11, 10}, {12, 12}, {20, 20}, {11, 17}} {
		if err := checkOrders(c[0], c[1]); err != nil {
			t.Errorf("checkOrders(%v) = %v", c, err)
		}
	}
}

func TestSmallRoundTrip(t *testing.T) {
	p := newPair(t, 0, 0)
	defer p.close(t)
	if _, err := p.client.Write([]byte("hello server")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 100)
	n, err := p.server.Read(buf)
	if err != nil || string(buf[:n]) != "hello server" {
		t.Fatalf("server read %q, %v", buf[:n], err)
	}
	if _, err := p.server.Write([]byte("hello client")); err != nil {
		t.Fatal(err)
	}
	n, err = p.client.Read(buf)
	if err != nil || string(buf[:n]) != "hello client" {
		t.Fatalf("client read %q, %v", buf[:n], err)
	}
}

// stream sends size bytes each way at once, with reads and writes of
// random sizes, and compares checksums.
func stream(t *testing.T, p *pair, size int) {
	var wg sync.WaitGroup
	send := func(c *Conn, seed uint64, sum *[32]byte) {
		defer wg.Done()
		r := rand.New(rand.NewPCG(seed, 1))
		h := sha256.New()
		buf := make([]byte, 70000)
		for left := size; left > 0; {
			n := min(left, 1+r.IntN(len(buf)))
			for i := range buf[:n] {
				buf[i] = byte(r.Uint32())
			}
			h.Write(buf[:n])
			if _, err := c.Write(buf[:n]); err != nil {
				t.Error(err)
				return
			}
			left -= n
		}
		copy(sum[:], h.Sum(nil))
	}
	recv := func(c *Conn, seed uint64, sum *[32]byte) {
		defer wg.Done()
		r := rand.New(rand.NewPCG(seed, 2))
		h := sha256.New()
		buf := make([]byte, 70000)
		for got := 0; got < size; {
			n, err := c.Read(buf[:min(size-got, 1+r.IntN(len(buf)))])
			if err != nil {
				t.Error(err)
				return
			}
			h.Write(buf[:n])
			got += n
		}
		copy(sum[:], h.Sum(nil))
	}
	var s1, r1, s2, r2 [32]byte
	wg.Add(4)
	go send(p.client, 1, &s1)
	go recv(p.server, 1, &r1)
	go send(p.server, 2, &s2)
	go recv(p.client, 2, &r2)
	wg.Wait()
	if s1 != r1 || s2 != r2 {
		t.Fatalf("checksums differ: client->server %x/%x, server->client %x/%x", s1[:4], r1[:4], s2[:4], r2[:4])
	}
}

func TestStreams(t *testing.T) {
	for _, sz := range [][2]int{{0, 0}, {2048, 1024}, {1 << 13, 1 << 12}, {1 << 16, 1 << 16}} {
		p := newPair(t, sz[0], sz[1])
		stream(t, p, 4<<20)
		p.close(t)
	}
}

func TestEOFAfterData(t *testing.T) {
	p := newPair(t, 1<<12, 1<<12)
	if _, err := p.server.Write([]byte("last words")); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- p.server.Close() }()
	got, err := io.ReadAll(p.client)
	if err != nil || string(got) != "last words" {
		t.Fatalf("ReadAll = %q, %v", got, err)
	}
	if err := <-done; err != nil {
		t.Fatalf("server Close: %v", err)
	}
	if _, err := p.client.Write([]byte("x")); err != ErrPeerClosed {
		t.Fatalf("Write after the peer closed = %v, want ErrPeerClosed", err)
	}
	if err := p.client.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := p.client.Read(make([]byte, 1)); err != ErrClosed {
		t.Fatalf("Read after Close = %v", err)
	}
	if err := p.client.Close(); err != ErrClosed {
		t.Fatalf("second Close = %v", err)
	}
}

func TestCloseReportsUnread(t *testing.T) {
	p := newPair(t, 1<<12, 1<<12)
	p.server.Write([]byte("never read"))
	p.server.SetWriteDeadline(time.Now().Add(50 * time.Millisecond))
	if err := p.server.Close(); err == nil {
		t.Fatal("Close with unread data said nothing")
	}
	p.client.Close()
}

func TestDeadlines(t *testing.T) {
	p := newPair(t, 1<<12, 1<<12)
	defer p.close(t)
	p.client.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	start := time.Now()
	_, err := p.client.Read(make([]byte, 10))
	var te interface{ Timeout() bool }
	if !errors.As(err, &te) || !te.Timeout() {
		t.Fatalf("Read past its deadline = %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("deadline took %v", time.Since(start))
	}
	p.client.SetWriteDeadline(time.Now().Add(30 * time.Millisecond))
	n, err := p.client.Write(make([]byte, 1<<13))
	if err != ErrTimeout || n != 1<<12 {
		t.Fatalf("Write into a full ring = %d, %v; want %d, ErrTimeout", n, err, 1<<12)
	}
	// A blocked Read wakes when a deadline is set meanwhile.
	p.server.SetReadDeadline(time.Time{})
	errc := make(chan error)
	go func() {
		buf := make([]byte, 1<<13)
		for {
			if _, err := p.server.Read(buf); err != nil {
				errc <- err
				return
			}
		}
	}()
	time.Sleep(20 * time.Millisecond)
	p.server.SetReadDeadline(time.Now())
	if err := <-errc; err != ErrTimeout {
		t.Fatalf("Read after SetReadDeadline(now) = %v", err)
	}
}

func TestCloseWakesBlockedRead(t *testing.T) {
	p := newPair(t, 1<<12, 1<<12)
	errc := make(chan error)
	go func() {
		_, err := p.server.Read(make([]byte, 10))
		errc <- err
	}()
	time.Sleep(20 * time.Millisecond)
	p.server.Close()
	if err := <-errc; err != ErrClosed && err != io.EOF {
		t.Fatalf("blocked Read after Close = %v", err)
	}
	p.client.Close()
}

func TestAccept(t *testing.T) {
	page := make([]byte, pageSize)
	serverInit(page, smallOrder, largeOrder, nil)
	sp, cp := ringtest.NewPortPair()
	s := newConn(true, unsafe.Pointer(&page[0]), inPageRing(page, smallOrder), inPageRing(page, largeOrder), sp, nil)
	s.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	if err := s.Accept(); err != ErrTimeout {
		t.Fatalf("Accept with no client = %v", err)
	}
	s.SetReadDeadline(time.Time{})
	// Written before the client comes: kept in the ring.
	if _, err := s.Write([]byte("early")); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(10 * time.Millisecond)
		clientConnect(page)
		cp.Notify()
	}()
	if err := s.Accept(); err != nil {
		t.Fatal(err)
	}
	c := newConn(false, unsafe.Pointer(&page[0]), inPageRing(page, smallOrder), inPageRing(page, largeOrder), cp, nil)
	buf := make([]byte, 10)
	if n, err := c.Read(buf); err != nil || !bytes.Equal(buf[:n], []byte("early")) {
		t.Fatalf("client read %q, %v", buf[:n], err)
	}
	s.Close()
	c.Close()
}

func TestNotifiesOnlyWhenAsked(t *testing.T) {
	p := newPair(t, 1<<16, 1<<16)
	defer p.close(t)
	before := p.clientPort.Notifies.Load()
	// The server is not blocked: after its first wake-up it has not asked
	// again, so many small writes cost few events.
	for i := 0; i < 100; i++ {
		p.client.Write([]byte("x"))
	}
	if n := p.clientPort.Notifies.Load() - before; n > 2 {
		t.Fatalf("%d events for 100 writes nobody waited for", n)
	}
	buf := make([]byte, 1000)
	if n, _ := p.server.Read(buf); n != 100 {
		t.Fatalf("read %d bytes", n)
	}
}
