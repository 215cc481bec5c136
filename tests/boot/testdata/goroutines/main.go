// goroutines exercises goroutines, channels, select, the GC and
// finalizers.
package main

import (
	"runtime"
	"sync"
)

type obj struct{ b [1024]byte }

func main() {
	var wg sync.WaitGroup
	results := make(chan int, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results <- i * i
		}(i)
	}
	wg.Wait()
	close(results)
	sum := 0
	for r := range results {
		sum += r
	}
	println("sum", sum)

	a, b := make(chan int), make(chan int)
	quit := make(chan struct{})
	go func() {
		for i := 0; i < 10; i++ {
			if i%2 == 0 {
				a <- i
			} else {
				b <- i
			}
		}
		close(quit)
	}()
	na, nb := 0, 0
loop:
	for {
		select {
		case <-a:
			na++
		case <-b:
			nb++
		case <-quit:
			break loop
		}
	}
	println("select", na, nb)

	finalized := make(chan bool, 1)
	func() {
		o := new(obj)
		runtime.SetFinalizer(o, func(*obj) { finalized <- true })
	}()
	for i := 0; i < 10; i++ {
		runtime.GC()
		select {
		case <-finalized:
			println("finalizer ran")
			i = 10
		default:
			runtime.Gosched()
		}
	}
	var garbage [][]byte
	for i := 0; i < 2000; i++ {
		garbage = append(garbage, make([]byte, 64<<10))
		if len(garbage) > 64 {
			garbage = garbage[1:]
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	println("gc ran:", ms.NumGC > 2)
}
