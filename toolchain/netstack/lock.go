// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
)

// A lock is netstack.lock: lines of
//
//	module PATH VERSION H1-HASH
//	root IMPORT-PATH        (what net on xen needs)
//	package IMPORT-PATH     (written by -update: the roots' dependencies)
//
// and # comments, kept as they are.
type lock struct {
	header   []string // comment and blank lines before the first entry
	modules  []module
	roots    []string
	packages []string
}

type module struct{ path, version, sum string }

func readLock(path string) (*lock, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lk := new(lock)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		f := strings.Fields(line)
		switch {
		case len(f) == 0 || strings.HasPrefix(f[0], "#"):
			if len(lk.modules) == 0 {
				lk.header = append(lk.header, line)
			}
		case f[0] == "module" && len(f) == 4 && strings.HasPrefix(f[3], "h1:"):
			lk.modules = append(lk.modules, module{f[1], f[2], f[3]})
		case f[0] == "root" && len(f) == 2:
			lk.roots = append(lk.roots, f[1])
		case f[0] == "package" && len(f) == 2:
			lk.packages = append(lk.packages, f[1])
		default:
			return nil, fmt.Errorf("%s:%d: malformed line %q", path, n, line)
		}
	}
	if len(lk.modules) == 0 || len(lk.roots) == 0 {
		return nil, fmt.Errorf("%s: no modules or no roots", path)
	}
	return lk, nil
}

// moduleOf returns the locked module that provides package p.
func (lk *lock) moduleOf(p string) (module, bool) {
	var best module
	for _, m := range lk.modules {
		if (p == m.path || strings.HasPrefix(p, m.path+"/")) && len(m.path) > len(best.path) {
			best = m
		}
	}
	return best, best.path != ""
}

func (lk *lock) format() []byte {
	var b bytes.Buffer
	for _, h := range lk.header {
		b.WriteString(h + "\n")
	}
	for _, m := range lk.modules {
		fmt.Fprintf(&b, "module %s %s %s\n", m.path, m.version, m.sum)
	}
	b.WriteString("\n")
	for _, r := range lk.roots {
		fmt.Fprintf(&b, "root %s\n", r)
	}
	b.WriteString("\n")
	for _, p := range lk.packages {
		fmt.Fprintf(&b, "package %s\n", p)
	}
	return b.Bytes()
}
