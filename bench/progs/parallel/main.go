// parallel is the SMP benchmark: a fixed amount of work split evenly over N goroutines, N =
// GOMAXPROCS (the domain's vCPUs), in two phases: a pure-CPU one (integer mixing, no
// allocation) and an allocation-heavy one (short-lived binary trees beside a long-lived one,
// so the collector runs often and has something to mark). With twice the vCPUs the same work
// should take half the time. It prints the time of each phase and of the whole run.
package main

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

const (
	items     = 32      // work items of each phase, split evenly over the goroutines
	mixRounds = 1 << 24 // iterations of the mixing loop per CPU item
	treeDepth = 14      // depth of each short-lived tree (32 Ki nodes)
	treesItem = 2       // short-lived trees per allocation item

	cpuWant = 16907854946034536980 // the sum of mix(1..items), as linux/amd64 computes it
)

type node struct{ left, right *node }

func tree(depth int) *node {
	if depth == 0 {
		return &node{}
	}
	return &node{tree(depth - 1), tree(depth - 1)}
}

func (n *node) count() int {
	if n.left == nil {
		return 1
	}
	return 1 + n.left.count() + n.right.count()
}

// mix is the CPU item: a xorshift generator folded into a checksum, in registers only.
func mix(seed uint64) uint64 {
	x, sum := seed|1, uint64(0)
	for i := 0; i < mixRounds; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		sum += x * 0x9e3779b97f4a7c15
	}
	return sum
}

// phase runs work(i) for items 0..items-1, goroutine g taking items g, g+n, g+2n, ..., and
// returns the sum of the results and the time taken.
func phase(n int, work func(i int) uint64) (uint64, time.Duration) {
	start := time.Now()
	sums := make([]uint64, n)
	var wg sync.WaitGroup
	for g := 0; g < n; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var s uint64
			for i := g; i < items; i += n {
				s += work(i)
			}
			sums[g] = s
		}()
	}
	wg.Wait()
	var total uint64
	for _, s := range sums {
		total += s
	}
	return total, time.Since(start)
}

func main() {
	n := runtime.GOMAXPROCS(0)
	if items%n != 0 {
		fmt.Printf("parallel: %d items do not split evenly over GOMAXPROCS=%d\n", items, n)
		os.Exit(1)
	}
	long := tree(16) // 128 Ki nodes that stay live through the allocation phase
	start := time.Now()
	cpuSum, cpuTime := phase(n, func(i int) uint64 { return mix(uint64(i) + 1) })
	var gc0 runtime.MemStats
	runtime.ReadMemStats(&gc0)
	nodes, gcTime := phase(n, func(int) uint64 {
		c := 0
		for j := 0; j < treesItem; j++ {
			c += tree(treeDepth).count()
		}
		return uint64(c)
	})
	el := time.Since(start)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if cpuSum != cpuWant || nodes != items*treesItem*(1<<(treeDepth+1)-1) || long.count() != 1<<17-1 {
		fmt.Println("parallel: wrong result", cpuSum, nodes)
		os.Exit(1)
	}
	fmt.Printf("parallel ok procs=%d ncpu=%d elapsed_ms=%d cpu_ms=%d gc_ms=%d num_gc=%d\n", n, runtime.NumCPU(),
		el.Milliseconds(), cpuTime.Milliseconds(), gcTime.Milliseconds(), ms.NumGC-gc0.NumGC)
}
