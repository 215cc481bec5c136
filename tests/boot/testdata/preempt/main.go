// preempt checks that a goroutine in a tight loop does not starve the
// others (asynchronous preemption).
package main

import "runtime"

//go:noinline
func spin(p *uint64) {
	for {
		*p++
	}
}

var counter uint64

func main() {
	go spin(&counter)
	for i := 0; i < 5; i++ {
		runtime.Gosched()
	}
	println("main was not starved; spinner ran:", counter > 0)
}
