// Ssespin keeps the vCPU's SSE registers busy (memory copies and float
// arithmetic) for the number of seconds given as its argument, so that a
// test can check that dom0's registers stay its own meanwhile.
package main

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

func main() {
	secs := 25
	if len(os.Args) > 1 {
		n, err := strconv.Atoi(os.Args[1])
		if err != nil || n <= 0 {
			fmt.Println("FAIL: usage: ssespin SECONDS")
			os.Exit(2)
		}
		secs = n
	}
	a, b := make([]byte, 64<<10), make([]byte, 64<<10)
	for i := range a {
		a[i] = byte(i * 7)
	}
	f, rounds := 1.0, 0
	fmt.Println("READY ssespin")
	for end := time.Now().Add(time.Duration(secs) * time.Second); time.Now().Before(end); rounds++ {
		copy(b, a)
		copy(a, b)
		f = f*1.0000001 + 0.5
	}
	if i := 12345; a[i] != byte(i*7) {
		fmt.Println("FAIL: the copies changed the data")
		os.Exit(1)
	}
	fmt.Printf("ssespin: %d rounds of 128 KiB copies in %d s (f=%.3g)\n", rounds, secs, f)
}
