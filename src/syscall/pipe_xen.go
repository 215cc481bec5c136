// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall

import "sync"

// Pipes are in-memory byte queues between descriptors, as on Unix: a read
// waits for data and returns 0 at end of file, once no descriptor holds
// the write end; a write waits for room and fails with EPIPE once no
// descriptor holds the read end. Waiting parks the goroutine (sync.Cond),
// so the other end's goroutine runs.

// pipeSize is how many bytes a pipe holds, as Linux's default.
const pipeSize = 64 << 10

type pipe struct {
	mu               sync.Mutex
	changed          sync.Cond // data, room, or an end closed
	buf              []byte
	readers, writers int         // open file descriptions of each end
	ends             [2]*pipeEnd // read end, write end
}

// A pipeEnd is the device of one end's inode.
type pipeEnd struct {
	p      *pipe
	writer bool
	pds    pollDescs
}

// broadcast wakes blocked reads and writes, and the netpoller's waiters.
func (p *pipe) broadcast() {
	p.changed.Broadcast()
	p.wakePollers()
}

func Pipe(p []int) error {
	return Pipe2(p, 0)
}

func Pipe2(p []int, flags int) error {
	if len(p) != 2 || flags&^(O_CLOEXEC|O_NONBLOCK) != 0 {
		return EINVAL
	}
	pp := &pipe{readers: 1, writers: 1}
	pp.changed.L = &pp.mu
	fsLock.Lock()
	defer fsLock.Unlock()
	pp.ends = [2]*pipeEnd{{p: pp}, {p: pp, writer: true}}
	r := newInode(S_IFIFO | 0600)
	r.dev = pp.ends[0]
	w := newInode(S_IFIFO | 0600)
	w.dev = pp.ends[1]
	cloexec := flags&O_CLOEXEC != 0
	nonblock := flags & O_NONBLOCK
	rfd, err := allocFd(&openFile{node: r, flags: O_RDONLY | nonblock}, 0, cloexec)
	if err != nil {
		return err
	}
	wfd, err := allocFd(&openFile{node: w, flags: O_WRONLY | nonblock}, 0, cloexec)
	if err != nil {
		freeFd(rfd)
		return err
	}
	p[0], p[1] = rfd, wfd
	return nil
}

func (e *pipeEnd) read(b []byte) (int, error)  { return e.recv(b, false) }
func (e *pipeEnd) write(b []byte) (int, error) { return e.send(b, false) }

// recv reads what the pipe holds; with nonblock it returns EAGAIN
// rather than wait for data.
func (e *pipeEnd) recv(b []byte, nonblock bool) (int, error) {
	if e.writer {
		return 0, EBADF
	}
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 {
		if p.writers == 0 || len(b) == 0 {
			return 0, nil
		}
		if nonblock {
			return 0, EAGAIN
		}
		p.changed.Wait()
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	if len(p.buf) == 0 {
		p.buf = nil
	}
	p.broadcast()
	return n, nil
}

// send writes all of b, waiting for room; with nonblock it writes what
// fits and returns EAGAIN if that is nothing.
func (e *pipeEnd) send(b []byte, nonblock bool) (int, error) {
	if !e.writer {
		return 0, EBADF
	}
	p := e.p
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for n < len(b) {
		if p.readers == 0 {
			return n, EPIPE
		}
		room := pipeSize - len(p.buf)
		if room == 0 {
			if nonblock {
				if n == 0 {
					return 0, EAGAIN
				}
				return n, nil
			}
			p.changed.Wait()
			continue
		}
		m := min(room, len(b)-n)
		p.buf = append(p.buf, b[n:n+m]...)
		n += m
		p.broadcast()
	}
	return n, nil
}

// release ends one open file description of the end.
func (e *pipeEnd) release() {
	p := e.p
	p.mu.Lock()
	if e.writer {
		p.writers--
	} else {
		p.readers--
	}
	p.broadcast()
	p.mu.Unlock()
}

func (e *pipeEnd) attachPoll(fd int, pd uintptr) bool {
	e.p.mu.Lock()
	defer e.p.mu.Unlock()
	e.pds.add(fd, pd)
	return true
}

func (e *pipeEnd) detachPoll(fd int) {
	e.p.mu.Lock()
	defer e.p.mu.Unlock()
	delete(e.pds, fd)
}

// wakePollers tells the pollDescs of both ends that the pipe changed.
// p.mu must be held, so that no pollDesc is detached meanwhile.
func (p *pipe) wakePollers() {
	for _, e := range p.ends {
		e.pds.wake('r' + 'w')
	}
}
