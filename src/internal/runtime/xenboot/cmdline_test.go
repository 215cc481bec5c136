// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot_test

import (
	. "internal/runtime/xenboot"
	"reflect"
	"strings"
	"testing"
)

// parsed is a Cmdline as strings.
type parsed struct {
	argv0, cwd string // "<none>" when absent
	stdinEOF   bool
	args, envs []string
	net        []string
	mounts     []string
}

func parse(t testing.TB, line string) (parsed, string) {
	t.Helper()
	buf := make([]byte, len(line)+1)
	copy(buf, line)
	var c Cmdline
	if err := ParseCmdline(buf, len(line), &c); err != "" {
		return parsed{}, err
	}
	p := parsed{argv0: cstring(buf, c.Argv0), cwd: cstring(buf, c.Cwd), stdinEOF: c.StdinEOF}
	for _, off := range c.Args[:c.NArgs] {
		p.args = append(p.args, cstring(buf, off))
	}
	for _, off := range c.Envs[:c.NEnvs] {
		p.envs = append(p.envs, cstring(buf, off))
	}
	for _, off := range c.Net[:c.NNet] {
		p.net = append(p.net, cstring(buf, off))
	}
	for _, off := range c.Mounts[:c.NMounts] {
		p.mounts = append(p.mounts, cstring(buf, off))
	}
	return p, ""
}

// cstring returns the NUL-terminated string at off in buf.
func cstring(buf []byte, off int32) string {
	if off < 0 {
		return "<none>"
	}
	end := int(off)
	for buf[end] != 0 { // a missing NUL panics: the parser must write one
		end++
	}
	return string(buf[off:end])
}

func TestParseCmdline(t *testing.T) {
	for _, tc := range []struct {
		line string
		want parsed
	}{
		{"", parsed{argv0: "<none>", cwd: "<none>"}},
		{"   ", parsed{argv0: "<none>", cwd: "<none>"}},
		{"argv0:prog env:A=1 env:B=two%20words -- x '' 100%25 %zz",
			parsed{argv0: "prog", cwd: "<none>", envs: []string{"A=1", "B=two words"}, args: []string{"x", "", "100%", "%zz"}}},
		{"env:A=1 first env:B=2", parsed{argv0: "<none>", cwd: "<none>", envs: []string{"A=1"}, args: []string{"first", "env:B=2"}}},
		{"ip=10.0.0.2/24 gw=10.0.0.1 dns=10.0.0.1 stdin:eof cwd:/work --",
			parsed{argv0: "<none>", cwd: "/work", stdinEOF: true, net: []string{"ip=10.0.0.2/24", "gw=10.0.0.1", "dns=10.0.0.1"}}},
		{"mount:xvda=/data mount:xvdb=/a%20b,ro x mount:xvdc=/c",
			parsed{argv0: "<none>", cwd: "<none>", mounts: []string{"xvda=/data", "xvdb=/a b,ro"}, args: []string{"x", "mount:xvdc=/c"}}},
		{"-- -- cwd:x", parsed{argv0: "<none>", cwd: "<none>", args: []string{"--", "cwd:x"}}},
		{"%27%27", parsed{argv0: "<none>", cwd: "<none>", args: []string{"''"}}},
		// Prefixes alone as the last token: empty values, not a crash.
		{"cwd:", parsed{argv0: "<none>", cwd: ""}},
		{"argv0:", parsed{argv0: "", cwd: "<none>"}},
		{"env:", parsed{argv0: "<none>", cwd: "<none>", envs: []string{""}}},
		{"a env:", parsed{argv0: "<none>", cwd: "<none>", args: []string{"a", "env:"}}},
		{"cwd:%2", parsed{argv0: "<none>", cwd: "%2"}},
	} {
		got, err := parse(t, tc.line)
		if err != "" {
			t.Errorf("%q: %s", tc.line, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q:\n got %+v\nwant %+v", tc.line, got, tc.want)
		}
	}
}

// TestParseCmdlineManyTokens: as many tokens as fit, of each kind, are
// all kept (512 arguments once made the environment's count negative).
func TestParseCmdlineManyTokens(t *testing.T) {
	for _, tc := range []struct {
		tok        string
		args, envs int // per token
	}{
		{"a", 1, 0},
		{"env:x", 0, 1},
	} {
		line := tc.tok
		for len(line)+1+len(tc.tok) <= CmdlineMax-1 {
			line += " " + tc.tok
		}
		p, err := parse(t, line)
		if err != "" {
			t.Fatalf("%q tokens: %s", tc.tok, err)
		}
		if n := len(strings.Fields(line)); len(p.args) != n*tc.args || len(p.envs) != n*tc.envs {
			t.Errorf("%d %q tokens: %d args, %d envs", n, tc.tok, len(p.args), len(p.envs))
		}
	}
	p, _ := parse(t, strings.Repeat("a ", 600)+"env:x")
	if len(p.args) != 601 || len(p.envs) != 0 {
		t.Errorf("600 args then env:x: %d args, %d envs", len(p.args), len(p.envs))
	}
	p, _ = parse(t, strings.Repeat("env:x ", 600)+"a")
	if len(p.args) != 1 || len(p.envs) != 600 {
		t.Errorf("600 envs then a: %d args, %d envs", len(p.args), len(p.envs))
	}
}

func TestParseCmdlineErrors(t *testing.T) {
	if _, err := parse(t, strings.Repeat("ip=1 ", 17)); err == "" {
		t.Errorf("17 network settings accepted")
	}
	if _, err := parse(t, strings.Repeat("mount:xvda=/d ", 17)); err == "" {
		t.Errorf("17 mounts accepted")
	}
	buf := make([]byte, CmdlineMax+1)
	var c Cmdline
	if err := ParseCmdline(buf, CmdlineMax, &c); err == "" {
		t.Errorf("a line of CmdlineMax bytes accepted")
	}
	if err := ParseCmdline(buf[:10], 10, &c); err == "" {
		t.Errorf("a buffer without room for the NUL accepted")
	}
}

func TestPercentDecode(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "%": "%", "%4": "%4", "%41": "A", "a%41b": "aAb", "%4g": "%4g",
		"%%41": "%A", "%2541": "%41", "%ff%FF": "\xff\xff", "x%": "x%",
	} {
		b := []byte(in)
		if got := string(b[:PercentDecode(b)]); got != want {
			t.Errorf("PercentDecode(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseCmdline(f *testing.F) {
	for _, s := range []string{"", "cwd:", "argv0:a env:B=c -- d", "env:%zz %41 ''", strings.Repeat("a ", 600), "ip=1 gw=2 dns=3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if len(line) >= CmdlineMax {
			line = line[:CmdlineMax-1]
		}
		buf := make([]byte, len(line)+1)
		copy(buf, line)
		var c Cmdline
		if err := ParseCmdline(buf, len(line), &c); err != "" {
			return
		}
		toks := 0
		for _, tok := range strings.Split(line, " ") {
			if tok != "" {
				toks++
			}
		}
		if c.NArgs+c.NEnvs+c.NNet > toks {
			t.Fatalf("%d strings from %d tokens", c.NArgs+c.NEnvs+c.NNet, toks)
		}
		check := func(off int32) {
			if off < 0 {
				return
			}
			if int(off) > len(line) {
				t.Fatalf("offset %d past the line (%d bytes)", off, len(line))
			}
			cstring(buf, off) // panics without a NUL
		}
		check(c.Argv0)
		check(c.Cwd)
		for _, o := range c.Args[:c.NArgs] {
			check(o)
		}
		for _, o := range c.Envs[:c.NEnvs] {
			check(o)
		}
		for _, o := range c.Net[:c.NNet] {
			check(o)
		}
	})
}

func FuzzPercentDecode(f *testing.F) {
	f.Add("a%20b%zz%4")
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		n := PercentDecode(b)
		if n > len(s) || n < len(s)-2*strings.Count(s, "%") {
			t.Fatalf("decoded %q to %d bytes", s, n)
		}
	})
}
