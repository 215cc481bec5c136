// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

var cmdRun = &command{
	name:      "run",
	usageLine: "run [flags] IMAGE [ARGS...]",
	short:     "boot an image and stream its console",
	long: `
Run boots IMAGE, a program built with GOOS=xen, as a Xen guest with ARGS as
its arguments, streams its console to standard output (standard input goes
to the console) and exits with the program's exit status, as exec does:
with this machine's xl when it is dom0 of a real Xen, else in the QEMU
harness, which it starts when it does not run.

It takes exec's environment variables (go tool xen help exec); the flags
override them. Unlike exec it ships no files unless asked (-files).
`,
}

func init() {
	cmdRun.run = runRun
	cmdRun.flags = new(runFlags).flagSet
}

// runFlags are run's own flags, besides the guest's.
type runFlags struct {
	guest         guestFlags
	timeout, mode flagSetting
	files         flagSetting
	keep, verbose bool
}

func (f *runFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	f.guest.register(fs)
	fs.Var(&f.files, "files", "ship these `PATHS` (space-separated files or directories) to the guest, at the same paths")
	fs.Var(&f.timeout, "timeout", "destroy the domain after `D`, seconds or a duration like 5m (default $XEN_EXEC_TIMEOUT, else 300)")
	fs.Var(&f.mode, "mode", "`MODE`: local (this machine's xl) or harness (the QEMU harness) (default $XEN_EXEC_MODE, else local on a dom0)")
	fs.BoolVar(&f.keep, "keep", false, "keep the job's directory (config, image, logs)")
	fs.BoolVar(&f.verbose, "v", false, "print a timing line on standard error")
	return fs
}

func runRun(args []string) int {
	prog = "go tool xen run"
	var f runFlags
	args, status, ok := parseFlags(cmdRun, f.flagSet(), args)
	if !ok {
		return status
	}
	if len(args) == 0 {
		return usageError(cmdRun)
	}
	o, mode, files, err := f.settings(args[0], args[1:], os.Environ())
	if err != nil {
		return fail("%v", err)
	}
	if mode, err = execMode(mode, probeDom0); err != nil {
		return fail("%v", err)
	}
	if _, err := os.Stat(o.binary); err != nil {
		return fail("%v", err)
	}
	if err := o.hostSide(files, o.ramdisk); err != nil {
		return fail("%v", err)
	}
	return runJob(o, mode)
}

// settings returns the guest's options, the mode's setting and the files to ship, from the
// environment and the flags over it.
func (f *runFlags) settings(image string, args, environ []string) (o *options, mode, files string, err error) {
	getenv := func(k string) string {
		for _, e := range environ {
			if v, ok := strings.CutPrefix(e, k+"="); ok {
				return v
			}
		}
		return ""
	}
	if o, err = optionsFromEnv(image, args, environ); err != nil {
		return nil, "", "", err
	}
	if err = f.guest.apply(o); err != nil {
		return nil, "", "", err
	}
	if f.timeout.set {
		if o.timeout, err = parseTimeout(f.timeout.value); err != nil {
			return nil, "", "", fmt.Errorf("bad -timeout %q (seconds, or a duration like 5m)", f.timeout.value)
		}
	}
	o.keep = o.keep || f.keep
	o.verbose = o.verbose || f.verbose
	mode, files, o.ramdisk = orEnv(f.mode, getenv("XEN_EXEC_MODE")), orEnv(f.files, getenv("XEN_EXEC_FILES")),
		orEnv(f.guest.ramdisk, getenv("XEN_EXEC_RAMDISK"))
	switch {
	case files != "" && o.ramdisk != "":
		return nil, "", "", fmt.Errorf("-files (XEN_EXEC_FILES) and -ramdisk (XEN_EXEC_RAMDISK) cannot be used together")
	case files == "" && o.ramdisk == "":
		files = "none" // exec's default would ship a test binary's package
	}
	return o, mode, files, nil
}

// orEnv is the flag's value if it was given, else the environment's.
func orEnv(f flagSetting, env string) string {
	if f.set {
		return f.value
	}
	return env
}
