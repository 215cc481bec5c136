// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime_test

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

// TestXenDefaultMemoryLimit: with GOMEMLIMIT unset the soft memory limit
// is the domain's, and debug.SetMemoryLimit and runtime/metrics say so.
func TestXenDefaultMemoryLimit(t *testing.T) {
	if os.Getenv("GOMEMLIMIT") != "" {
		t.Skip("GOMEMLIMIT is set")
	}
	avail := int64(runtime.XenMemAvail())
	want := runtime.XenDefaultMemoryLimit()
	if want >= avail || want < avail/2 {
		t.Fatalf("default limit %d for %d bytes of RAM after the image", want, avail)
	}
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Errorf("debug.SetMemoryLimit(-1) = %d, want %d", got, want)
	}
	s := []metrics.Sample{{Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	if got := s[0].Value.Uint64(); got != uint64(want) {
		t.Errorf("/gc/gomemlimit:bytes = %d, want %d", got, want)
	}
	t.Logf("limit %d MiB of %d MiB", want>>20, avail>>20)
}

//go:noinline
func xenDeepStack(n int, ready, park chan bool) byte {
	var buf [64 << 10]byte
	buf[n%len(buf)] = byte(n)
	if n > 0 {
		return buf[0] + xenDeepStack(n-1, ready, park)
	}
	ready <- true
	<-park
	return buf[0]
}

// TestXenStartingStackCap: goroutines deep in recursion during a GC do
// not make every new goroutine start with megabytes of stack, which on
// xen are RAM (runtime/pprof's TestMorestack then TestGoroutineCounts
// ran a 512 MB domain out of memory so).
func TestXenStartingStackCap(t *testing.T) {
	ready, park, done := make(chan bool), make(chan bool), make(chan bool)
	for range 4 {
		go func() {
			xenDeepStack(32, ready, park) // 2 MiB of frames
			done <- true
		}()
		<-ready
	}
	runtime.GC()
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/stack/starting-size:bytes"}}
	metrics.Read(s)
	close(park)
	for range 4 {
		<-done
	}
	if got := s[0].Value.Uint64(); got > runtime.XenStartingStackCap {
		t.Errorf("goroutines start with %d bytes of stack, want at most %d", got, runtime.XenStartingStackCap)
	}
	t.Logf("starting stack %d bytes", s[0].Value.Uint64())
}
