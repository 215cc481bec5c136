// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The xen runtime runs a Go program as a Xen PVH guest: no kernel
// below it, the runtime itself talks to Xen through hypercalls, event
// channels and shared pages.
//
// Threads. Upstream's scheduler assumes OS threads (Ms): sysmon runs
// beside the program, an idle M sleeps in futexsleep while others run,
// and the timer and GC machinery rely on both. Rather than change the
// scheduler (as TamaGo does, losing sysmon and preemption), the xen
// runtime gives it threads: each M is a saved context (stack pointer and
// g) on its own g0 stack, switched by thread_xen.go on each of the
// domain's vCPUs (smp_xen.go starts them; GOMAXPROCS defaults to their
// number). futexsleep parks the running M and switches to a ready one,
// futexwakeup readies Ms and wakes an idle vCPU to run them, and when no
// M is ready a vCPU blocks (HLT) until the earliest deadline, the next
// event channel upcall or an IPI. It never busy-waits. Async preemption of goroutines comes from the Xen timer
// interrupt (xen_preempt.go), so a goroutine in a tight loop cannot starve
// timers or other goroutines.
package runtime

import (
	"internal/runtime/xenboot"
	"unsafe"
)

type mOS struct {
	xenThread
	waitsema uint32 // lock_futex.go parks Ms on it
}

type gsignalStack struct{}

type sigset struct{}

const _NSIG = 65

// osinit runs first thing after rt0_go has a g0: it brings up what
// printing and faults need, turns the domain's command line into
// argc/argv (read later by goargs and goenvs), then memory, threads and
// events.
func osinit() {
	physPageSize = 4096
	xenBootMark(xenBootOsinit)
	initBloc()
	xenEarlyInit()
	xenBootReadRunstate()
	numCPUStartup = int32(xenNumCPU)
	xenParseCmdline()
	xenMemInit()
	xenThreadsInit()
	xenEventsInit()
	xenArmTick()
	xenEnableInterrupts()
	xenStartCPUs()
	xenBootMark(xenBootOsinitDone)
}

func goenvs() {
	goenvs_unix()
}

func mpreinit(mp *m) {
	mp.gsignal = malg(32 * 1024)
	mp.gsignal.m = mp
}

func minit() {
	getg().m.procid = uint64(getg().m.xenID)
}

func unminit() {}

func sigsave(p *sigset) {}

func msigrestore(sigmask sigset) {}

//go:nosplit
//go:nowritebarrierrec
func clearSignalHandlers() {}

//go:nosplit
//go:nowritebarrierrec
func sigblock(exiting bool) {}

func initsig(preinit bool) {}

func sigdisable(sig uint32) {}

func sigignore(sig uint32) {}

//go:nosplit
func osyield_no_g() {
	osyield()
}

//go:linkname os_sigpipe os.sigpipe
func os_sigpipe() {
	throw("too many writes on closed pipe")
}

// crash is called by the runtime to end the program abnormally
// (GOTRACEBACK=crash): the domain shuts down as crashed.
func crash() {
	xenShutdown(_SHUTDOWN_crash)
}

//go:nosplit
func getRandomData(r []byte) {
	if xenReadRandom(r) != len(r) {
		throw("xen: no working hardware random number source (RDSEED/RDRAND missing, or failing its health check)")
	}
}

// readRandom fills r from the CPU's random number generator and
// returns how many bytes it filled.
//
//go:nosplit
func readRandom(r []byte) int {
	return xenReadRandom(r)
}

// xenRandCheck health-checks every word xenReadRandom takes; once the
// generator fails it, xenRandBroken keeps every later read failing, so
// that crypto/rand and the runtime fail closed, as when the CPU has no
// generator at all.
var (
	xenRandCheck  xenboot.RandCheck
	xenRandBroken bool
)

// xenRandWord, if not nil, is where xenReadRandom takes its words
// instead of xenHWRandWord. It is a fault-injection point for tests
// only (export_xen_test.go, and the tests/boot guest randhealth through
// go:linkname): QEMU's RDRAND cannot be made to fail, and the health
// check and fail-closed path must still be seen working under Xen.
// Nothing in the runtime sets it.
var xenRandWord func() (uint64, bool)

// xenHWRandWord draws one word from RDSEED, else RDRAND, and reports
// whether the CPU delivered one.
//
//go:nosplit
func xenHWRandWord() (uint64, bool) {
	if xenHasRDSEED {
		if v, ok := xenRDSEED(); ok {
			return v, true
		}
	}
	if xenHasRDRAND {
		return xenRDRAND()
	}
	return 0, false
}

// xenReadRandom fills r from RDSEED (else RDRAND) and returns how many
// bytes it filled: fewer than len(r) once the generator is broken.
//
//go:nosplit
func xenReadRandom(r []byte) int {
	if !xenHasRDRAND && !xenHasRDSEED {
		return 0
	}
	n := 0
	for n < len(r) && !xenRandBroken {
		v, ok := uint64(0), false
		for try := 0; try < xenboot.RandRetries && !ok; try++ {
			if xenRandWord != nil {
				v, ok = xenRandWord()
			} else {
				v, ok = xenHWRandWord()
			}
			ok = ok && xenRandCheck.Accept(v)
		}
		if !ok {
			xenRandBroken = true
			break
		}
		for i := 0; i < 8 && n < len(r); i++ {
			r[n] = byte(v >> (8 * i))
			n++
		}
	}
	return n
}

func signame(sig uint32) string {
	if sig >= uint32(len(sigtable)) {
		return ""
	}
	return sigtable[sig].name
}

// Signal numbers and codes as on linux/amd64, so that fault panics read
// the same as there.
const (
	_SIGILL      = 0x4
	_SIGTRAP     = 0x5
	_SIGBUS      = 0x7
	_SIGFPE      = 0x8
	_SIGSEGV     = 0xb
	_SEGV_MAPERR = 0x1
	_SEGV_ACCERR = 0x2
	_BUS_ADRERR  = 0x2
	_FPE_INTDIV  = 0x1
	_FPE_INTOVF  = 0x2
	_SI_KERNEL   = 0x80
)

// sigpanic turns a fault recorded by the trap handler into a Go panic,
// as signal_unix.go does for signals.
func sigpanic() {
	gp := getg()
	if !canpanic() {
		throw("unexpected signal during runtime execution")
	}
	switch gp.sig {
	case _SIGSEGV:
		if (gp.sigcode0 == 0 || gp.sigcode0 == _SEGV_MAPERR || gp.sigcode0 == _SEGV_ACCERR || gp.sigcode0 == _SI_KERNEL) && gp.sigcode1 < 0x1000 {
			panicmem()
		}
		if gp.paniconfault {
			panicmemAddr(gp.sigcode1)
		}
		print("unexpected fault address ", hex(gp.sigcode1), "\n")
		throw("fault")
	case _SIGFPE:
		switch gp.sigcode0 {
		case _FPE_INTDIV:
			panicdivide()
		case _FPE_INTOVF:
			panicoverflow()
		}
		panicfloat()
	}
	if gp.sig >= uint32(len(sigtable)) {
		throw("unexpected signal value")
	}
	panic(errorString(sigtable[gp.sig].name))
}

// preemptM asks the running goroutine of mp to stop at its next async
// safe point. The request is carried out by the next upcall on the vCPU
// running mp (preempt_xen.go): an IPI makes one now.
func preemptM(mp *m) {
	mp.xenPreemptRequest.Store(true)
	if id := mp.xenOnCPU.Load(); id < xenNumCPU {
		xenNotify(xenCPUs[id].ipiPort)
	}
}

const preemptMSupported = true

func getCPUCount() int32 { return int32(xenNumCPU) }

func libpreinit() {}

func newosproc0(stacksize uintptr, fn unsafe.Pointer) {
	throw("xen: newosproc0")
}

// unix_xenGetRandom serves crypto/rand (through internal/syscall/unix):
// it fills b from RDSEED/RDRAND and returns how many bytes it filled, or
// -1 if the CPU has neither.
//
//go:linkname unix_xenGetRandom internal/syscall/unix.xenGetRandom
func unix_xenGetRandom(b []byte) int {
	if !xenHasRDRAND && !xenHasRDSEED {
		return -1
	}
	return xenReadRandom(b)
}
