// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall

// Descriptors in the netpoller. When poll.FD opens a descriptor of a
// pollable device (a pipe end, a socket), the runtime hands its pollDesc
// to pollOpen; the descriptor is then non-blocking (O_NONBLOCK), a read
// or write that would wait returns EAGAIN, and the device wakes the
// pollDescs of its descriptors through the runtime when it changes, so
// that deadlines work on them as on Linux.

// Provided by the runtime (netpollfd_xen.go).
func setPollHooks(open func(fd uintptr, pd uintptr) bool, close func(fd uintptr))
func pollReady(pd uintptr, mode int32)

func init() {
	setPollHooks(pollOpen, pollClose)
}

// pollOpen attaches pd to fd if fd's device is pollable.
func pollOpen(fd uintptr, pd uintptr) bool {
	fsLock.Lock()
	defer fsLock.Unlock()
	p := pollableAt(int(fd))
	return p != nil && p.attachPoll(int(fd), pd)
}

// pollClose detaches fd's pollDesc; the runtime frees it afterwards.
func pollClose(fd uintptr) {
	fsLock.Lock()
	defer fsLock.Unlock()
	if p := pollableAt(int(fd)); p != nil {
		p.detachPoll(int(fd))
	}
}

// pollableAt is the pollable device fd refers to, or nil. fsLock must be
// held.
func pollableAt(fd int) pollable {
	f, err := fileAt(fd)
	if err != nil {
		return nil
	}
	p, _ := f.node.dev.(pollable)
	return p
}

// pollDescs are the runtime's pollDescs of a device's descriptors, by
// descriptor. The device's lock guards them, so that none is detached
// (and freed by the runtime) while wake runs.
type pollDescs map[int]uintptr

func (p *pollDescs) add(fd int, pd uintptr) {
	if *p == nil {
		*p = pollDescs{}
	}
	(*p)[fd] = pd
}

// wake tells every pollDesc that the device may be ready for mode ('r',
// 'w' or 'r'+'w').
func (p pollDescs) wake(mode int32) {
	for _, pd := range p {
		pollReady(pd, mode)
	}
}
