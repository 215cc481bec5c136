// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/xenboot"
	"unsafe"
)

// The domain's command line (xl's cmdline= or extra=) carries os.Args
// and the environment:
//
//	[argv0:NAME] [env:KEY=VALUE ...] [ip=... gw=... dns=...] [mount:DISK=DIR[,ro] ...]
//	[cwd:DIR] [stdin:eof] [--] ARG ...
//
// internal/runtime/xenboot parses it (the syntax is described there).
// ip=, gw= and dns= tokens configure the network (xen/netstack); mount:
// tokens mount disks (xen/mount); cwd:
// names the working directory, created if missing (ramdisk_xen.go).
// stdin:eof closes standard input, as a launcher with nothing to send
// does (otherwise it is the console's input). os.Args[0] is NAME, or
// "xen" if not given. The result is laid out like a C argv followed by
// envp, so that goargs and goenvs_unix read it as on Unix.

var (
	xenCmdlineBuf [xenboot.CmdlineMax]byte
	xenCmdline    xenboot.Cmdline
	// Every token can be an argument or an environment entry, with
	// argv0 and two nil terminators besides.
	xenArgvBuf [xenboot.MaxTokens + 3]*byte
)

var xenDefaultArgv0 = [...]byte{'x', 'e', 'n', 0}

//go:linkname xencall_netSettings xen/internal/xencall.netSettings
func xencall_netSettings() []string {
	c := &xenCmdline
	s := make([]string, c.NNet)
	for i := range s {
		s[i] = gostring(&xenCmdlineBuf[c.Net[i]])
	}
	return s
}

//go:linkname xencall_mountSettings xen/internal/xencall.mountSettings
func xencall_mountSettings() []string {
	c := &xenCmdline
	s := make([]string, c.NMounts)
	for i := range s {
		s[i] = gostring(&xenCmdlineBuf[c.Mounts[i]])
	}
	return s
}

// xencall_fatalBeforeMain ends the domain as crashed, with msg on the
// console, for a failure of the domain's configuration found by a
// package's init (xen/mount): no goroutine traces, as for a bad
// command line.
//
//go:linkname xencall_fatalBeforeMain xen/internal/xencall.fatalBeforeMain
func xencall_fatalBeforeMain(msg string) {
	print(msg, "\n")
	xenShutdown(_SHUTDOWN_crash)
}

func xenParseCmdline() {
	n := 0
	if pa := uintptr(xenStartInfo.cmdlinePaddr); pa != 0 {
		s := (*[xenboot.CmdlineMax]byte)(unsafe.Pointer(pa))
		for n < len(s) && s[n] != 0 {
			n++
		}
		if n == len(s) {
			xenFatalEarly("xen: the command line is longer than 8191 bytes", "")
		}
		copy(xenCmdlineBuf[:], s[:n])
	}
	c := &xenCmdline
	if err := xenboot.ParseCmdline(xenCmdlineBuf[:], n, c); err != "" {
		xenFatalEarly("xen: bad command line: ", err)
	}
	at := func(off int32) *byte { return &xenCmdlineBuf[off] }
	v := xenArgvBuf[:0]
	if c.Argv0 >= 0 {
		v = append(v, at(c.Argv0))
	} else {
		v = append(v, &xenDefaultArgv0[0])
	}
	for _, off := range c.Args[:c.NArgs] {
		v = append(v, at(off))
	}
	v = append(v, nil)
	for _, off := range c.Envs[:c.NEnvs] {
		v = append(v, at(off))
	}
	v = append(v, nil)
	if c.Cwd >= 0 {
		xenStartDir = at(c.Cwd)
	}
	xenStdinEOF = c.StdinEOF
	argc = int32(1 + c.NArgs)
	argv = &xenArgvBuf[0]
}
