// balloon keeps a garbage collector busy while dom0 moves its memory
// target (xl mem-set) down and up: a live set of 16 MiB, checked
// throughout, and a stream of garbage. When dom0 writes "grow" to
// data/balloon-phase it adds 64 MiB of live data, which fits only if
// the RAM it handed back came back. At SIGTERM (xl shutdown) it checks
// every live byte and reports. Every 2 s it reports what the domain holds
// (xen/control.ReadMemory) and the soft memory limit.
package main

import (
	"fmt"
	"hash/crc32"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"xen/control"
	"xen/xenstore"
)

const chunk = 1 << 20

// live is data that must survive: chunks of a pattern and their sums.
type live struct {
	chunks [][]byte
	sums   []uint32
}

func (l *live) add(mib int, seed byte) {
	for i := range mib {
		b := make([]byte, chunk)
		for j := range b {
			b[j] = seed + byte(i) + byte(j>>9)
		}
		l.chunks = append(l.chunks, b)
		l.sums = append(l.sums, crc32.ChecksumIEEE(b))
	}
}

func (l *live) check() error {
	for i, b := range l.chunks {
		if crc32.ChecksumIEEE(b) != l.sums[i] {
			return fmt.Errorf("live chunk %d changed", i)
		}
	}
	return nil
}

// churn makes garbage of many sizes, some pointer-rich.
func churn(n int) int {
	type node struct {
		next *node
		pad  [48]byte
	}
	var head *node
	for i := range 2000 {
		head = &node{next: head}
		head.pad[0] = byte(i)
	}
	buf := make([]byte, 4096+n%(256<<10))
	buf[len(buf)-1] = 1
	return len(buf)
}

func main() {
	name, err := os.Hostname()
	if err != nil {
		fmt.Println("FAIL hostname:", err)
		os.Exit(1)
	}
	term := make(chan os.Signal, 1)
	signal.Notify(term, syscall.SIGTERM) // starts xen/control, which follows memory/target
	xs, err := xenstore.Open()
	if err != nil {
		fmt.Println("FAIL xenstore:", err)
		os.Exit(1)
	}
	w, err := xs.Watch("data/balloon-phase", "")
	if err != nil {
		fmt.Println("FAIL watch:", err)
		os.Exit(1)
	}

	var l live
	l.add(16, 1)
	fmt.Println("READY balloon", name)
	tick := time.NewTicker(2 * time.Second)
	grown := false
	n, bytes := 0, 0
	for {
		select {
		case <-term:
			if err := l.check(); err != nil {
				fmt.Println("FAIL", err)
				os.Exit(1)
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fmt.Printf("verified %d MiB live, %d MiB of garbage, %d GCs\n", len(l.chunks), bytes>>20, ms.NumGC)
			os.Exit(0)
		case <-w.C:
			v, err := xs.Read("data/balloon-phase")
			if err == nil && string(v) == "grow" && !grown {
				grown = true
				l.add(64, 2)
				fmt.Println("GREW", len(l.chunks), "MiB live")
			}
		case <-tick.C:
			if err := l.check(); err != nil {
				fmt.Println("FAIL", err)
				os.Exit(1)
			}
			m := control.ReadMemory()
			fmt.Printf("alive %d churns, holds %d of %d MiB, target %d MiB, limit %d MiB\n",
				n, m.Held>>20, m.RAM>>20, m.Target>>20, debug.SetMemoryLimit(-1)>>20)
		default:
			bytes += churn(n)
			n++
		}
	}
}
