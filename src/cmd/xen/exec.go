// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The exec command: what go run and go test call, through go_xen_amd64_exec, for GOOS=xen.
// It runs the program as a guest on this machine's own xl when it is dom0 of a real Xen
// (local.go), else in the QEMU harness's dom0 (spool.go), and exits with its status. Its
// settings are environment variables (scripts/harness/README.md, "Environment").
package main

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"time"
)

var cmdExec = &command{
	name:      "exec",
	usageLine: "exec BINARY [ARGS...]",
	short:     "run a program as a guest: what go run and go test call",
	long: `
Exec runs BINARY, a program built with GOOS=xen, as a Xen guest with ARGS
as its arguments, streams its console to standard output and exits with
the program's exit status. go run and go test call it for GOOS=xen through
go_xen_amd64_exec on PATH (scripts/go_xen_amd64_exec runs it).

A test binary (NAME.test) gets its package's files and testdata trees as
its ramdisk and starts in the package directory, as on Linux.

It boots the guest with this machine's xl when it is dom0 of a real Xen,
else in the QEMU harness, which it starts when it does not run. It takes
no flags: ARGS are the program's, and the settings are environment
variables (scripts/harness/README.md, "Environment"):

	XEN_EXEC_MODE        local (this machine's xl) or harness; unset: local on a dom0
	XEN_EXEC_TIMEOUT     seconds, or a duration (5m), from xl create on (300)
	XEN_GUEST_MEMORY     MB of the guest (256)
	XEN_GUEST_VCPUS      vCPUs of the guest (1)
	XEN_GUEST_TYPE       pvh or pv (pvh)
	XEN_GUEST_CONFIG     more xl config lines
	XEN_GUEST_NET        the first vif's settings: ip=ADDR/LEN gw=ADDR dns=ADDR
	XEN_GUEST_MOUNT      disks to mount before main: xvda=/data[,ro] ...
	XEN_GUEST_ENV_K=V    K=V in the program's environment (GOTRACEBACK, GODEBUG,
	                     GOGC, GOMAXPROCS and GOMEMLIMIT pass as they are)
	XEN_EXEC_FILES       more paths to ship to the guest; none: ship nothing
	XEN_EXEC_FILES_MAX   MB of files shipped at most (64)
	XEN_EXEC_RAMDISK     a file given to the guest as its ramdisk, as it is
	XEN_EXEC_STDIN       console: leave the console's input live
	XEN_EXEC_KEEP        1: keep the job's directory
	XEN_EXEC_VERBOSE     1: print a timing line on standard error
	XEN_EXEC_TIMINGS     append that line to this file
	XEN_HARNESS_DIR      the harness's state (default: its checkout's build/harness)
	XEN_HARNESS_SCRIPTS  the harness's scripts (default: GOROOT/misc/xen/harness names them)

The exit status is the program's; 2 when the domain crashed without one,
124 when it timed out, 125 when it could not run, 128+N when the client
got signal N. Messages start with "go_xen_amd64_exec:".
`,
}

func init() { cmdExec.run = runExec }

// execPrefix starts the exec command's messages: scripts that read go test's output
// (tests/stdconf) know them by it.
const execPrefix = "go_xen_amd64_exec"

// prog starts every message of a run; the command sets it.
var prog = execPrefix

func fail(format string, a ...any) int {
	fmt.Fprintf(os.Stderr, prog+": "+format+"\n", a...)
	return 125
}

func runExec(args []string) int {
	if len(args) < 1 {
		return usageError(cmdExec)
	}
	mode, err := execMode(os.Getenv("XEN_EXEC_MODE"), probeDom0)
	if err != nil {
		return fail("%v", err)
	}
	if args[0] == "--print-mode" {
		// Scripts ask, to know whether a run will need the harness.
		fmt.Println(mode)
		return 0
	}
	o, err := optionsFromEnv(args[0], args[1:], os.Environ())
	if err != nil {
		return fail("%v", err)
	}
	if err := o.hostSide(os.Getenv("XEN_EXEC_FILES"), os.Getenv("XEN_EXEC_RAMDISK")); err != nil {
		return fail("%v", err)
	}
	return runJob(o, mode)
}

// hostSide fills in what comes from this machine: standard input's kind, the working
// directory and the files to ship (filesSpec, as XEN_EXEC_FILES) or the ramdisk to give.
func (o *options) hostSide(filesSpec, ramdisk string) error {
	var err error
	o.stdin = stdinModeOf(os.Stdin)
	if o.cwd, err = os.Getwd(); err != nil {
		return err
	}
	if o.ramdisk = ramdisk; o.ramdisk != "" {
		if filesSpec != "" {
			return fmt.Errorf("XEN_EXEC_RAMDISK and XEN_EXEC_FILES cannot be used together")
		}
		return nil
	}
	o.files, err = guestFiles(o.binary, o.cwd, filesSpec)
	return err
}

// runJob boots the guest in mode and returns the exit status of its program.
func runJob(o *options, mode string) int {
	j := &job{opt: o, onEnd: "preserve"}
	j.id = fmt.Sprintf("%d-%d-%04x", time.Now().UnixNano(), os.Getpid(), rand.Intn(1<<16))
	j.name = "go-" + o.base + "-" + j.id
	if mode == modeLocal {
		return j.runLocal()
	}
	hdir, err := startHarness()
	if err != nil {
		return fail("%v", err)
	}
	j.spool, j.pidfile = filepath.Join(hdir, "spool"), filepath.Join(hdir, "run", "qemu.pid")
	j.dir = filepath.Join(j.spool, "jobs", j.id)
	// dom0 copies jobs/ID/image and jobs/ID/files into its tmpfs (scripts/harness/dom0/jobrunner).
	j.kernel, j.ramdisk = "/tmp/img/"+j.id, "/tmp/img/"+j.id+".files"
	if err := j.submit(); err != nil {
		os.RemoveAll(j.dir)
		return fail("cannot submit the job: %v", err)
	}
	j.console = filepath.Join(j.spool, "consoles", "guest-"+j.name+".log")
	if !o.keep {
		defer os.RemoveAll(j.dir)
		defer os.Remove(j.console)
	}
	return j.wait()
}
