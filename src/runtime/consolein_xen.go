// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"internal/runtime/xenboot"
	_ "unsafe" // for go:linkname
)

// Console input: what is typed into `xl console` (or written to the
// domain's console pty in dom0) arrives in the input half of the
// console ring. A reader parks on the console's event channel, like a
// device goroutine, until some arrives.

// xenConsEOF is the byte that ends input when it comes first in a read,
// as Ctrl-D does on a terminal: a console has no end of its own.
const xenConsEOF = 0x04

var (
	xenConsInputOn bool
	xenStdinEOF    bool // "stdin:eof" on the command line
)

// syscall_consoleRead reads console input into p, waiting for at least
// one byte. It returns 0 for end of input: a Ctrl-D at the start of the
// input, no PV console at all, or stdin:eof on the command line. Readers are serialised by the caller.
//
//go:linkname syscall_consoleRead syscall.consoleRead
func syscall_consoleRead(p []byte) int {
	c := xenCons
	if c == nil || len(p) == 0 || xenStdinEOF {
		return 0
	}
	if !xenConsInputOn {
		xenConsInputOn = true
		xenUnmask(xenConsPort)
	}
	for {
		cons := atomic.Load(&c.inCons)
		n, ok := xenboot.RingRead(c.in[:], atomic.Load(&c.inProd), cons, p)
		switch {
		case !ok:
			// The backend wrote nonsense: drop what the ring holds.
			atomic.Store(&c.inCons, atomic.Load(&c.inProd))
			continue
		case n == 0:
			xencall_portWait(xenConsPort)
			continue
		case p[0] == xenConsEOF:
			atomic.Store(&c.inCons, cons+1)
			xenNotify(xenConsPort)
			return 0
		}
		for i, b := range p[:n] {
			if b == xenConsEOF {
				n = uint32(i) // the next read reports the end
				break
			}
		}
		atomic.Store(&c.inCons, cons+n)
		xenNotify(xenConsPort) // the backend may be waiting for room
		return int(n)
	}
}
