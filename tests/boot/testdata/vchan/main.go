// vchan offers a vchan to dom0 and, once dom0's vchan-socket-proxy (a
// libxenvchan client) has connected, moves a stream each way at once:
// it sends a generated stream and checksums what it receives; the test
// compares the checksums with dom0's. It then closes while dom0 still
// maps the rings, and waits until the grants end.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"sync"
	"time"

	"xen/gnttab"
	"xen/vchan"
	"xen/xenstore"
)

func main() {
	size := 64 << 20
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil {
			fail("size %q: %v", os.Args[1], err)
		}
		size = n
	}
	xs, err := xenstore.Open()
	if err != nil {
		fail("xenstore: %v", err)
	}
	domid, err := xs.Read("domid")
	if err != nil {
		fail("domid: %v", err)
	}
	c, err := vchan.Listen(0, "data/vchan", 1<<20, 1<<20)
	if err != nil {
		fail("Listen: %v", err)
	}
	inUse, _, _ := gnttab.Stats()
	fmt.Printf("grants for the vchan: %d\n", inUse)
	fmt.Printf("READY vchan %s /local/domain/%s/data/vchan %d\n", domid, domid, size)
	c.SetReadDeadline(time.Now().Add(120 * time.Second))
	if err := c.Accept(); err != nil {
		fail("Accept: %v", err)
	}
	c.SetReadDeadline(time.Time{})
	start := time.Now()
	var wg sync.WaitGroup
	var sent, got [32]byte
	var nread int64
	var readDur, writeDur time.Duration
	wg.Add(2)
	go func() {
		defer wg.Done()
		h := sha256.New()
		r := rand.New(rand.NewPCG(1, 2))
		buf := make([]byte, 64<<10)
		for left := size; left > 0; {
			n := min(left, len(buf))
			for i := 0; i < n; i += 8 {
				v := r.Uint64()
				for j := 0; j < 8 && i+j < n; j++ {
					buf[i+j] = byte(v >> (8 * j))
				}
			}
			h.Write(buf[:n])
			if _, err := c.Write(buf[:n]); err != nil {
				fail("Write: %v", err)
			}
			left -= n
			if (size-left)%(8<<20) == 0 {
				ev, no, sl := c.Stats()
				fmt.Printf("progress: sent %d MiB at %v (events %d/%d, sleeps %d)\n", (size-left)>>20, time.Since(start).Round(time.Millisecond), ev, no, sl)
			}
		}
		writeDur = time.Since(start)
		copy(sent[:], h.Sum(nil))
	}()
	go func() {
		defer wg.Done()
		h := sha256.New()
		n, err := io.CopyN(h, c, int64(size))
		if err != nil {
			fail("Read after %d bytes: %v", n, err)
		}
		nread = n
		readDur = time.Since(start)
		copy(got[:], h.Sum(nil))
	}()
	wg.Wait()
	mib := float64(size) / (1 << 20)
	fmt.Printf("sent %d bytes sha256=%x in %v (%.1f MiB/s)\n", size, sent, writeDur.Round(time.Millisecond), mib/writeDur.Seconds())
	fmt.Printf("received %d bytes sha256=%x in %v (%.1f MiB/s)\n", nread, got, readDur.Round(time.Millisecond), mib/readDur.Seconds())
	ev, no, sl := c.Stats()
	fmt.Printf("events received %d, sent %d, sleeps %d\n", ev, no, sl)
	if err := c.Close(); err != nil {
		fail("Close: %v", err)
	}
	_, pending, _ := gnttab.Stats()
	fmt.Printf("grants still mapped by dom0 at close: %d\n", pending)
	deadline := time.Now().Add(60 * time.Second)
	for {
		inUse, pending, _ := gnttab.Stats()
		if inUse == 0 && pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			fail("grants not ended 60s after close: %d in use, %d pending", inUse, pending)
		}
		time.Sleep(20 * time.Millisecond)
	}
	fmt.Println("all grants ended")
	if _, err := xs.Read("data/vchan/ring-ref"); err == nil {
		fail("xenstore nodes left after close")
	}
	fmt.Println("vchan ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}
