// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// The domain's command line (xl's cmdline= or extra=) carries os.Args
// and the environment:
//
//	[argv0:NAME] [env:KEY=VALUE ...] [ip=... gw=... dns=...] [cwd:DIR] [stdin:eof] [--] ARG ...
//
// Tokens are separated by spaces; inside a token, %XX stands for the
// byte XX, so arguments may hold spaces, and '' is the empty string.
// ip=, gw= and dns= tokens configure the network (xen/netstack); cwd:
// names the working directory, created if missing (ramdisk_xen.go).
// stdin:eof closes standard input, as a
// launcher with nothing to send does (otherwise it is the console's
// input). Without "--", tokens after the env: ones are arguments. os.Args[0] is NAME, or "xen" if not given.
// The result is laid out like a C argv followed by envp, so that goargs
// and goenvs_unix read it as on Unix.

const (
	xenCmdlineMax = 8192
	xenArgvMax    = 512
)

var (
	xenCmdlineBuf [xenCmdlineMax]byte
	xenArgvBuf    [xenArgvMax + 2]*byte
)

var xenDefaultArgv0 = [...]byte{'x', 'e', 'n', 0}

// The network settings (ip=, gw=, dns= tokens) for xen/netstack.
var (
	xenNetSettingsBuf [16]*byte
	xenNetSettingsN   int
)

//go:linkname xencall_netSettings xen/internal/xencall.netSettings
func xencall_netSettings() []string {
	s := make([]string, xenNetSettingsN)
	for i := range s {
		s[i] = gostring(xenNetSettingsBuf[i])
	}
	return s
}

func xenParseCmdline() {
	var line []byte
	if pa := uintptr(xenStartInfo.cmdlinePaddr); pa != 0 {
		s := (*[xenCmdlineMax - 1]byte)(unsafe.Pointer(pa))
		n := 0
		for n < len(s) && s[n] != 0 {
			n++
		}
		line = xenCmdlineBuf[:n]
		copy(line, s[:n])
	}
	// Split in place: each token is decoded and NUL-terminated within
	// the buffer (decoding only shortens it).
	var args, envs [xenArgvMax]*byte
	nargs, nenvs := 0, 0
	argv0 := &xenDefaultArgv0[0]
	inArgs := false
	for i := 0; i < len(line); {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			break
		}
		start := i
		for i < len(line) && line[i] != ' ' {
			i++
		}
		tok := line[start:i]
		n := 0 // '' is the empty string; compared before decoding, as %27%27 is "''"
		if string(tok) != "''" {
			n = xenPercentDecode(tok)
		}
		if i < len(line) {
			line[i] = 0
			i++
		}
		if start+n < len(xenCmdlineBuf) {
			xenCmdlineBuf[start+n] = 0
		}
		tok = tok[:n]
		p := &line[start]
		switch {
		case !inArgs && string(tok) == "--":
			inArgs = true
			continue
		case !inArgs && xenHasPrefix(tok, "argv0:"):
			argv0 = &line[start+len("argv0:")]
			continue
		case !inArgs && xenHasPrefix(tok, "cwd:"):
			xenStartDir = &line[start+len("cwd:")]
			continue
		case !inArgs && string(tok) == "stdin:eof":
			xenStdinEOF = true
			continue
		case !inArgs && (xenHasPrefix(tok, "ip=") || xenHasPrefix(tok, "gw=") || xenHasPrefix(tok, "dns=")):
			if xenNetSettingsN < len(xenNetSettingsBuf) {
				xenNetSettingsBuf[xenNetSettingsN] = p
				xenNetSettingsN++
			}
			continue
		case !inArgs && xenHasPrefix(tok, "env:"):
			if nenvs < len(envs) {
				envs[nenvs] = &line[start+len("env:")]
				nenvs++
			}
			continue
		}
		inArgs = true
		if nargs < len(args) {
			args[nargs] = p
			nargs++
		}
	}
	if nargs+nenvs+3 > len(xenArgvBuf) {
		nenvs = len(xenArgvBuf) - nargs - 3
	}
	v := xenArgvBuf[:0]
	v = append(v, argv0)
	v = append(v, args[:nargs]...)
	v = append(v, nil)
	v = append(v, envs[:nenvs]...)
	v = append(v, nil)
	argc = int32(1 + nargs)
	argv = &xenArgvBuf[0]
}

func xenHasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

// xenPercentDecode decodes %XX escapes in b in place and returns the
// decoded length. A malformed escape is kept as it is.
func xenPercentDecode(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '%' && i+2 < len(b) && xenUnhex(b[i+1]) >= 0 && xenUnhex(b[i+2]) >= 0 {
			c = byte(xenUnhex(b[i+1])<<4 | xenUnhex(b[i+2]))
			i += 2
		}
		b[n] = c
		n++
	}
	return n
}

func xenUnhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return int(c - 'A' + 10)
	}
	return -1
}
