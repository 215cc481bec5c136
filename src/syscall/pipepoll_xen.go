// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall

// Pipes in the netpoller. When poll.FD opens a pipe descriptor, the
// runtime hands its pollDesc to pollOpen; the descriptor is then
// non-blocking (os sets O_NONBLOCK), a read or write that would wait
// returns EAGAIN, and every change of the pipe (data, room, an end
// closed) wakes the pollDescs of both ends through the runtime, so that
// os.File deadlines work on pipes as on Linux.

// Provided by the runtime (netpollfd_xen.go).
func setPollHooks(open func(fd uintptr, pd uintptr) bool, close func(fd uintptr))
func pollReady(pd uintptr, mode int32)

func init() {
	setPollHooks(pollOpen, pollClose)
}

// pollOpen attaches pd to fd if fd is a pipe end.
func pollOpen(fd uintptr, pd uintptr) bool {
	fsLock.Lock()
	defer fsLock.Unlock()
	e := pipeEndAt(int(fd))
	if e == nil {
		return false
	}
	e.p.mu.Lock()
	if e.pds == nil {
		e.pds = map[int]uintptr{}
	}
	e.pds[int(fd)] = pd
	e.p.mu.Unlock()
	return true
}

// pollClose detaches fd's pollDesc; the runtime frees it afterwards.
func pollClose(fd uintptr) {
	fsLock.Lock()
	defer fsLock.Unlock()
	if e := pipeEndAt(int(fd)); e != nil {
		e.p.mu.Lock()
		delete(e.pds, int(fd))
		e.p.mu.Unlock()
	}
}

// pipeEndAt is the pipe end fd refers to, or nil. fsLock must be held.
func pipeEndAt(fd int) *pipeEnd {
	f, err := fileAt(fd)
	if err != nil {
		return nil
	}
	e, _ := f.node.dev.(*pipeEnd)
	return e
}

// wakePollers tells the pollDescs of both ends that the pipe changed.
// p.mu must be held, so that no pollDesc is detached meanwhile.
func (p *pipe) wakePollers() {
	for _, e := range p.ends {
		for _, pd := range e.pds {
			pollReady(pd, 'r'+'w')
		}
	}
}
