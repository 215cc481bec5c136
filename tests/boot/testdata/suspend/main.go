// suspend runs through the toolstack's suspends (xl save and restore,
// xl save -c) with goroutines, timers and an open file: it reports each
// gap it notices (the wall clock jumps ahead of the monotonic one, which
// stops while the domain is away) and, at SIGTERM (xl shutdown), whether
// everything held: a ticker that kept ticking, a timer that fired once
// after its full time of running, the file's contents, and monotonic
// time that never went back.
package main

import (
	"bytes"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	name, err := os.Hostname()
	if err != nil {
		fmt.Println("FAIL hostname:", err)
		os.Exit(1)
	}
	f, err := os.CreateTemp("", "suspend")
	if err != nil {
		fmt.Println("FAIL create:", err)
		os.Exit(1)
	}
	want := bytes.Repeat([]byte("go-xen "), 1000)
	if _, err := f.Write(want); err != nil {
		fmt.Println("FAIL write:", err)
		os.Exit(1)
	}

	var ticks, busy atomic.Int64
	stop := make(chan struct{})
	go func() { // a ticker
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				ticks.Add(1)
			case <-stop:
				return
			}
		}
	}()
	for range 2 { // busy goroutines, on every vCPU
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
					busy.Add(1)
				}
			}
		}()
	}
	timerStart := time.Now()
	timer := time.NewTimer(3 * time.Second)
	var timerFired time.Duration
	var timerCount int

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	fmt.Println("READY suspend", name)

	gaps, backwards := 0, 0
	last := time.Now()
	check := time.NewTicker(50 * time.Millisecond)
	for done := false; !done; {
		select {
		case <-check.C:
			now := time.Now()
			mono := now.Sub(last)                   // monotonic
			wall := now.Round(0).Sub(last.Round(0)) // wall clock
			if mono < 0 {
				backwards++
			}
			if wall-mono > 500*time.Millisecond {
				gaps++
				fmt.Printf("RESUMED %d gap %.1fs ticks %d\n", gaps, (wall - mono).Seconds(), ticks.Load())
			}
			last = now
		case <-timer.C:
			timerCount++
			timerFired = time.Since(timerStart)
		case <-sig:
			done = true
		}
	}
	close(stop)
	before := ticks.Load()
	time.Sleep(100 * time.Millisecond)
	got := make([]byte, len(want)+1)
	n, err := f.ReadAt(got, 0)
	fmt.Printf("gaps %d backwards %d ticks %d busy>0 %v timer %d after %.1fs file %v (%d bytes, %v)\n",
		gaps, backwards, before, busy.Load() > 0, timerCount, timerFired.Seconds(),
		bytes.Equal(got[:n], want), n, err)
	os.Remove(f.Name())
}
