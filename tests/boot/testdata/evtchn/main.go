// evtchn connects two event-channel ports of this domain to each other
// and bounces events between two goroutines: each side sleeps in
// evtchn.Wait until the upcall reports its port, nothing polls.
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"xen/evtchn"
	"xen/hypercall"
)

// rounds is the ping-pong's length: with several vCPUs, enough for two
// upcalls to record one event twice, were they able to (that showed
// within 700 to 12000 round trips).
var rounds = 2000

func init() {
	if runtime.NumCPU() > 1 {
		rounds = 20000
	}
}

func main() {
	a, err := evtchn.AllocUnbound(hypercall.DomIDSelf)
	if err != nil {
		fail("AllocUnbound: %v", err)
	}
	b, err := evtchn.BindInterdomain(hypercall.DomIDSelf, a)
	if err != nil {
		fail("BindInterdomain: %v", err)
	}
	evtchn.Wait(b) // see pair
	if _, err := evtchn.BindInterdomain(hypercall.DomIDSelf, 4000); err == nil {
		fail("binding a port nobody allocated succeeded")
	} else {
		fmt.Println("bad bind:", err)
	}

	n, el := pingPong(a, b)
	fmt.Printf("round trips: %d in %v (%v each)\n", n, el.Round(time.Millisecond), (el / time.Duration(rounds)).Round(time.Microsecond))

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
	closeAndReuse()
	busyWakeups()
	otherVCPU()
	fmt.Println("evtchn ok")
}

// pingPong bounces rounds events between a goroutine waiting on b and
// this one waiting on a, and checks that every wakeup answers an event
// sent: a spurious one would desynchronise the two sides, and one of
// them would wait for ever.
func pingPong(a, b evtchn.Port) (int, time.Duration) {
	var inFlight atomic.Int64 // odd: an event travels to b; even: to a
	done := make(chan int)
	go func() { // the far side: answer every event on b with one on b
		for i := 0; i < rounds; i++ {
			evtchn.Wait(b)
			if s := inFlight.Load(); s%2 != 1 {
				fail("spurious wakeup on port b after %d round trips", i)
			}
			inFlight.Add(1)
			if err := evtchn.Notify(b); err != nil {
				fail("Notify(b): %v", err)
			}
		}
		done <- rounds
	}()
	start := time.Now()
	for i := 0; i < rounds; i++ {
		inFlight.Add(1)
		if err := evtchn.Notify(a); err != nil {
			fail("Notify(a): %v", err)
		}
		evtchn.Wait(a)
		if s := inFlight.Load(); s%2 != 0 {
			fail("spurious wakeup on port a after %d round trips", i)
		}
	}
	return <-done, time.Since(start)
}

// pair binds two ports of this domain to each other. Xen marks the
// binding end pending when it binds; that event is taken here, or a
// ping-pong would start with one event too many, and two events that
// reach a port before its waiter looks are one.
func pair() (a, b evtchn.Port) {
	a, err := evtchn.AllocUnbound(hypercall.DomIDSelf)
	if err != nil {
		fail("AllocUnbound: %v", err)
	}
	if b, err = evtchn.BindInterdomain(hypercall.DomIDSelf, a); err != nil {
		fail("BindInterdomain: %v", err)
	}
	evtchn.Wait(b)
	return a, b
}

func closePair(a, b evtchn.Port) {
	if err := errors.Join(evtchn.Close(a), evtchn.Close(b)); err != nil {
		fail("Close: %v", err)
	}
}

// waitOn starts a goroutine waiting on p; the channel closes when its
// Wait returns.
func waitOn(p evtchn.Port) <-chan struct{} {
	done := make(chan struct{})
	go func() { evtchn.Wait(p); close(done) }()
	return done
}

func within(c <-chan struct{}, d time.Duration) bool {
	select {
	case <-c:
		return true
	case <-time.After(d):
		return false
	}
}

// closeAndReuse: an event nobody waited for dies with its port, Close
// wakes a goroutine waiting on the port, and the next binding that gets
// the port's number (Xen hands out the lowest free one) has neither the
// old event nor the old waiter. (The checks wait on the allocated end:
// Xen marks the binding end pending when it binds.)
func closeAndReuse() {
	a, b := pair()
	if err := evtchn.Notify(b); err != nil { // a fires, nobody waits
		fail("Notify: %v", err)
	}
	time.Sleep(20 * time.Millisecond) // the upcall records it
	closePair(a, b)
	a2, b2 := pair()
	fmt.Println("port reused after close:", a2 == a)
	w2 := waitOn(a2)
	if within(w2, 100*time.Millisecond) {
		fail("a closed port's event woke the next user of its number")
	}
	closePair(a2, b2)
	if !within(w2, 2*time.Second) {
		fail("a goroutine waiting on a closed port was not woken")
	}
	fmt.Println("close woke the waiter")
	a3, b3 := pair()
	w3 := waitOn(a3)
	if within(w3, 100*time.Millisecond) {
		fail("a new port's Wait returned with no event")
	}
	if err := evtchn.Notify(b3); err != nil {
		fail("Notify: %v", err)
	}
	if !within(w3, 2*time.Second) {
		fail("an event on a reused port was lost")
	}
	closePair(a3, b3)
	fmt.Println("no stale waiter or event after close")
}

// busyMax bounds busyWakeups' latency: two ticks, unless the first
// argument, busy-max=DURATION, says otherwise (an emulator that runs the
// vCPUs in turns, e.g. every 100 ms, makes any bound below that
// meaningless).
var busyMax = 20 * time.Millisecond

func init() {
	if len(os.Args) > 1 {
		if v, ok := strings.CutPrefix(os.Args[1], "busy-max="); ok {
			d, err := time.ParseDuration(v)
			if err != nil {
				fail("bad argument %q: %v", os.Args[1], err)
			}
			busyMax = d
		}
	}
}

// busyWakeups: while goroutines keep the vCPU busy, an event still
// reaches its waiting goroutine promptly (once only an idle vCPU
// handed port events to waiters).
func busyWakeups() {
	a, b := pair()
	var stop atomic.Bool
	for range 2 {
		go func() {
			for !stop.Load() {
			}
		}()
	}
	const rounds = 20
	lat := make([]time.Duration, 0, rounds)
	for range rounds {
		woke := make(chan time.Time)
		go func() { evtchn.Wait(a); woke <- time.Now() }()
		time.Sleep(30 * time.Millisecond) // parked, and the spinners run
		sent := time.Now()
		if err := evtchn.Notify(b); err != nil {
			fail("Notify: %v", err)
		}
		select {
		case at := <-woke:
			lat = append(lat, at.Sub(sent))
		case <-time.After(5 * time.Second):
			fail("an event did not reach its waiter in 5 s beside busy goroutines")
		}
	}
	stop.Store(true)
	slices.Sort(lat)
	if lat[rounds-1] > busyMax { // was 80 ms at the median
		fail("an event took %v to reach its waiter beside busy goroutines", lat[rounds-1])
	}
	fmt.Printf("busy wakeups: %d, median %v, max %v\n", rounds, lat[rounds/2].Round(time.Microsecond), lat[rounds-1].Round(time.Microsecond))
	closePair(a, b)
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

// otherVCPU moves a pair's ports to the last vCPU, where their events
// must still wake the waiters; a vCPU the domain lacks is refused.
func otherVCPU() {
	a, b := pair()
	defer closePair(a, b)
	if err := evtchn.BindVCPU(a, 1000); err == nil {
		fail("BindVCPU to vCPU 1000 succeeded")
	}
	vcpu := uint32(runtime.NumCPU() - 1)
	for _, p := range []evtchn.Port{a, b} {
		if err := evtchn.BindVCPU(p, vcpu); err != nil {
			fail("BindVCPU(%d, %d): %v", p, vcpu, err)
		}
	}
	go func() {
		for range 200 {
			evtchn.Wait(b)
			evtchn.Notify(b)
		}
	}()
	for range 200 {
		evtchn.Notify(a)
		evtchn.Wait(a)
	}
	fmt.Printf("200 round trips on vCPU %d of %d\n", vcpu, runtime.NumCPU())
}
