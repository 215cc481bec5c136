// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

// CPU profiling. Unix takes samples in the SIGPROF handler of a CPU-time
// timer; here the preemption tick takes them, in the upcall, which is
// where a signal handler would run: it fires only while the vCPU runs
// (the idle loop stops it), so the time between two ticks is running
// time. Each tick adds that time up and takes one sample once a
// profiling period's worth has gathered. A tick is 10 ms, so rates above
// 100 Hz give 100 samples a second per vCPU. Each vCPU keeps its own
// account (xenCPU.profLast: when its last tick looked, 0 after idling or
// with profiling off; profDue: running time gathered towards the next
// sample), as each thread's CPU-time timer does on Unix.

func setProcessCPUProfiler(hz int32) {}

func setThreadCPUProfiler(hz int32) {
	getg().m.profilehz = hz
}

// xenProfileTick runs at each tick, on the upcall's stack with
// interrupts off, with the interrupted goroutine's g and M.
//
//go:nosplit
//go:nowritebarrierrec
func xenProfileTick(c *xenCPU, tf *xenTrapFrame, gp *g, mp *m, now int64) {
	hz := prof.hz.Load()
	if hz <= 0 || mp == nil {
		c.profLast = 0
		return
	}
	last := c.profLast
	c.profLast = now
	if last == 0 {
		return
	}
	period := 1000000000 / int64(hz)
	c.profDue += now - last
	if c.profDue < period {
		return
	}
	c.profDue = min(c.profDue-period, period)
	// The interrupted code may hold the lock sigprof's cpuprof.add
	// spins on (setcpuprofilerate): nothing could release it while
	// the upcall runs, so that sample is dropped.
	if prof.signalLock.Load() != 0 {
		return
	}
	setg(xenTrapGFor(c, xenISTInterrupt, mp))
	sigprof(uintptr(tf.rip), uintptr(tf.rsp), 0, gp, mp)
	setg(gp)
}
