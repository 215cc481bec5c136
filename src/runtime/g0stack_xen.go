// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"unsafe"
)

// The g0 stacks of Ms other than m0. Upstream's stack allocator would
// put them in the heap, with another stack or a heap span right below
// each, so an overflow that escapes Go's stack checks (assembly, a
// chain of nosplit functions, a trap frame) would overwrite a neighbour
// silently. Instead the runtime allocates them itself
// (mStackIsSystemAllocated): each is mapped in a window above the
// identity map, with an unmapped guard page below it, so such an
// overflow faults.
//
// A stack is never unmapped: an exiting M's stack goes on a free list
// for the next M. So no vCPU can hold a stale TLB entry for it, and no
// vCPU need be told when one is mapped (x86 does not cache entries that
// are not present). The window has a page directory of its own, which
// every vCPU's page tables share (xenInitPaging makes it before the
// other vCPUs copy the page tables).

const (
	xenG0StackSize  = 32 << 10
	xenG0Stride     = pageSize4K + xenG0StackSize // a guard page, then the stack
	xenG0Window     = xenIdentityMapped           // the 1 GiB after the identity map
	xenG0WindowSize = 1 << 30
)

var xenG0 struct {
	pd   uintptr     // the window's page directory (xenInitPaging)
	lock xenSpinLock // free: exiting Ms give their stacks back with interrupts off
	free uintptr     // free stacks, each holding the next's address at its bottom
	n    uintptr     // stacks mapped so far
	grow mutex       // held while mapping a new one
}

// xenG0StackInit makes the window's page directory and links it into
// vCPU 0's page directory pointer table pdpt.
func xenG0StackInit(pdpt uintptr) {
	xenG0.pd = xenAllocPages(1)
	e := (*uint64)(unsafe.Pointer(pdpt + 8*(xenG0Window>>30)))
	if *e != 0 {
		throw("xen: the g0 stack window is already mapped")
	}
	*e = uint64(xenG0.pd) | ptePresent | pteWritable
}

// xenG0StackAlloc returns the bounds of a g0 stack for a new M.
func xenG0StackAlloc() stack {
	intr := xenDisableInterrupts()
	xenG0.lock.lock()
	lo := xenG0.free
	if lo != 0 {
		xenG0.free = *(*uintptr)(unsafe.Pointer(lo))
	}
	xenG0.lock.unlock()
	xenRestoreInterrupts(intr)
	if lo == 0 {
		lo = xenG0StackMap()
	}
	return stack{lo: lo, hi: lo + xenG0StackSize}
}

// xenG0StackMap maps a new stack in the window, above a guard page.
func xenG0StackMap() uintptr {
	lock(&xenG0.grow)
	if (xenG0.n+1)*xenG0Stride > xenG0WindowSize {
		throw("xen: no room for another M's g0 stack")
	}
	lo := xenG0Window + xenG0.n*xenG0Stride + pageSize4K
	mem := uintptr(persistentalloc(xenG0StackSize, pageSize4K, &memstats.stacks_sys))
	nx := xenNX()
	for off := uintptr(0); off < xenG0StackSize; off += pageSize4K {
		v := lo + off
		pde := (*uint64)(unsafe.Pointer(xenG0.pd + 8*((v-xenG0Window)/pageSize2M)))
		if *pde == 0 {
			pt := uintptr(persistentalloc(pageSize4K, pageSize4K, &memstats.other_sys))
			memclrNoHeapPointers(unsafe.Pointer(pt), pageSize4K)
			atomic.Store64(pde, uint64(pt)|ptePresent|pteWritable)
		}
		pt := uintptr(*pde & pteAddr)
		atomic.Store64((*uint64)(unsafe.Pointer(pt+8*(v/pageSize4K%512))), uint64(mem+off)|ptePresent|pteWritable|nx)
	}
	xenG0.n++
	unlock(&xenG0.grow)
	return lo
}

// xenG0StackFree puts an exited M's stack on the free list. It runs with
// interrupts disabled, once nothing runs on the stack any more.
//
//go:nosplit
func xenG0StackFree(lo uintptr) {
	xenG0.lock.lock()
	*(*uintptr)(unsafe.Pointer(lo)) = xenG0.free
	xenG0.free = lo
	xenG0.lock.unlock()
}

// xenForG0Guards calls f with the guard page of each mapped g0 stack.
func xenForG0Guards(f func(uintptr)) {
	lock(&xenG0.grow)
	n := xenG0.n
	unlock(&xenG0.grow)
	for i := uintptr(0); i < n; i++ {
		f(xenG0Window + i*xenG0Stride)
	}
}
