// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// blksuspend keeps many requests in flight on a 4-page ring with
// indirect requests (xen/blkfront directly, no file system) through the
// toolstack's suspends: four goroutines write random extents of up to
// 1 MiB (4 requests), flushing now and then, and read back extents they wrote,
// while a copy in memory records what the disk must hold. Each move to
// a new domain prints "RESUMED N after OPS ops". At SIGTERM (xl
// shutdown) it flushes, reads the whole disk back against the copy and
// prints its SHA-256 for dom0 to compare with the image.
package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"xen/blkfront"
)

const (
	diskSize = 16 << 20
	writers  = 4
	region   = diskSize / writers
	maxExt   = 1 << 20
)

func main() {
	ids, err := blkfront.Devices()
	if err != nil || len(ids) == 0 {
		fail("Devices: %v %v", ids, err)
	}
	d, err := blkfront.Open(ids[0], blkfront.Config{RingPageOrder: 2, MaxSegments: 64, BufferPages: 1024})
	if err != nil {
		fail("Open: %v", err)
	}
	if d.Size() != diskSize || d.SectorSize() != 512 {
		fail("want %d bytes in 512-byte sectors, have %v", diskSize, d)
	}
	disk := make([]byte, diskSize) // what the disk must hold
	if _, err := d.ReadAt(disk, 0); err != nil {
		fail("ReadAt: %v", err)
	}
	name, err := os.Hostname()
	if err != nil {
		fail("hostname: %v", err)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)

	var ops atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			write(d, disk[w*region:(w+1)*region], int64(w*region), uint64(w), &ops, stop)
		}()
	}
	fmt.Printf("READY blksuspend %s ring pages %d, max transfer %d\n", name, d.Features().RingPages, d.MaxTransfer())

	gaps := 0
	last := time.Now()
	check := time.NewTicker(50 * time.Millisecond)
	for done := false; !done; {
		select {
		case <-check.C:
			now := time.Now()
			if now.Round(0).Sub(last.Round(0))-now.Sub(last) > 500*time.Millisecond {
				gaps++
				fmt.Printf("RESUMED %d after %d ops\n", gaps, ops.Load())
			}
			last = now
		case <-sig:
			done = true
		}
	}
	close(stop)
	wg.Wait()
	if err := d.Flush(); err != nil {
		fail("Flush: %v", err)
	}
	got := make([]byte, diskSize)
	if _, err := d.ReadAt(got, 0); err != nil {
		fail("ReadAt: %v", err)
	}
	if !bytes.Equal(got, disk) {
		fail("the disk is not what was written")
	}
	s := d.Stats()
	if err := d.Close(); err != nil {
		fail("Close: %v", err)
	}
	fmt.Printf("blksuspend ok: %d ops, %d requests (%d indirect), %d in flight at most, ring pages %d, gaps %d, "+
		"suspends %d (waited for %d requests), moves %d, sha256 %x\n",
		ops.Load(), s.Requests, s.Indirect, s.InFlightHighWater, d.Features().RingPages, gaps,
		s.Suspends, s.Drained, s.Moves, sha256.Sum256(got))
}

// write writes random extents of mine (at byte off on the disk) until
// stop, reading back every fourth and flushing every sixteenth.
func write(d *blkfront.Device, mine []byte, off int64, seed uint64, ops *atomic.Int64, stop chan struct{}) {
	r := rand.New(rand.NewPCG(seed, 42))
	// Data comes from a random source cheaply, so that the writers
	// spend their time on the disk.
	src := make([]byte, 2*maxExt)
	for j := range src {
		src[j] = byte(r.Uint32())
	}
	buf := make([]byte, maxExt)
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		n := (1 + r.IntN(maxExt/512)) * 512
		at := r.IntN((len(mine)-n)/512+1) * 512
		s := r.IntN(maxExt)
		copy(buf[:n], src[s:])
		if _, err := d.WriteAt(buf[:n], off+int64(at)); err != nil {
			fail("WriteAt: %v", err)
		}
		copy(mine[at:], buf[:n])
		if i%4 == 0 {
			if _, err := d.ReadAt(buf[:n], off+int64(at)); err != nil {
				fail("ReadAt: %v", err)
			}
			if !bytes.Equal(buf[:n], mine[at:at+n]) {
				fail("read back %d bytes at %d: not what was written", n, off+int64(at))
			}
		}
		if i%16 == 0 {
			if err := d.Flush(); err != nil {
				fail("Flush: %v", err)
			}
		}
		ops.Add(1)
	}
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}
