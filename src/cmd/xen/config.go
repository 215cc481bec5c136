// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"flag"
	"os"
	"path/filepath"
)

var cmdConfig = &command{
	name:      "config",
	usageLine: "config [flags] IMAGE [ARGS...]",
	short:     "print an xl config that boots an image",
	long: `
Config prints an xl config that boots IMAGE, a program built with GOOS=xen,
as a PVH guest with ARGS as its arguments: xl create CONFIG runs it, and
xl console shows its console (its standard input and output).

The config names the domain, the image (IMAGE as an absolute path: it
need not exist here, for a config used on another machine), its memory
and vCPUs, its vifs and disks, and its command line, which carries the
program's name, arguments and environment encoded as exec encodes them
(scripts/harness/README.md, "Command-line protocol"). It sets
tsc_mode = "native", which Xen under QEMU's TCG needs, and destroys the
domain when the program ends.

It takes exec's environment variables for the guest (XEN_GUEST_MEMORY,
XEN_GUEST_VCPUS, XEN_GUEST_TYPE, XEN_GUEST_CONFIG, XEN_GUEST_NET,
XEN_GUEST_MOUNT, XEN_GUEST_ENV_K=V and the variables passed as they are,
go tool xen help exec); the flags override them.
`,
}

func init() {
	cmdConfig.run = runConfig
	cmdConfig.flags = new(configFlags).flagSet
}

// configFlags are config's own flags, besides the guest's.
type configFlags struct {
	guest guestFlags
	name  flagSetting
	out   string
}

func (f *configFlags) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("config", flag.ContinueOnError)
	f.guest.register(fs)
	fs.Var(&f.name, "name", "the domain's `NAME` (default go-IMAGE, IMAGE's base name)")
	fs.StringVar(&f.out, "o", "", "write the config to `FILE` instead of standard output")
	return fs
}

func runConfig(args []string) int {
	prog = "go tool xen config"
	var f configFlags
	args, status, ok := parseFlags(cmdConfig, f.flagSet(), args)
	if !ok {
		return status
	}
	if len(args) == 0 {
		return usageError(cmdConfig)
	}
	text, err := configFor(&f, args[0], args[1:], os.Environ())
	if err != nil {
		return fail("%v", err)
	}
	if f.out == "" {
		_, err = os.Stdout.WriteString(text)
	} else {
		err = os.WriteFile(f.out, []byte(text), 0o644)
	}
	if err != nil {
		return fail("%v", err)
	}
	return 0
}

// configFor returns the xl config for image with args, from environ and the flags.
func configFor(f *configFlags, image string, args, environ []string) (string, error) {
	o, err := optionsFromEnv(image, args, environ)
	if err != nil {
		return "", err
	}
	if err := f.guest.apply(o); err != nil {
		return "", err
	}
	o.stdin = stdinConsole // xl console is the guest's terminal
	j := &job{opt: o, name: "go-" + o.base, onEnd: "destroy"}
	if f.name.set {
		j.name = f.name.value
	}
	if j.kernel, err = filepath.Abs(image); err != nil {
		return "", err
	}
	if f.guest.ramdisk.set {
		o.ramdisk = f.guest.ramdisk.value
		if j.ramdisk, err = filepath.Abs(o.ramdisk); err != nil {
			return "", err
		}
	}
	for _, s := range []string{j.name, j.kernel, j.ramdisk} {
		if err := xlWritable(s); err != nil {
			return "", err
		}
	}
	if err := j.checkCmdline(); err != nil {
		return "", err
	}
	return j.config(), nil
}
