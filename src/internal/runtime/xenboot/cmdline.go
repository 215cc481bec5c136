// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

// The domain's command line (xl's cmdline= or extra=) carries os.Args
// and the environment:
//
//	[argv0:NAME] [env:KEY=VALUE ...] [ip=... gw=... dns=...] [mount:DISK=DIR[,ro] ...]
//	[cwd:DIR] [stdin:eof] [--] ARG ...
//
// Tokens are separated by spaces; inside a token, %XX stands for the
// byte XX, so arguments may hold spaces, and '' is the empty string.
// Without "--", the first token that is none of the above starts the
// arguments.

const (
	// CmdlineMax bounds the command line, its terminating NUL included.
	CmdlineMax = 8192
	// MaxTokens is the most tokens a command line can hold: each takes
	// a byte and a separator. So no token ever has to be dropped.
	MaxTokens = CmdlineMax / 2
	// MaxNetSettings bounds the ip=, gw= and dns= tokens.
	MaxNetSettings = 16
	// MaxMounts bounds the mount: tokens.
	MaxMounts = 16
)

// Cmdline is a parsed command line. Each string is an offset into the
// buffer given to ParseCmdline, where it ends with a NUL; -1 is absent.
type Cmdline struct {
	Argv0    int32
	Cwd      int32
	StdinEOF bool
	NArgs    int
	NEnvs    int
	NNet     int
	NMounts  int
	Args     [MaxTokens]int32
	Envs     [MaxTokens]int32
	Net      [MaxNetSettings]int32
	Mounts   [MaxMounts]int32 // DISK=DIR[,ro], after "mount:"
}

// ParseCmdline parses the command line buf[:n] in place: each token is
// decoded and NUL-terminated within buf (decoding only shortens it), so
// buf must have room for one byte more than n.
func ParseCmdline(buf []byte, n int, c *Cmdline) (err string) {
	c.Argv0, c.Cwd, c.StdinEOF = -1, -1, false
	c.NArgs, c.NEnvs, c.NNet, c.NMounts = 0, 0, 0, 0
	if n < 0 || n >= len(buf) || n >= CmdlineMax {
		return "command line too long"
	}
	line := buf[:n]
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
		if i < len(line) {
			i++ // past the separator, which the NUL may take
		}
		dn := 0 // '' is the empty string; compared before decoding, as %27%27 is "''"
		if string(tok) != "''" {
			dn = PercentDecode(tok)
		}
		buf[start+dn] = 0 // within the token, or at its separator, or at buf[n]
		tok = tok[:dn]
		off := int32(start)
		switch {
		case inArgs:
		case string(tok) == "--":
			inArgs = true
			continue
		case hasPrefix(tok, "argv0:"):
			c.Argv0 = off + int32(len("argv0:"))
			continue
		case hasPrefix(tok, "cwd:"):
			c.Cwd = off + int32(len("cwd:"))
			continue
		case string(tok) == "stdin:eof":
			c.StdinEOF = true
			continue
		case hasPrefix(tok, "ip=") || hasPrefix(tok, "gw=") || hasPrefix(tok, "dns="):
			if c.NNet == len(c.Net) {
				return "more than 16 ip=, gw= and dns= tokens on the command line"
			}
			c.Net[c.NNet] = off
			c.NNet++
			continue
		case hasPrefix(tok, "mount:"):
			if c.NMounts == len(c.Mounts) {
				return "more than 16 mount: tokens on the command line"
			}
			c.Mounts[c.NMounts] = off + int32(len("mount:"))
			c.NMounts++
			continue
		case hasPrefix(tok, "env:"):
			c.Envs[c.NEnvs] = off + int32(len("env:"))
			c.NEnvs++
			continue
		}
		inArgs = true
		c.Args[c.NArgs] = off
		c.NArgs++
	}
	return ""
}

func hasPrefix(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

// PercentDecode decodes %XX escapes in b in place and returns the
// decoded length. A malformed escape is kept as it is.
func PercentDecode(b []byte) int {
	n := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '%' && i+2 < len(b) {
			if hi, lo := unhex(b[i+1]), unhex(b[i+2]); hi >= 0 && lo >= 0 {
				c = byte(hi<<4 | lo)
				i += 2
			}
		}
		b[n] = c
		n++
	}
	return n
}

func unhex(c byte) int {
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
