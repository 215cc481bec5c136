// timers checks that sleeps, tickers and timers fire on time, also while
// another goroutine spins, and that the clocks are sane.
package main

import (
	"fmt"
	"os"
	"runtime"
	"time"
)

// tolerance is how late a timer may fire. The host is QEMU software
// emulation, so it is generous; what it rules out is a timer waiting for
// a 10 ms tick or for a spinning goroutine to yield on its own.
const tolerance = 30 * time.Millisecond

var failed bool

func check(name string, late time.Duration) {
	status := "ok"
	if late < 0 || late > tolerance {
		status = "FAIL"
		failed = true
	}
	fmt.Printf("%s: late by %v: %s\n", name, late.Round(10*time.Microsecond), status)
}

func sleeps(name string) {
	var worst time.Duration
	for i := 0; i < 10; i++ {
		d := time.Duration(i+1) * 7 * time.Millisecond
		t0 := time.Now()
		time.Sleep(d)
		if late := time.Since(t0) - d; late > worst || late < 0 {
			worst = late
		}
	}
	check(name, worst)
}

//go:noinline
func spin(stop *bool, n *uint64) {
	for !*stop {
		*n++
	}
}

func main() {
	if y := time.Now().Year(); y < 2025 {
		fmt.Println("wall clock year", y, "FAIL")
		failed = true
	}
	t0 := time.Now()
	n0 := time.Now().UnixNano()
	time.Sleep(20 * time.Millisecond)
	mono, wall := time.Since(t0), time.Duration(time.Now().UnixNano()-n0)
	if d := mono - wall; d > 5*time.Millisecond || d < -5*time.Millisecond {
		fmt.Println("monotonic and wall clocks disagree:", mono, wall, "FAIL")
		failed = true
	}

	sleeps("sleep")

	tk := time.NewTicker(10 * time.Millisecond)
	start := time.Now()
	for i := 0; i < 20; i++ {
		<-tk.C
	}
	tk.Stop()
	check("ticker 20x10ms", time.Since(start)-200*time.Millisecond)

	fired := make(chan time.Time, 1)
	tm0 := time.Now()
	time.AfterFunc(25*time.Millisecond, func() { fired <- time.Now() })
	check("afterfunc", (<-fired).Sub(tm0)-25*time.Millisecond)

	// The same while a goroutine spins: preemption must let timers run.
	var stop bool
	var n uint64
	go spin(&stop, &n)
	runtime.Gosched()
	sleeps("sleep while spinning")
	stop = true

	if failed {
		os.Exit(1)
	}
	fmt.Println("timers ok")
}
