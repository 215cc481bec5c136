// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime_test

import (
	"runtime"
	"runtime/debug"
	"testing"
	"unsafe"
)

// TestXenGuardPages: the pages below the interrupt stacks and the boot
// stack are not mapped, so that a stack overflowing into one faults
// instead of overwriting what lies below.
func TestXenGuardPages(t *testing.T) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	pages, n := runtime.XenGuardPages()
	if want := 4*runtime.XenNumCPU() + 1; n != want {
		t.Errorf("%d guard pages, want %d (4 a vCPU and the boot stack's)", n, want)
	}
	for i, p := range pages[:n] {
		for _, a := range []uintptr{p, p + 4095} {
			if addr, ok := faults(a); !ok || addr != a {
				t.Errorf("guard page %d at %#x: a read of %#x did not fault (fault at %#x)", i, p, a, addr)
			}
		}
		// The stack above it is mapped.
		if _, ok := faults(p + 4096); ok {
			t.Errorf("guard page %d at %#x: the stack above it faults", i, p)
		}
	}
}

// TestXenG0StackGuards: the g0 stack of every M but m0 lies above a
// guard page (g0stack_xen.go), and an M that exits gives its stack to
// the next M.
func TestXenG0StackGuards(t *testing.T) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	// Ms that exit: goroutines that end locked to their threads. The
	// runtime makes new Ms in their place, which must reuse their
	// stacks rather than map new ones.
	const exits = 50
	done := make(chan bool)
	for range exits {
		go func() {
			runtime.LockOSThread()
			done <- true
		}()
		<-done
	}
	below, mapped := runtime.XenG0StackGuards()
	if spare := len(mapped) - len(below); spare >= exits/2 {
		t.Errorf("%d g0 stacks mapped for %d Ms after %d exits: the exited Ms' stacks were not reused", len(mapped), len(below), exits)
	}
	if len(below) == 0 {
		t.Fatal("no M but m0")
	}
	guard := make(map[uintptr]bool)
	for _, p := range mapped {
		guard[p] = true
	}
	for _, p := range below {
		if !guard[p] {
			t.Errorf("the page below a g0 stack, %#x, is not a guard page", p)
		}
	}
	for i, p := range mapped {
		for _, a := range []uintptr{p, p + 4095} {
			if addr, ok := faults(a); !ok || addr != a {
				t.Errorf("g0 guard page %d at %#x: a read of %#x did not fault (fault at %#x)", i, p, a, addr)
			}
		}
		if _, ok := faults(p + 4096); ok {
			t.Errorf("g0 guard page %d at %#x: the stack above it faults", i, p)
		}
	}
	t.Logf("%d Ms with guarded g0 stacks, %d g0 stacks mapped", len(below), len(mapped))
}

// faults reads the byte at a and reports whether that faulted, and at
// what address.
func faults(a uintptr) (addr uintptr, ok bool) {
	defer func() {
		if e, isAddr := recover().(interface{ Addr() uintptr }); isAddr {
			addr, ok = e.Addr(), true
		}
	}()
	_ = *(*byte)(unsafe.Pointer(a))
	return 0, false
}

// TestXenTickLeavesThreads: the timer tick's upcall must not change the
// ready list or an M's state: QEMU can deliver the upcall nested in
// another, and the thread code that changes them relies on interrupts
// being off, which a nested delivery ignores.
func TestXenTickLeavesThreads(t *testing.T) {
	done := make(chan struct{})
	go func() { // an M that waits, in case no other does
		runtime.LockOSThread()
		<-done
	}()
	defer close(done)
	for range 100 {
		ok, why := runtime.XenTickLeavesThreads()
		if why != "" {
			t.Fatal(why)
		}
		if ok {
			return
		}
		runtime.Gosched()
	}
	t.Fatal("no waiting M to test with")
}

// TestXenRandomFailsClosed: once RDSEED/RDRAND fail their health check,
// the source gives nothing (crypto/rand's getrandom then fails with EIO
// and crypto/rand ends the program), never unchecked bytes.
func TestXenRandomFailsClosed(t *testing.T) {
	if n := runtime.XenReadRandomBroken(); n != 0 {
		t.Errorf("a broken random source gave %d bytes", n)
	}
}
