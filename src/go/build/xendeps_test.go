// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package build

import (
	"internal/testenv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// On GOOS=xen, net sits on a TCP/IP stack (xen/netstack, over gVisor's
// tcpip vendored for xen alone), which depends on fmt, crypto and more:
// far above net in the OS-independent policy of depsRules. os/signal
// links in xen/control, which turns the toolstack's shutdown requests
// into signals and speaks xenstore, above the strings-free os/signal of
// the policy. os links in xen/mount, which mounts the domain's disks
// (blkfront, ext4) before main runs; syscall's mount layer speaks
// internal/xenvfs to them. So those packages' xen files are left out of
// TestDependencies, and checked here instead: each may import what its
// package may import anywhere, plus its xen package.
var xenAbovePolicy = map[string]string{
	"net":       "xen/netstack",
	"os/signal": "xen/control",
	"os":        "xen/mount",
	"syscall":   "internal/xenvfs",
}

// isVendoredOnlyForXen reports whether pkg is vendored into std for xen's
// network stack from outside golang.org (those are found as vendor/ paths
// already).
func isVendoredOnlyForXen(pkg string) bool {
	first, _, _ := strings.Cut(pkg, "/")
	return first == "gvisor.dev" || first == "github.com"
}

// skipForXen reports whether file name of pkg is one TestDependencies leaves
// to TestXenDependencies.
func skipForXen(pkg, name string) bool {
	_, ok := xenAbovePolicy[pkg]
	return ok && strings.HasSuffix(name, "_xen.go")
}

// TestXenDependencies checks the xen files of xenAbovePolicy's packages.
func TestXenDependencies(t *testing.T) {
	testenv.MustHaveSource(t) // as TestDependencies, which it completes
	policy := depsPolicy(t)
	for pkg, xenPkg := range xenAbovePolicy {
		files, err := filepath.Glob(filepath.Join(Default.GOROOT, "src", pkg, "*_xen.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no xen files in %s (%v)", pkg, err)
		}
		for _, name := range files {
			f, err := os.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			info := fileInfo{name: name}
			err = readGoInfo(f, &info)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range info.imports {
				if imp.path != xenPkg && !policy.HasEdge(pkg, imp.path) {
					t.Errorf("%s: %s on xen imports %s", filepath.Base(name), pkg, imp.path)
				}
			}
		}
	}
}
