// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Netstack vendors gVisor's TCP/IP stack into a GOROOT's std, so that net
// on GOOS=xen can sit on it and programs need no import.
//
// Usage:
//
//	go run ./toolchain/netstack GOROOT          vendor into GOROOT/src/vendor
//	go run ./toolchain/netstack -update GOROOT  recompute the package list
//
// netstack.lock (next to this file) pins each module's version and h1:
// hash and lists the packages to vendor. Modules come through the Go
// module proxy with `go mod download` (checked against the checksum
// database) and must match the pinned hash. The packages are copied into
// GOROOT/src/vendor and recorded in std's go.mod, go.sum and
// vendor/modules.txt as `go mod vendor` records them.
//
// With -update, the package list becomes the dependencies of the lock's
// root packages on xen/amd64, as GOROOT's go command resolves them.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("netstack: ")
	update := flag.Bool("update", false, "rewrite the lock's package list from its roots")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./toolchain/netstack [-update] GOROOT\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	goroot, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		log.Fatal(err)
	}
	_, self, _, _ := runtime.Caller(0)
	lockPath := filepath.Join(filepath.Dir(self), "netstack.lock")
	lk, err := readLock(lockPath)
	if err != nil {
		log.Fatal(err)
	}
	w, err := newWorkModule(lk)
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(w.dir)
	if *update {
		pkgs, err := w.closure(goroot, lk.roots)
		if err != nil {
			log.Fatal(err)
		}
		lk.packages = pkgs
		if err := os.WriteFile(lockPath, lk.format(), 0o644); err != nil {
			log.Fatal(err)
		}
		log.Printf("%d packages listed in %s", len(pkgs), lockPath)
		return
	}
	if err := vendorInto(goroot, lk, w); err != nil {
		log.Fatal(err)
	}
}

// workModule is a throwaway module requiring the pinned versions, through
// which go mod download and go list resolve.
type workModule struct{ dir string }

func newWorkModule(lk *lock) (*workModule, error) {
	dir, err := os.MkdirTemp("", "netstack")
	if err != nil {
		return nil, err
	}
	var mod, sum bytes.Buffer
	mod.WriteString("module netstackvendor\n\ngo 1.25\n")
	for _, m := range lk.modules {
		fmt.Fprintf(&mod, "require %s %s\n", m.path, m.version)
		fmt.Fprintf(&sum, "%s %s %s\n", m.path, m.version, m.sum)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), mod.Bytes(), 0o644); err != nil {
		return nil, err
	}
	return &workModule{dir}, os.WriteFile(filepath.Join(dir, "go.sum"), sum.Bytes(), 0o644)
}

// download fetches m and returns its directory in the module cache and
// the hash of its go.mod, after checking the module's hash against the lock.
func (w *workModule) download(m module) (dir, goModSum string, err error) {
	cmd := exec.Command("go", "mod", "download", "-json", m.path+"@"+m.version)
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	out, err := cmd.Output()
	var info struct{ Dir, Sum, GoModSum, Error string }
	if jerr := json.Unmarshal(out, &info); jerr != nil || info.Error != "" || err != nil {
		return "", "", fmt.Errorf("go mod download %s@%s: %v %s", m.path, m.version, err, info.Error)
	}
	if info.Sum != m.sum {
		return "", "", fmt.Errorf("%s@%s has hash %s, netstack.lock pins %s", m.path, m.version, info.Sum, m.sum)
	}
	return info.Dir, info.GoModSum, nil
}

// closure lists the packages outside std that roots need on xen/amd64.
func (w *workModule) closure(goroot string, roots []string) ([]string, error) {
	var src bytes.Buffer
	src.WriteString("package roots\n\nimport (\n")
	for _, r := range roots {
		fmt.Fprintf(&src, "\t_ %q\n", r)
	}
	src.WriteString(")\n")
	if err := os.WriteFile(filepath.Join(w.dir, "roots.go"), src.Bytes(), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(filepath.Join(goroot, "bin", "go"), "list", "-deps", "-f",
		"{{with .Module}}{{if ne .Path \"netstackvendor\"}}{{$.ImportPath}}{{end}}{{end}}", ".")
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "GOOS=xen", "GOARCH=amd64", "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, p := range strings.Fields(string(out)) {
		seen[p] = true
	}
	pkgs := make([]string, 0, len(seen))
	for p := range seen {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	return pkgs, nil
}
