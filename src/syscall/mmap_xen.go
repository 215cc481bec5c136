// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Memory mappings. There is no virtual memory to page in on demand: a
// mapping is zeroed pages the runtime hands out (not Go heap), and a
// file mapping starts as a copy of the file's bytes. Shared file
// mappings are then kept coherent with the file by hand
// (mmapfile_xen.go). Protections are not enforced (the pages are
// always readable and writable, never executable), and a mapping that
// reaches past the end of its file reads zeros there instead of
// raising SIGBUS.

package syscall

import (
	"sync"
	"unsafe"
)

// Values as linux/amd64's.
const (
	PROT_NONE  = 0x0
	PROT_READ  = 0x1
	PROT_WRITE = 0x2
	PROT_EXEC  = 0x4

	MAP_SHARED    = 0x1
	MAP_PRIVATE   = 0x2
	MAP_TYPE      = 0xf
	MAP_FIXED     = 0x10
	MAP_FILE      = 0x0
	MAP_ANON      = 0x20
	MAP_ANONYMOUS = 0x20
	MAP_32BIT     = 0x40
	MAP_LOCKED    = 0x2000
	MAP_NORESERVE = 0x4000
	MAP_POPULATE  = 0x8000
	MAP_NONBLOCK  = 0x10000
	MAP_STACK     = 0x20000
	MAP_HUGETLB   = 0x40000

	MS_ASYNC      = 0x1
	MS_INVALIDATE = 0x2
	MS_SYNC       = 0x4

	MADV_NORMAL     = 0x0
	MADV_RANDOM     = 0x1
	MADV_SEQUENTIAL = 0x2
	MADV_WILLNEED   = 0x3
	MADV_DONTNEED   = 0x4
	MADV_DONTFORK   = 0xa
	MADV_DOFORK     = 0xb
	MADV_HUGEPAGE   = 0xe
	MADV_NOHUGEPAGE = 0xf
)

const pageSize = 4096

// mmapPages and munmapPages take and give back page-aligned zeroed
// memory outside the Go heap. Provided by package runtime.
func mmapPages(n uintptr) unsafe.Pointer
func munmapPages(p unsafe.Pointer, n uintptr)

// A mapping is one successful Mmap.
type mapping struct {
	// mu serializes Munmap with Msync, Madvise and Mprotect, which
	// find the mapping under mmapLock but work on it without.
	mu   sync.Mutex
	gone bool // unmapped: the pages are no longer ours

	pages  []byte // whole pages; Mmap returned pages[:length]
	length int
	flags  int // MAP_SHARED or MAP_PRIVATE, and whether MAP_ANON

	// File mappings (mmapfile_xen.go).
	node     *inode      // the file; its reference is held until Munmap
	off      int64       // the file offset of pages[0]
	canWrite bool        // the descriptor was O_RDWR: may become writable
	file     *mappedFile // MAP_SHARED: the file's shared mappings
	// shadow is, for a shared file mapping that may be written, the
	// file's bytes as last seen: the pages that differ from it are
	// what the program wrote through the mapping.
	shadow []byte
}

var (
	// mmapLock guards mappings and the registry of mapped files.
	mmapLock sync.Mutex
	// mappings holds every mapping by the address of its first page.
	mappings = map[*byte]*mapping{}
)

// Mmap maps length bytes of the file open as fd, from offset, or zeroed
// memory with MAP_ANON. The memory is not on the Go heap: it is not
// scanned by the collector, so it must not hold the only pointer to Go
// memory, and it stays until Munmap.
func Mmap(fd int, offset int64, length int, prot int, flags int) (data []byte, err error) {
	if offset%pageSize != 0 || offset < 0 {
		return nil, EINVAL
	}
	if length == 0 || prot&^(PROT_READ|PROT_WRITE|PROT_EXEC) != 0 {
		return nil, EINVAL
	}
	typ := flags & MAP_TYPE
	if typ != MAP_SHARED && typ != MAP_PRIVATE {
		return nil, EINVAL
	}
	if flags&MAP_FIXED != 0 {
		// Mmap has no address argument, so this asks for address
		// 0, which Linux refuses as below mmap_min_addr.
		return nil, EPERM
	}
	if flags&MAP_HUGETLB != 0 {
		return nil, ENOMEM // as Linux with no huge pages reserved
	}
	if length < 0 || length > 1<<62 {
		// As Linux, for which a negative length is a huge one: no
		// memory is that large (and size below stays an int64).
		return nil, ENOMEM
	}
	size := (uintptr(length) + pageSize - 1) &^ (pageSize - 1)
	m := &mapping{length: length, flags: flags & (MAP_TYPE | MAP_ANON)}
	if flags&MAP_ANON == 0 {
		if err := m.mapFile(fd, offset, int64(size), prot); err != nil {
			return nil, err
		}
	} else if m.pages = newPages(size); m.pages == nil {
		return nil, ENOMEM
	}
	mmapLock.Lock()
	mappings[&m.pages[0]] = m
	mmapLock.Unlock()
	return m.pages[:length:length], nil
}

// newPages returns size bytes of fresh zeroed pages, or nil.
func newPages(size uintptr) []byte {
	p := mmapPages(size)
	if p == nil {
		return nil
	}
	return unsafe.Slice((*byte)(p), size)
}

func freePages(b []byte) {
	if b != nil {
		munmapPages(unsafe.Pointer(&b[0]), uintptr(len(b)))
	}
}

// Munmap unmaps a slice Mmap returned, whole, as Munmap on Linux
// requires. A shared file mapping is first written back; if that fails
// the error is returned, and the mapping is gone all the same. Touching
// b afterwards uses freed memory (on Linux it would fault).
func Munmap(b []byte) error {
	if len(b) == 0 || len(b) != cap(b) {
		return EINVAL
	}
	mmapLock.Lock()
	m := mappings[&b[0]]
	if m == nil || m.length != len(b) {
		mmapLock.Unlock()
		return EINVAL
	}
	delete(mappings, &b[0])
	mmapLock.Unlock()

	m.mu.Lock()
	defer m.mu.Unlock()
	m.gone = true
	var err error
	if m.shadow != nil {
		err = m.writeBack(0, len(m.pages))
	}
	m.drop()
	return err
}

// Msync writes what the program wrote through the shared file
// mappings in b back to their files; with MS_SYNC it also makes a
// mounted file durable. The file is written at once in both cases
// (MS_ASYNC only skips the file system's sync): there is no writeback
// to start later. MS_INVALIDATE has nothing to do, since shared
// mappings follow every write to their files.
func Msync(b []byte, flags int) error {
	if flags&^(MS_ASYNC|MS_INVALIDATE|MS_SYNC) != 0 || flags&(MS_ASYNC|MS_SYNC) == MS_ASYNC|MS_SYNC {
		return EINVAL
	}
	return eachMapping(b, func(m *mapping, lo, hi int) error {
		return m.msync(lo, hi, flags)
	})
}

// Madvise takes advice on b's pages. MADV_DONTNEED drops a private
// mapping's changes, as Linux does: anonymous pages read as zero again,
// file pages as the file. Shared pages keep their bytes, as Linux's
// page cache does. Any other advice is only checked.
func Madvise(b []byte, advice int) error {
	switch advice {
	case MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTFORK,
		MADV_DOFORK, MADV_HUGEPAGE, MADV_NOHUGEPAGE:
		return eachMapping(b, func(*mapping, int, int) error { return nil })
	case MADV_DONTNEED:
	default:
		return EINVAL
	}
	return eachMapping(b, func(m *mapping, lo, hi int) error {
		if m.flags&MAP_TYPE != MAP_PRIVATE {
			return nil
		}
		if m.node == nil {
			clear(m.pages[lo:hi])
			return nil
		}
		return m.fill(lo, hi)
	})
}

// Mprotect changes the protection of b's pages. It is not enforced:
// the memory stays readable and writable. But making a shared file
// mapping writable is refused, as on Linux, unless its descriptor was
// opened for writing, and from then on Msync and Munmap write it back.
func Mprotect(b []byte, prot int) error {
	if prot&^(PROT_READ|PROT_WRITE|PROT_EXEC) != 0 {
		return EINVAL
	}
	return eachMapping(b, func(m *mapping, lo, hi int) error {
		if prot&PROT_WRITE == 0 || m.file == nil || m.shadow != nil {
			return nil
		}
		return m.makeWritable()
	})
}

// eachMapping calls f for each mapping b overlaps, with the range of
// its pages that b covers (rounded out to whole pages), holding the
// mapping's mu. b must start on a page boundary. Memory that no Mmap
// returned counts as mapped (all of a Go program's memory is), and is
// skipped: Linux would fail only for memory not mapped at all.
func eachMapping(b []byte, f func(m *mapping, lo, hi int) error) error {
	if len(b) == 0 {
		return nil
	}
	start := uintptr(unsafe.Pointer(&b[0]))
	if start%pageSize != 0 {
		return EINVAL
	}
	end := start + uintptr(len(b))
	var hit []*mapping
	mmapLock.Lock()
	for _, m := range mappings {
		base := uintptr(unsafe.Pointer(&m.pages[0]))
		if base < end && start < base+uintptr(len(m.pages)) {
			hit = append(hit, m)
		}
	}
	mmapLock.Unlock()
	for _, m := range hit {
		m.mu.Lock()
		var err error
		if !m.gone {
			base := uintptr(unsafe.Pointer(&m.pages[0]))
			lo := max(start, base) - base
			hi := min((end+pageSize-1)&^(pageSize-1), base+uintptr(len(m.pages))) - base
			err = f(m, int(lo), int(hi))
		}
		m.mu.Unlock()
		if err != nil {
			return err
		}
	}
	return nil
}
