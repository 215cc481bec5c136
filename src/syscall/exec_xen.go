// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Processes and signals: a xen guest is a single program, so there are no
// other processes to start, wait for or signal. The types exist so that
// package os builds; every operation fails with ENOSYS.

package syscall

import "sync"

var ForkLock sync.RWMutex

type WaitStatus uint32

func (w WaitStatus) Exited() bool       { return false }
func (w WaitStatus) ExitStatus() int    { return -1 }
func (w WaitStatus) Signaled() bool     { return false }
func (w WaitStatus) Signal() Signal     { return 0 }
func (w WaitStatus) CoreDump() bool     { return false }
func (w WaitStatus) Stopped() bool      { return false }
func (w WaitStatus) Continued() bool    { return false }
func (w WaitStatus) StopSignal() Signal { return 0 }
func (w WaitStatus) TrapCause() int     { return 0 }

type Rusage struct {
	Utime Timeval
	Stime Timeval
}

type Credential struct {
	Uid         uint32
	Gid         uint32
	Groups      []uint32
	NoSetGroups bool
}

type ProcAttr struct {
	Dir   string
	Env   []string
	Files []uintptr
	Sys   *SysProcAttr
}

type SysProcAttr struct {
	Credential *Credential
}

func StartProcess(argv0 string, argv []string, attr *ProcAttr) (pid int, handle uintptr, err error) {
	return 0, 0, ENOSYS
}

func ForkExec(argv0 string, argv []string, attr *ProcAttr) (pid int, err error) {
	return 0, ENOSYS
}

func Exec(argv0 string, argv []string, envv []string) error {
	return ENOSYS
}

func Wait4(pid int, wstatus *WaitStatus, options int, rusage *Rusage) (wpid int, err error) {
	return 0, ECHILD
}

// Kill can only address the program itself: its pid, or 0 for its
// process group. Before Kill returns, the runtime has queued the signal
// for os/signal or taken its default action (runtime/signal_xen.go).
// Signal 0 only checks that the process exists.
func Kill(pid int, sig Signal) error {
	if pid != 0 && pid != Getpid() {
		return ESRCH
	}
	if sig < 0 || sig >= 65 {
		return EINVAL
	}
	if sig != 0 {
		raise(uint32(sig))
	}
	return nil
}

// raise delivers sig to the program. Provided by package runtime.
func raise(sig uint32)
