// hello is the demo program: an ordinary Go program, unmodified, that
// runs as a Xen guest when built with GOOS=xen.
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

func main() {
	start := time.Now()
	fmt.Printf("Hello from Go %s on %s/%s!\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Println("args:", os.Args[1:])
	done := make(chan int)
	for i := 0; i < 4; i++ {
		go func(i int) {
			time.Sleep(time.Duration(10*(i+1)) * time.Millisecond)
			done <- i
		}(i)
	}
	for i := 0; i < 4; i++ {
		fmt.Println("goroutine", <-done, "woke up")
	}
	fmt.Printf("uptime in main: %v\n", time.Since(start).Round(time.Millisecond))
}
