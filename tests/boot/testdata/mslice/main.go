// Mslice runs with more Ps than the domain's one vCPU: goroutines that
// busy-wait on each other, never blocking, still make progress, because
// the runtime time-slices its Ms as a kernel does its threads.
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"time"
)

func main() {
	runtime.GOMAXPROCS(4)
	start := time.Now()
	const rounds = 100
	var turn atomic.Int32
	done := make(chan bool)
	for id := int32(0); id < 2; id++ {
		go func() {
			for i := 0; i < rounds; i++ {
				for turn.Load() != id {
					// Busy-wait: no call that could block or yield.
				}
				turn.Store(1 - id)
			}
			done <- true
		}()
	}
	<-done
	<-done
	fmt.Printf("ping-pong: %d rounds between busy-waiting goroutines in %v\n", rounds, time.Since(start).Round(time.Millisecond))

	// As time's TestSleepZeroDeadlock: collections while another goroutine sleeps.
	gcDone := make(chan bool)
	go func() {
		for i := 0; i < 20; i++ {
			runtime.GC()
		}
		gcDone <- true
	}()
	for i := 0; i < 100; i++ {
		time.Sleep(0)
		c := make(chan bool, 1)
		c <- true
		<-c
	}
	<-gcDone

	// As runtime's TestPreemptionGC: a collection stops goroutines that
	// spin on three other Ps. Its stop-the-world waits in timed sleeps,
	// which must end although the spinning Ms never leave the vCPU idle.
	var stop atomic.Bool
	for i := 0; i < 3; i++ {
		go func() {
			for !stop.Load() {
				spin()
			}
		}()
	}
	start = time.Now()
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	stop.Store(true)
	fmt.Printf("3 collections beside 3 spinning goroutines in %v\n", time.Since(start).Round(time.Millisecond))
	fmt.Println("mslice ok")
}

// spin is a call without a preemption check (a small leaf), as in
// TestPreemptionGC: only asynchronous preemption stops its caller.
//
//go:noinline
func spin() {}
