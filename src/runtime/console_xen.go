// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"internal/runtime/xenboot"
	"unsafe"
)

// The PV console: a shared ring page that xenconsoled in dom0 drains into
// the domain's console (what `xl console` shows). Before it is found,
// output goes to Xen's own console through the debug port.

var (
	xenCons     *xenconsInterface
	xenConsPort uint32
)

func xenConsoleInit() {
	pfn, ok1 := xenGetParam(_HVM_PARAM_CONSOLE_PFN)
	port, ok2 := xenGetParam(_HVM_PARAM_CONSOLE_EVTCHN)
	if !ok1 || !ok2 || pfn == 0 {
		return // no PV console (e.g. dom0): keep using the debug port
	}
	xenConsPort = uint32(port)
	xenStoreNoWB(unsafe.Pointer(&xenCons), uintptr(pfn<<12))
}

// xenDebugWrite writes to Xen's own console through the HVM debug port
// 0xe9 (Xen prints each line as "(dN) ..."; console_io is refused to
// unprivileged domains by release builds of Xen).
//
//go:nosplit
func xenDebugWrite(s string) {
	xenDebugPortWrite(unsafe.Slice(unsafe.StringData(s), len(s)))
}

//go:nosplit
func xenDebugPortWrite(b []byte) {
	for _, c := range b {
		xenOutb(0xe9, c)
	}
}

// A console backend that stops draining the ring must not freeze the
// program. The runtime's own output (print, panics, the exit line) never
// parks its M: it waits for room for at most xenConsStallNS after the
// backend last made some, then drops what does not fit until the backend
// drains again, and says how much it dropped. Goroutines writing
// standard output and error (syscall_consoleWrite) lose nothing: they
// sleep until there is room while other goroutines run, as a write to a
// stuck terminal blocks on Linux.

const xenConsStallNS = 1e9

var (
	xenConsSema    uint32 = 1 // one goroutine at a time in syscall_consoleWrite
	xenConsStalled bool       // no room for xenConsStallNS: runtime output is dropped
	xenConsDropped uint64     // runtime output dropped while stalled, not yet reported
)

// xenConsLock keeps writers on other Ms and vCPUs from interleaving.
var xenConsLock xenSpinLock

// xenConsolePut copies what fits of b into the ring, publishes it and
// notifies the backend, under xenConsLock, and returns how much it
// copied.
//
//go:nosplit
func xenConsolePut(c *xenconsInterface, b []byte) int {
	intr := xenDisableInterrupts()
	xenConsLock.lock()
	cons := atomic.Load(&c.outCons)
	prod := atomic.Load(&c.outProd)
	n, ok := xenboot.RingWrite(c.out[:], prod, cons, b)
	if !ok {
		// The backend wrote nonsense into our ring: start over.
		prod = cons
		n, _ = xenboot.RingWrite(c.out[:], prod, cons, b)
	}
	if n > 0 || !ok {
		atomic.Store(&c.outProd, prod+n) // publishes the bytes (XCHG orders them)
		xenNotify(xenConsPort)
	}
	if n > 0 {
		xenConsStalled = false
	}
	xenConsLock.unlock()
	xenRestoreInterrupts(intr)
	return int(n)
}

// xenConsoleWrite writes the runtime's output (see above).
//
//go:nosplit
func xenConsoleWrite(b []byte) {
	c := xenCons
	if c == nil {
		xenDebugPortWrite(b)
		return
	}
	if xenConsDropped != 0 && !xenConsStalled {
		xenConsoleReportDropped(c)
	}
	waitFrom := int64(0)
	for len(b) > 0 {
		n := xenConsolePut(c, b)
		b = b[n:]
		switch {
		case n > 0:
			waitFrom = 0
		case xenConsStalled:
			xenConsDropped += uint64(len(b))
			return
		case waitFrom == 0:
			waitFrom = nanotime()
		case nanotime()-waitFrom > xenConsStallNS:
			xenConsStalled = true
		default:
			xenNotify(xenConsPort)
			xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
		}
	}
}

// xenConsoleReportDropped says how much runtime output a stalled backend
// cost, once it drains again. (Not nosplit: it would not fit the nosplit
// print path's budget, and it is rare.)
func xenConsoleReportDropped(c *xenconsInterface) {
	var buf [64]byte
	n := copy(buf[:], "\n[console: ")
	n += xenItoa(buf[n:], int32(min(xenConsDropped, 1<<31-1)))
	n += copy(buf[n:], " bytes dropped]\n")
	xenConsDropped = 0
	for b := buf[:n]; len(b) > 0 && !xenConsStalled; {
		k := xenConsolePut(c, b)
		if k == 0 {
			return
		}
		b = b[k:]
	}
}

// xenConsoleFlush waits (boundedly) until the backend has consumed all
// output, so that nothing is lost when the domain shuts down. It does not
// wait for a backend that has stalled already: a domain failing before
// main must end within about a second (xenConsStallNS) even then.
//
//go:nosplit
func xenConsoleFlush() {
	c := xenCons
	if c == nil || xenConsStalled {
		return
	}
	deadline := nanotime() + 2e9
	for atomic.Load(&c.outCons) != atomic.Load(&c.outProd) && nanotime() < deadline {
		xenNotify(xenConsPort)
		xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
	}
}

// xenWrite implements write1 for standard output and standard error, and
// for the spool of a heap dump.
//
//go:nosplit
func xenWrite(fd uintptr, p unsafe.Pointer, n int32) int32 {
	if fd == heapDumpSpoolFD {
		return heapDumpSpoolWrite(p, n)
	}
	if fd != 1 && fd != 2 {
		return -_EBADF
	}
	if n > 0 {
		xenConsoleWrite(unsafe.Slice((*byte)(p), n))
	}
	return n
}

//go:nosplit
func xenRead(fd int32, p unsafe.Pointer, n int32) int32 {
	return -_EBADF
}

//go:nosplit
func xenOpen(name *byte, mode, perm int32) int32 {
	return -1
}

//go:nosplit
func xenClose(fd int32) int32 {
	return -1
}

const (
	_EBADF = 9
)

// syscall_consoleWrite lets package syscall write standard output and
// standard error to the console. It loses nothing: when the ring is
// full its goroutine sleeps until the backend makes room (see above).
//
//go:linkname syscall_consoleWrite syscall.consoleWrite
func syscall_consoleWrite(b []byte) {
	xenBootMark(xenBootFirstWrite)
	c := xenCons
	if c == nil {
		xenDebugPortWrite(b)
		return
	}
	semacquire(&xenConsSema) // goroutines, not Ms, wait their turn
	for len(b) > 0 {
		n := xenConsolePut(c, b)
		b = b[n:]
		if n == 0 {
			xenNotify(xenConsPort)
			timeSleep(1e6)
		}
	}
	semrelease(&xenConsSema)
	xenBootTracePrintOnce()
}
