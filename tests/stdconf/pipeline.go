package main

import (
	"sync"
	"time"
)

// task is one build-then-run unit for one GOOS.
type task interface {
	goos() string
	build() bool // false: nothing to run (the result is already set)
	run()
	notRun(why string) // record that the task was not run
	done() string      // progress line once finished
}

// deadline, when set, is the time after which no more tasks start: the
// remaining ones are recorded as not run.
var deadline time.Time

// pipeline builds tasks jobs at a time and runs the built ones one at a
// time per GOOS (linux on the host and xen in the harness side by side),
// printing a progress line for each finished task.
func pipeline[T task](jobs int, tasks []T) {
	queues := map[string]chan T{}
	for _, t := range tasks {
		if queues[t.goos()] == nil {
			queues[t.goos()] = make(chan T, len(tasks))
		}
	}
	buildq := make(chan T)
	var bwg sync.WaitGroup
	for range jobs {
		bwg.Add(1)
		go func() {
			defer bwg.Done()
			for t := range buildq {
				if t.build() {
					queues[t.goos()] <- t
				} else {
					finished(t, len(tasks))
				}
			}
		}()
	}
	go func() {
		for _, t := range tasks {
			buildq <- t
		}
		close(buildq)
		bwg.Wait()
		for _, q := range queues {
			close(q)
		}
	}()
	var rwg sync.WaitGroup
	for _, q := range queues {
		rwg.Add(1)
		go func() {
			defer rwg.Done()
			for t := range q {
				if !deadline.IsZero() && time.Now().After(deadline) {
					t.notRun("not run: the run's -deadline had passed")
				} else {
					t.run()
				}
				finished(t, len(tasks))
			}
		}()
	}
	rwg.Wait()
	doneCount = 0
}

var (
	doneMu    sync.Mutex
	doneCount int
)

func finished(t task, total int) {
	doneMu.Lock()
	defer doneMu.Unlock()
	doneCount++
	progress("[%d/%d] %s", doneCount, total, t.done())
}
