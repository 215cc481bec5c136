// gcheavy allocates binary trees (a long-lived one and many short-lived ones) so that the
// garbage collector runs often; it prints its running time and the number of collections.
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
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

func main() {
	start := time.Now()
	long := tree(16) // 128 Ki nodes, 2 MB that stay live
	total := 0
	for i := 0; i < 40; i++ {
		total += tree(14).count() // 32 Ki nodes of garbage each time
	}
	total += long.count()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if total != 40*(1<<15-1)+(1<<17-1) {
		fmt.Println("gcheavy: wrong count", total)
		os.Exit(1)
	}
	fmt.Printf("gcheavy ok elapsed_ms=%d num_gc=%d\n", time.Since(start).Milliseconds(), ms.NumGC)
}
