// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
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
	xenCons = (*xenconsInterface)(unsafe.Pointer(uintptr(pfn << 12)))
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

// xenConsoleWrite copies b into the console ring, notifying the backend
// and waiting for room when the ring is full.
//
//go:nosplit
func xenConsoleWrite(b []byte) {
	c := xenCons
	if c == nil {
		xenDebugPortWrite(b)
		return
	}
	// Writers on other Ms (time slices) must not interleave ring updates.
	intr := xenDisableInterrupts()
	defer xenRestoreInterrupts(intr)
	for len(b) > 0 {
		cons := atomic.Load(&c.outCons)
		prod := atomic.Load(&c.outProd)
		free := _xenconsOutSize - (prod - cons)
		if free > _xenconsOutSize {
			// The backend wrote nonsense into our ring: start over.
			atomic.Store(&c.outProd, cons)
			continue
		}
		if free == 0 {
			xenNotify(xenConsPort)
			xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_yield, 0, 0, 0, 0)
			continue
		}
		n := uint32(len(b))
		if n > free {
			n = free
		}
		for i := uint32(0); i < n; i++ {
			c.out[(prod+i)%_xenconsOutSize] = b[i]
		}
		atomic.Store(&c.outProd, prod+n) // publishes the bytes (XCHG orders them)
		xenNotify(xenConsPort)
		b = b[n:]
	}
}

// xenConsoleFlush waits (boundedly) until the backend has consumed all
// output, so that nothing is lost when the domain shuts down.
//
//go:nosplit
func xenConsoleFlush() {
	c := xenCons
	if c == nil {
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
// standard error to the console.
//
//go:linkname syscall_consoleWrite syscall.consoleWrite
func syscall_consoleWrite(b []byte) {
	xenConsoleWrite(b)
}
