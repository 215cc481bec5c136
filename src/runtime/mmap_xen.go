// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// Pages for syscall.Mmap. A mapping must not be Go heap memory: the
// program may keep it past any reference the collector could see, and
// gives it back explicitly with Munmap. So it comes from the same pages
// the heap itself is made of (mem_sbrk.go), zeroed as sysAlloc
// promises, and is counted as other_sys in the memory statistics.

// syscall_mmapPages returns n bytes (a multiple of the page size) of
// zeroed, page-aligned memory, or nil if there is not enough.
//
//go:linkname syscall_mmapPages syscall.mmapPages
func syscall_mmapPages(n uintptr) unsafe.Pointer {
	if n == 0 || n%physPageSize != 0 {
		return nil
	}
	p := sysAlloc(n, &memstats.other_sys, "mmap")
	if p == nil {
		// sysAlloc counts the memory before it asks for it.
		memstats.other_sys.add(-int64(n))
		gcController.mappedReady.Add(-int64(n))
	}
	return p
}

// syscall_munmapPages gives back n bytes at p that syscall_mmapPages
// returned.
//
//go:linkname syscall_munmapPages syscall.munmapPages
func syscall_munmapPages(p unsafe.Pointer, n uintptr) {
	sysFree(p, n, &memstats.other_sys)
}
