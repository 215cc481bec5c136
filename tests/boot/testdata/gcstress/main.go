// gcstress runs allocating goroutines that check their own data while
// the GC runs and goroutines are preempted asynchronously, so that a lost
// register, a bad stack scan or a corrupt heap shows up as a mismatch.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

type node struct {
	next *node
	val  int
	pad  []byte
}

func worker(id int, deadline time.Time, errs chan<- string, wg *sync.WaitGroup) {
	defer wg.Done()
	for round := 0; time.Now().Before(deadline); round++ {
		var head *node
		m := make(map[string]int)
		sum := 0
		for i := 0; i < 2000; i++ {
			head = &node{next: head, val: i * id, pad: make([]byte, i%64)}
			m[strconv.Itoa(i)] = i
			sum += i * id
		}
		got := 0
		for n := head; n != nil; n = n.next {
			got += n.val
		}
		if got != sum {
			errs <- fmt.Sprintf("worker %d round %d: list sum %d, want %d", id, round, got, sum)
			return
		}
		for i := 0; i < 2000; i++ {
			if m[strconv.Itoa(i)] != i {
				errs <- fmt.Sprintf("worker %d round %d: map[%d] wrong", id, round, i)
				return
			}
		}
		// Floating point and vector registers must survive preemption.
		f := 0.0
		for i := 1; i <= 1000; i++ {
			f += 1.0 / float64(i)
		}
		if f < 7.485 || f > 7.486 {
			errs <- fmt.Sprintf("worker %d: harmonic sum %v", id, f)
			return
		}
	}
}

func main() {
	deadline := time.Now().Add(3 * time.Second)
	errs := make(chan string, 16)
	var wg sync.WaitGroup
	stop := false
	go func() { // a spinner, so that preemption is constant
		for x := 0; !stop; x++ {
		}
	}()
	for i := 1; i <= 6; i++ {
		wg.Add(1)
		go worker(i, deadline, errs, &wg)
	}
	wg.Wait()
	stop = true
	close(errs)
	bad := false
	for e := range errs {
		fmt.Println("FAIL:", e)
		bad = true
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("gc cycles: %d\n", ms.NumGC)
	if bad {
		os.Exit(1)
	}
	fmt.Println("gcstress ok")
}
