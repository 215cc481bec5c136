// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// On GOOS=xen, net sits on a TCP/IP stack (xen/netstack, over gVisor's
// tcpip vendored for xen alone), which depends on fmt, crypto and more:
// far above net in the OS-independent policy of depsRules. So net's xen
// files are left out of TestDependencies, and checked here instead.

// isVendoredOnlyForXen reports whether pkg is vendored into std for xen's
// network stack from outside golang.org (those are found as vendor/ paths
// already).
func isVendoredOnlyForXen(pkg string) bool {
	first, _, _ := strings.Cut(pkg, "/")
	return first == "gvisor.dev" || first == "github.com"
}

// skipForXen reports whether file name of pkg is one TestDependencies leaves
// to TestXenNetDependencies.
func skipForXen(pkg, name string) bool {
	return pkg == "net" && strings.HasSuffix(name, "_xen.go")
}

// TestXenNetDependencies checks that net's xen files import what net may
// import anywhere, plus the stack.
func TestXenNetDependencies(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(Default.GOROOT, "src", "net", "*_xen.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no xen files in net (%v)", err)
	}
	policy := depsPolicy(t)
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
			if imp.path != "xen/netstack" && !policy.HasEdge("net", imp.path) {
				t.Errorf("%s: net on xen imports %s", filepath.Base(name), imp.path)
			}
		}
	}
}
