// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"fmt"
	"sort"
	"strings"
)

// The guest's command line carries its program name, environment and arguments (see
// scripts/harness/README.md, "Command-line protocol"):
//   argv0:NAME env:K1=V1 env:K2=V2 [ip=... gw=... dns=...] [mount:DISK=DIR[,ro]] [cwd:DIR]
//   [stdin:eof] -- ARG1 ARG2
// each entry percent-encoded: bytes outside [A-Za-z0-9._~/:=,+@-] become %XX, and the empty
// string is the token '' (two apostrophes, which cannot otherwise occur).

func isSafe(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		strings.IndexByte("._~/:=,+@-", c) >= 0
}

func encodeToken(s string) string {
	if s == "" {
		return "''"
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; isSafe(c) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func encodeCmdline(argv0 string, env, net []string, cwd string, args []string, stdinEOF bool) string {
	var t []string
	if argv0 != "" {
		t = append(t, "argv0:"+encodeToken(argv0))
	}
	for _, e := range env {
		t = append(t, "env:"+encodeToken(e))
	}
	for _, n := range net {
		t = append(t, encodeToken(n))
	}
	if cwd != "" {
		t = append(t, "cwd:"+encodeToken(cwd))
	}
	if stdinEOF {
		t = append(t, "stdin:eof")
	}
	t = append(t, "--")
	for _, a := range args {
		t = append(t, encodeToken(a))
	}
	return strings.Join(t, " ")
}

// Variables passed to the guest under their own name when set on the host.
var passThrough = []string{"GOTRACEBACK", "GODEBUG", "GOGC", "GOMAXPROCS", "GOMEMLIMIT"}

const guestEnvPrefix = "XEN_GUEST_ENV_"

// guestEnv returns the environment for the guest: the pass-through variables, then every
// XEN_GUEST_ENV_K=V as K=V, sorted.
func guestEnv(environ []string) []string {
	var env, extra []string
	for _, k := range passThrough {
		for _, e := range environ {
			if strings.HasPrefix(e, k+"=") {
				env = append(env, e)
			}
		}
	}
	for _, e := range environ {
		if strings.HasPrefix(e, guestEnvPrefix) && !strings.HasPrefix(e[len(guestEnvPrefix):], "=") {
			extra = append(extra, e[len(guestEnvPrefix):])
		}
	}
	sort.Strings(extra)
	return append(env, extra...)
}

// netSettings splits XEN_GUEST_NET ("ip=10.88.0.2/24 gw=10.88.0.1") into the guest's network
// settings, refusing what the guest would not know.
func netSettings(v string) ([]string, error) {
	f := strings.Fields(v)
	for _, s := range f {
		k, _, ok := strings.Cut(s, "=")
		if !ok || (k != "ip" && k != "gw" && k != "dns") {
			return nil, fmt.Errorf("bad XEN_GUEST_NET setting %q (want ip=ADDR/LEN or ip=dhcp, gw=ADDR, dns=ADDR[,ADDR])", s)
		}
	}
	return f, nil
}

// mountSettings turns XEN_GUEST_MOUNT ("xvda=/data xvdb=/ref,ro") into the guest's mount:
// tokens, refusing what the guest would refuse at boot.
func mountSettings(v string) ([]string, error) {
	var t []string
	for _, s := range strings.Fields(v) {
		disk, dir, ok := strings.Cut(s, "=")
		dir, opt, _ := strings.Cut(dir, ",")
		if !ok || disk == "" || !strings.HasPrefix(dir, "/") || (opt != "" && opt != "ro" && opt != "rw") {
			return nil, fmt.Errorf("bad XEN_GUEST_MOUNT setting %q (want DISK=/DIR or DISK=/DIR,ro, as xvda=/data)", s)
		}
		t = append(t, "mount:"+s)
	}
	return t, nil
}
