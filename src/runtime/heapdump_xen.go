// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// Heap dumps. debug.WriteHeapDump writes the dump while the world is
// stopped, but on xen a descriptor other than the console's is a file of
// package syscall, whose writes run Go code that allocates. So the dump
// goes to a spool of memory taken from the hypervisor's pages, and is
// copied to the descriptor once the world runs again.

// heapDumpSpoolFD is the descriptor writeheapdump_m writes to when the
// dump is spooled.
const heapDumpSpoolFD = ^uintptr(0)

type dumpSpool struct {
	base  unsafe.Pointer
	n     uintptr // bytes spooled
	cap   uintptr
	short bool // memory ran out: the dump is incomplete
}

var heapDumpSpool dumpSpool

// xenFileWrite writes p to descriptor fd; package syscall registers it.
var xenFileWrite func(fd int, p []byte) (int, error)

//go:linkname syscall_setFileWriter syscall.setFileWriter
func syscall_setFileWriter(w func(fd int, p []byte) (int, error)) {
	xenFileWrite = w
}

// heapDumpTarget is the descriptor a dump for fd is written to while the
// world is stopped: the console directly, anything else through the spool.
func heapDumpTarget(fd uintptr) uintptr {
	if fd == 1 || fd == 2 {
		return fd
	}
	return heapDumpSpoolFD
}

// heapDumpSpoolWrite appends p to the spool, growing it by doubling.
//
//go:nosplit
func heapDumpSpoolWrite(p unsafe.Pointer, n int32) int32 {
	s := &heapDumpSpool
	if s.short {
		return n
	}
	if need := s.n + uintptr(n); need > s.cap {
		c := max(s.cap*2, 1<<20, alignUp(need, physPageSize))
		base := sysAlloc(c, &memstats.other_sys, "heap dump")
		if base == nil {
			s.short = true
			return n
		}
		if s.base != nil {
			memmove(base, s.base, s.n)
			sysFree(s.base, s.cap, &memstats.other_sys)
		}
		s.base, s.cap = base, c
	}
	memmove(add(s.base, s.n), p, uintptr(n))
	s.n += uintptr(n)
	return n
}

// heapDumpDone copies the spooled dump to fd, with the world running,
// and frees the spool.
func heapDumpDone(fd uintptr) {
	s := &heapDumpSpool
	if heapDumpTarget(fd) != heapDumpSpoolFD {
		return
	}
	dump := unsafe.Slice((*byte)(s.base), s.n)
	for len(dump) > 0 {
		if xenFileWrite == nil {
			print("runtime: heap dump: cannot write descriptor ", fd, "\n")
			break
		}
		n, err := xenFileWrite(int(fd), dump)
		if err != nil {
			print("runtime: heap dump: writing descriptor ", fd, ": ", err.Error(), "\n")
			break
		}
		if n <= 0 {
			print("runtime: heap dump: descriptor ", fd, " takes no more\n")
			break
		}
		dump = dump[n:]
	}
	if s.short {
		print("runtime: heap dump: out of memory; the dump written is incomplete\n")
	}
	if s.base != nil {
		sysFree(s.base, s.cap, &memstats.other_sys)
	}
	*s = dumpSpool{}
}
