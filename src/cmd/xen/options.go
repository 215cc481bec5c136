// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// A guest's settings. exec takes them from the environment alone (optionsFromEnv); run and
// config start from the same and let flags override them (flags.go).

type options struct {
	binary, base  string
	args, env     []string
	timeout       time.Duration
	memory, vcpus int
	guestType     string
	extraConfig   string
	net           []string // network settings for the command line (XEN_GUEST_NET)
	mounts        []string // mount: tokens for the command line (XEN_GUEST_MOUNT)
	vifs, disks   []string // the config's vif and disk lists (run and config flags)
	guestCwd      string   // the guest's working directory, when not the host's (run and config flags)
	verbose, keep bool
	timingsFile   string
	stdin         stdinMode
	cwd           string   // the host's working directory
	files         []string // shipped to the guest as its ramdisk (files.go)
	ramdisk       string   // or this file, as it is
	filesMax      int64
}

func optionsFromEnv(binary string, args, environ []string) (*options, error) {
	get := func(k string) string {
		for _, e := range environ {
			if strings.HasPrefix(e, k+"=") {
				return e[len(k)+1:]
			}
		}
		return ""
	}
	o := &options{binary: binary, args: args, env: guestEnv(environ), timeout: 300 * time.Second,
		memory: 256, vcpus: 1, guestType: "pvh"}
	o.base = domainSafe(filepath.Base(binary))
	if v := get("XEN_EXEC_TIMEOUT"); v != "" {
		d, err := parseTimeout(v)
		if err != nil {
			return nil, fmt.Errorf("bad XEN_EXEC_TIMEOUT %q (seconds, or a duration like 5m)", v)
		}
		o.timeout = d
	}
	for k, p := range map[string]*int{"XEN_GUEST_MEMORY": &o.memory, "XEN_GUEST_VCPUS": &o.vcpus} {
		if v := get(k); v != "" {
			n, err := parsePositive(v)
			if err != nil {
				return nil, fmt.Errorf("bad %s %q", k, v)
			}
			*p = n
		}
	}
	if v := get("XEN_GUEST_TYPE"); v != "" {
		if err := checkGuestType(v); err != nil {
			return nil, fmt.Errorf("bad XEN_GUEST_TYPE %q (pvh or pv)", v)
		}
		o.guestType = v
	}
	o.extraConfig = get("XEN_GUEST_CONFIG")
	net, err := netSettings(get("XEN_GUEST_NET"))
	if err != nil {
		return nil, err
	}
	mounts, err := mountSettings(get("XEN_GUEST_MOUNT"))
	if err != nil {
		return nil, err
	}
	o.net, o.mounts = net, mounts
	o.verbose = get("XEN_EXEC_VERBOSE") != "" && get("XEN_EXEC_VERBOSE") != "0"
	o.keep = get("XEN_EXEC_KEEP") != "" && get("XEN_EXEC_KEEP") != "0"
	o.timingsFile = get("XEN_EXEC_TIMINGS")
	o.filesMax = defaultFilesMax
	if v := get("XEN_EXEC_FILES_MAX"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad XEN_EXEC_FILES_MAX %q (MB)", v)
		}
		o.filesMax = int64(n) << 20
	}
	return o, nil
}

func domainSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(isSafe(c) && c != '/' && c != ':' && c != '=' && c != ',' && c != '+' && c != '@' && c != '~') {
			b[i] = '_'
		}
	}
	if len(b) > 24 {
		b = b[:24]
	}
	return string(b)
}

// parseTimeout reads a timeout in seconds ("90") or as a Go duration ("5m").
func parseTimeout(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if n, err2 := strconv.Atoi(v); err2 == nil {
		d, err = time.Duration(n)*time.Second, nil
	}
	if err == nil && d <= 0 {
		err = fmt.Errorf("not positive")
	}
	return d, err
}

func parsePositive(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err == nil && n <= 0 {
		err = fmt.Errorf("not positive")
	}
	return n, err
}

func checkGuestType(v string) error {
	if v != "pvh" && v != "pv" {
		return fmt.Errorf("want pvh or pv")
	}
	return nil
}
