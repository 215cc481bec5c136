// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime_test

import (
	"runtime"
	"sync"
	"testing"
)

// TestXenNanotimeAcrossVCPUs: a time read on one vCPU and handed to a
// goroutine on another is never later than that goroutine's own
// reading, whether the vCPUs share vCPU 0's pvclock or each reads its
// own (then the runtime keeps the times monotonic).
func TestXenNanotimeAcrossVCPUs(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("one vCPU")
	}
	t.Logf("%d vCPUs; vCPU 0's pvclock serves all: %v", runtime.NumCPU(), runtime.XenClockShared())
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	const rounds = 20000
	ping, pong := make(chan int64), make(chan int64)
	var wg sync.WaitGroup
	wg.Add(1)
	badThere, badHere := 0, 0
	go func() {
		defer wg.Done()
		for sent := range ping {
			if runtime.Nanotime() < sent {
				badThere++
			}
			pong <- runtime.Nanotime()
		}
	}()
	for range rounds {
		ping <- runtime.Nanotime()
		if sent := <-pong; runtime.Nanotime() < sent {
			badHere++
		}
	}
	close(ping)
	wg.Wait()
	if bad := badThere + badHere; bad != 0 {
		t.Errorf("%d of %d times went back between goroutines", bad, 2*rounds)
	}
}
