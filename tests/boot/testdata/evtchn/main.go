// evtchn connects two event-channel ports of this domain to each other
// and bounces events between two goroutines: each side sleeps in
// evtchn.Wait until the upcall reports its port, nothing polls.
package main

import (
	"fmt"
	"os"
	"time"

	"xen/evtchn"
	"xen/hypercall"
)

const rounds = 2000

func main() {
	a, err := evtchn.AllocUnbound(hypercall.DomIDSelf)
	if err != nil {
		fail("AllocUnbound: %v", err)
	}
	b, err := evtchn.BindInterdomain(hypercall.DomIDSelf, a)
	if err != nil {
		fail("BindInterdomain: %v", err)
	}
	if _, err := evtchn.BindInterdomain(hypercall.DomIDSelf, 4000); err == nil {
		fail("binding a port nobody allocated succeeded")
	} else {
		fmt.Println("bad bind:", err)
	}

	done := make(chan int)
	go func() { // the far side: answer every event on b with one on b
		for i := 0; i < rounds; i++ {
			evtchn.Wait(b)
			if err := evtchn.Notify(b); err != nil {
				fail("Notify(b): %v", err)
			}
		}
		done <- rounds
	}()
	start := time.Now()
	for i := 0; i < rounds; i++ {
		if err := evtchn.Notify(a); err != nil {
			fail("Notify(a): %v", err)
		}
		evtchn.Wait(a)
	}
	n := <-done
	el := time.Since(start)
	fmt.Printf("round trips: %d in %v (%v each)\n", n, el.Round(time.Millisecond), (el / rounds).Round(time.Microsecond))

	// A waiter sleeps: a timer goroutine notifies after 50 ms, and the
	// wait must not end before.
	go func() { time.Sleep(50 * time.Millisecond); evtchn.Notify(b) }()
	t := time.Now()
	evtchn.Wait(a)
	fmt.Println("woken after 50ms sleep:", time.Since(t) >= 50*time.Millisecond)
	// A masked port holds its event back until it is unmasked.
	evtchn.Mask(a)
	evtchn.Notify(b)
	woke := make(chan struct{})
	go func() { evtchn.Wait(a); close(woke) }()
	select {
	case <-woke:
		fail("woken through a masked port")
	case <-time.After(100 * time.Millisecond):
	}
	if err := evtchn.Unmask(a); err != nil {
		fail("Unmask: %v", err)
	}
	select {
	case <-woke:
		fmt.Println("masked event delivered on unmask")
	case <-time.After(5 * time.Second):
		fail("event lost across mask and unmask")
	}
	if err := evtchn.Close(b); err != nil {
		fail("Close: %v", err)
	}
	fmt.Println("evtchn ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}
