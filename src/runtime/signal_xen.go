// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import _ "unsafe" // for go:linkname

// Signals. No kernel delivers signals on xen: the ones that arrive are
// those the program sends itself (syscall.Kill, os.Process.Signal) and
// the toolstack's requests (xl shutdown and xl reboot become SIGTERM, see
// xen/control). Each is handled as Go on Linux handles a signal: os/signal
// gets it if the program asked for it; otherwise the signals that end a
// Go program end it, those that crash one crash it with every
// goroutine's stack, and the rest are dropped.

// What a signal does when os/signal does not take it.
const (
	sigDrop      = iota // nothing
	sigTerminate        // the program exits, as one the signal killed
	sigCrash            // the program crashes: exit status 2, every stack
)

// sigtable has the signals of linux/amd64, by number: the name Go gives
// each, and its action. The faults (SIGSEGV and the like) that the trap
// handler raises become panics (sigpanic); sent by kill, they crash the
// program, as on Linux.
var sigtable = [...]struct {
	name   string
	action uint8
}{
	1:  {"SIGHUP: terminal line hangup", sigTerminate},
	2:  {"SIGINT: interrupt", sigTerminate},
	3:  {"SIGQUIT: quit", sigCrash},
	4:  {"SIGILL: illegal instruction", sigCrash},
	5:  {"SIGTRAP: trace trap", sigCrash},
	6:  {"SIGABRT: abort", sigCrash},
	7:  {"SIGBUS: bus error", sigCrash},
	8:  {"SIGFPE: floating-point exception", sigCrash},
	9:  {"SIGKILL: kill", sigTerminate},
	10: {"SIGUSR1: user-defined signal 1", sigDrop},
	11: {"SIGSEGV: segmentation violation", sigCrash},
	12: {"SIGUSR2: user-defined signal 2", sigDrop},
	13: {"SIGPIPE: write to broken pipe", sigDrop},
	14: {"SIGALRM: alarm clock", sigDrop},
	15: {"SIGTERM: termination", sigTerminate},
	16: {"SIGSTKFLT: stack fault", sigCrash},
	17: {"SIGCHLD: child status has changed", sigDrop},
	18: {"SIGCONT: continue", sigDrop},
	19: {"SIGSTOP: stop, unblockable", sigDrop}, // no job control
	20: {"SIGTSTP: keyboard stop", sigDrop},
	21: {"SIGTTIN: background read from tty", sigDrop},
	22: {"SIGTTOU: background write to tty", sigDrop},
	23: {"SIGURG: urgent condition on socket", sigDrop},
	24: {"SIGXCPU: cpu limit exceeded", sigDrop},
	25: {"SIGXFSZ: file size limit exceeded", sigDrop},
	26: {"SIGVTALRM: virtual alarm clock", sigDrop},
	27: {"SIGPROF: profiling alarm clock", sigDrop},
	28: {"SIGWINCH: window size change", sigDrop},
	29: {"SIGIO: i/o now possible", sigDrop},
	30: {"SIGPWR: power failure restart", sigDrop},
	31: {"SIGSYS: bad system call", sigCrash},
}

const _SIGKILL = 9

// syscall_raise delivers signal sig (1 to _NSIG-1) to the program.
//
//go:linkname syscall_raise syscall.raise
func syscall_raise(sig uint32) {
	if sig != _SIGKILL && sigsend(sig) {
		return // os/signal has it
	}
	if sig >= uint32(len(sigtable)) || (sig != _SIGKILL && signal_ignored(sig)) {
		return
	}
	switch sigtable[sig].action {
	case sigTerminate:
		print(sigtable[sig].name, "\n")
		exit(128 + int32(sig))
	case sigCrash:
		setTraceback("all")
		throw(sigtable[sig].name)
	}
}

// syscall.raise for xen/control (through xencall).
//
//go:linkname control_raise xen/internal/xencall.raise
func control_raise(sig uint32) { syscall_raise(sig) }

// xenControlStart starts xen/control's service of the toolstack's
// requests; it is set if xen/control is linked in, as it is with
// os/signal. The first signal a program asks for starts it: the
// toolstack's requests are signals, and a program that asks for none
// but uses the network gets the service from xen/netstack.
var xenControlStart func()

//go:linkname control_setStarter xen/internal/xencall.setControlStarter
func control_setStarter(start func()) { xenControlStart = start }

// sigenable is called when os/signal first asks for sig.
func sigenable(sig uint32) {
	if start := xenControlStart; start != nil {
		start()
	}
}

// xenRebootAsked is set when the toolstack asks for a reboot (xl reboot):
// the domain then ends with reason reboot, however the program exits,
// unless it crashes.
var xenRebootAsked bool

//go:linkname control_askReboot xen/internal/xencall.askReboot
func control_askReboot() { xenRebootAsked = true }
