// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

// xenMemBase is where the runtime's memory starts: the end of the image,
// the stashed ramdisk and the boot page tables.
var xenMemBase uintptr

// defaultMemoryLimit is the soft memory limit when GOMEMLIMIT is unset:
// the domain's RAM the runtime can take, less one heap arena (the step
// in which the heap grows) as headroom. A domain's RAM is all the memory
// there is, with no swap or page cache to give, so near it the collector
// works harder instead of the program dying out of memory with garbage
// left to collect. GOMEMLIMIT=off removes it, as elsewhere.
func defaultMemoryLimit() int64 {
	avail := xenRAMEnd - xenMemBase
	return int64(max(avail-min(heapArenaBytes, avail/2), 0))
}
