// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// The flags run and config share: the guest's settings, over those of the environment
// (optionsFromEnv), so that both commands boot what exec would boot.

// guestFlags are the settings flags name, applied to options once parsed.
type guestFlags struct {
	memory, vcpus, guestType flagSetting
	net, cwd, ramdisk        flagSetting
	env, mounts, vifs, disks listFlag
}

// flagSetting is a string flag that knows whether it was given.
type flagSetting struct {
	value string
	set   bool
}

func (f *flagSetting) String() string { return f.value }
func (f *flagSetting) Set(v string) error {
	f.value, f.set = v, true
	return nil
}

// listFlag collects every use of a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func (g *guestFlags) register(fs *flag.FlagSet) {
	fs.Var(&g.memory, "memory", "`MB` of the guest's RAM (default $XEN_GUEST_MEMORY, else 256)")
	fs.Var(&g.vcpus, "vcpus", "`N` vCPUs: GOMAXPROCS and runtime.NumCPU follow it (default $XEN_GUEST_VCPUS, else 1)")
	fs.Var(&g.guestType, "type", "`TYPE` of guest, pvh or pv (default $XEN_GUEST_TYPE, else pvh)")
	fs.Var(&g.env, "env", "set `KEY=VALUE` in the program's environment (repeatable)")
	fs.Var(&g.net, "net", "the first vif's `SETTINGS`, \"ip=ADDR/LEN gw=ADDR dns=ADDR\" (default $XEN_GUEST_NET, else DHCP)")
	fs.Var(&g.mounts, "mount", "mount disk `DISK=/DIR[,ro]` before main, as xvda=/data (repeatable; default $XEN_GUEST_MOUNT)")
	fs.Var(&g.vifs, "vif", "add a network interface, xl's vif `SPEC`, as bridge=xenbr0 (repeatable)")
	fs.Var(&g.disks, "disk", "add a disk, xl's disk `SPEC`, as format=raw,vdev=xvda,access=rw,target=/path/disk.img (repeatable)")
	fs.Var(&g.ramdisk, "ramdisk", "give `FILE`, a tar archive, as the ramdisk: the guest unpacks it into its root")
	fs.Var(&g.cwd, "cwd", "start the program in `DIR` (created if missing)")
}

// apply sets o from the flags that were given.
func (g *guestFlags) apply(o *options) error {
	if g.memory.set {
		n, err := parsePositive(g.memory.value)
		if err != nil {
			return fmt.Errorf("bad -memory %q (MB)", g.memory.value)
		}
		o.memory = n
	}
	if g.vcpus.set {
		n, err := parsePositive(g.vcpus.value)
		if err != nil {
			return fmt.Errorf("bad -vcpus %q", g.vcpus.value)
		}
		o.vcpus = n
	}
	if g.guestType.set {
		if err := checkGuestType(g.guestType.value); err != nil {
			return fmt.Errorf("bad -type %q (pvh or pv)", g.guestType.value)
		}
		o.guestType = g.guestType.value
	}
	for _, kv := range g.env {
		k, _, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return fmt.Errorf("bad -env %q (want KEY=VALUE)", kv)
		}
		o.env = setEnv(o.env, kv)
	}
	if g.net.set {
		net, err := netSettings(g.net.value)
		if err != nil {
			return err
		}
		o.net = net
	}
	if len(g.mounts) > 0 {
		m, err := mountSettings(strings.Join(g.mounts, " "))
		if err != nil {
			return err
		}
		o.mounts = m
	}
	for _, l := range [][]string{g.vifs, g.disks} {
		for _, s := range l {
			if err := xlWritable(s); err != nil {
				return err
			}
		}
	}
	o.vifs, o.disks = g.vifs, g.disks
	if g.cwd.set {
		if !strings.HasPrefix(g.cwd.value, "/") {
			return fmt.Errorf("bad -cwd %q (an absolute path in the guest)", g.cwd.value)
		}
		o.guestCwd = g.cwd.value
	}
	return nil
}

// setEnv sets kv in env, in place of an entry with the same key: the guest, as Linux,
// would see the first.
func setEnv(env []string, kv string) []string {
	k, _, _ := strings.Cut(kv, "=")
	for i, e := range env {
		if strings.HasPrefix(e, k+"=") {
			out := append([]string(nil), env...)
			out[i] = kv
			return out
		}
	}
	return append(env, kv)
}

// xlWritable refuses a string that an xl config cannot hold as a quoted string.
func xlWritable(s string) error {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '"' || c == '\\' {
			return fmt.Errorf("%q cannot be written in an xl config (it holds %q)", s, s[i:i+1])
		}
	}
	return nil
}

// parseFlags parses a command's flags, reporting errors as the go command does: the
// message, the usage line, status 2. It returns the remaining arguments, or the exit status.
func parseFlags(c *command, fs *flag.FlagSet, args []string) ([]string, int, bool) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(os.Stderr, "go tool xen %s: %v\n", c.name, err)
		}
		return nil, usageError(c), false
	}
	return fs.Args(), 0, true
}

// flagDefaults is the flags' part of a command's help.
func flagDefaults(fs *flag.FlagSet) string {
	var b strings.Builder
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return b.String()
}
