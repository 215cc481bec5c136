// timers checks that sleeps, tickers and timers fire on time, also while
// another goroutine spins, and that the clocks are sane.
package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"time"
)

// How late a timer may fire. The host is QEMU software emulation, whose
// vCPUs a loaded host deschedules for tens of milliseconds, so single
// timers get a generous bound and the median a tight one. What this rules
// out is timers waiting for a spinning goroutine to yield by itself, or
// firing early.
const (
	tolerance       = 200 * time.Millisecond
	medianTolerance = 20 * time.Millisecond
)

var failed bool

func check(name string, late, limit time.Duration) {
	status := "ok"
	if late < 0 || late > limit {
		status = "FAIL"
		failed = true
	}
	fmt.Printf("%s: late by %v (limit %v): %s\n", name, late.Round(10*time.Microsecond), limit, status)
}

func sleeps(name string) {
	var lates []time.Duration
	for i := 0; i < 11; i++ {
		d := time.Duration(i+1) * 7 * time.Millisecond
		t0 := time.Now()
		time.Sleep(d)
		lates = append(lates, time.Since(t0)-d)
	}
	slices.Sort(lates)
	check(name+" (median of 11)", lates[len(lates)/2], medianTolerance)
	check(name+" (worst of 11)", lates[len(lates)-1], tolerance)
	if lates[0] < 0 {
		check(name+" (earliest)", lates[0], tolerance)
	}
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

	// start is read before the ticker exists: its ticks are due at 10 ms
	// steps from NewTicker, and a vCPU descheduled between the two calls
	// would otherwise make twenty ticks look early.
	start := time.Now()
	tk := time.NewTicker(10 * time.Millisecond)
	for i := 0; i < 20; i++ {
		<-tk.C
	}
	tk.Stop()
	check("ticker 20x10ms", time.Since(start)-200*time.Millisecond, tolerance)

	fired := make(chan time.Time, 1)
	tm0 := time.Now()
	time.AfterFunc(25*time.Millisecond, func() { fired <- time.Now() })
	check("afterfunc", (<-fired).Sub(tm0)-25*time.Millisecond, tolerance)

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
