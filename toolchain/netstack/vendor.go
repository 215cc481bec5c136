// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"bytes"
	"fmt"
	"go/build"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

const goModMarker = "// The network stack of GOOS=xen (toolchain/netstack)."

// vendorInto copies the locked packages into goroot/src/vendor and
// records their modules in std's go.mod, go.sum and vendor/modules.txt.
func vendorInto(goroot string, lk *lock, w *workModule) error {
	if len(lk.packages) == 0 {
		return fmt.Errorf("netstack.lock lists no packages: run with -update")
	}
	src := filepath.Join(goroot, "src")
	if gomod, err := os.ReadFile(filepath.Join(src, "go.mod")); err != nil {
		return err
	} else if bytes.Contains(gomod, []byte(goModMarker)) {
		return fmt.Errorf("%s already has the network stack vendored", goroot)
	}
	mt, err := readModulesTxt(filepath.Join(src, "vendor", "modules.txt"))
	if err != nil {
		return err
	}
	ctxt, err := xenContext(goroot)
	if err != nil {
		return err
	}
	byModule := map[string][]string{}
	for _, p := range lk.packages {
		m, ok := lk.moduleOf(p)
		if !ok {
			return fmt.Errorf("no locked module provides %s", p)
		}
		byModule[m.path] = append(byModule[m.path], p)
	}
	var gomod, gosum bytes.Buffer
	gomod.WriteString("\n" + goModMarker + "\nrequire (\n")
	for _, m := range lk.modules {
		dir, goModSum, err := w.download(m)
		if err != nil {
			return err
		}
		for _, p := range byModule[m.path] {
			if err := copyPackage(ctxt, filepath.Join(dir, strings.TrimPrefix(p, m.path)), filepath.Join(src, "vendor", p)); err != nil {
				return err
			}
		}
		if err := copyFile(filepath.Join(dir, "LICENSE"), filepath.Join(src, "vendor", m.path, "LICENSE")); err != nil {
			return err
		}
		if b := mt.block(m.path); b != nil {
			// A module std already vendors (x/sys): same version only.
			if b.version != m.version {
				return fmt.Errorf("netstack.lock pins %s %s, std vendors %s", m.path, m.version, b.version)
			}
			b.packages = append(b.packages, byModule[m.path]...)
			continue
		}
		goVersion, err := goDirective(filepath.Join(dir, "go.mod"))
		if err != nil {
			return err
		}
		mt.blocks = append(mt.blocks, &modBlock{path: m.path, version: m.version,
			annotation: "## explicit; go " + goVersion, packages: byModule[m.path]})
		indirect := " // indirect"
		if m.path == "gvisor.dev/gvisor" {
			indirect = ""
		}
		fmt.Fprintf(&gomod, "\t%s %s%s\n", m.path, m.version, indirect)
		fmt.Fprintf(&gosum, "%s %s %s\n%s %s/go.mod %s\n", m.path, m.version, m.sum, m.path, m.version, goModSum)
	}
	gomod.WriteString(")\n")
	if err := editVendored(filepath.Join(src, "vendor")); err != nil {
		return err
	}
	if err := appendFile(filepath.Join(src, "go.mod"), gomod.Bytes()); err != nil {
		return err
	}
	if err := appendFile(filepath.Join(src, "go.sum"), gosum.Bytes()); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(src, "vendor", "modules.txt"), mt.format(), 0o644)
}

// copyPackage copies the sources of a package that build on xen/amd64,
// not its tests, and constrains each to xen && amd64. The stack is vendored
// for GOOS=xen alone: std is built whole on every port, and elsewhere these
// packages are empty rather than a second, untested network stack.
func copyPackage(ctxt *build.Context, from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		ext := filepath.Ext(name)
		if e.IsDir() || strings.HasSuffix(name, "_test.go") || (ext != ".go" && ext != ".s" && ext != ".h") {
			continue
		}
		// The stateify code saves and restores the stack for gVisor's
		// checkpoints, which a unikernel never takes; it is 0.65 MB of
		// every net program (bench/progs/httpserver: 13.76 -> 13.11 MB).
		if strings.HasSuffix(name, "_state_autogen.go") {
			continue
		}
		if ext != ".h" {
			if ok, err := ctxt.MatchFile(from, name); err != nil || !ok {
				if err != nil {
					return err
				}
				continue
			}
		}
		data, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			return err
		}
		if ext != ".h" {
			data = append([]byte(xenOnly), buildConstraint.ReplaceAll(data, nil)...)
		}
		if err := os.WriteFile(filepath.Join(to, name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

const xenOnly = "//go:build xen && amd64\n\n"

var buildConstraint = regexp.MustCompile(`(?m)^//(go:build|\s*\+build)\s.*\n`)

// xenContext matches files as the toolchain in goroot builds for xen/amd64.
func xenContext(goroot string) (*build.Context, error) {
	v, err := os.ReadFile(filepath.Join(goroot, "VERSION"))
	if err != nil {
		return nil, err
	}
	var minor int
	if _, err := fmt.Sscanf(string(v), "go1.%d", &minor); err != nil {
		return nil, fmt.Errorf("%s/VERSION: %v", goroot, err)
	}
	ctxt := build.Default
	ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled, ctxt.Compiler = "xen", "amd64", false, "gc"
	ctxt.BuildTags, ctxt.ToolTags = nil, nil
	ctxt.ReleaseTags = nil
	for i := 1; i <= minor; i++ {
		ctxt.ReleaseTags = append(ctxt.ReleaseTags, fmt.Sprintf("go1.%d", i))
	}
	return &ctxt, nil
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, 0o644)
}

func appendFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

var (
	importsNet  = regexp.MustCompile(`(?m)^\s*(import\s+)?"net"\s*$`)
	importsJSON = regexp.MustCompile(`(?m)^\s*(import\s+)?"encoding/json"\s*$`)
)

var (
	gvisorInline = regexp.MustCompile(`(?m)^//go:inline\n`)
)

// editVendored makes the edits std needs. gVisor's tcpip imports net only
// to allocate a net.HardwareAddr, and net on xen imports tcpip: every other
// vendored file must leave net alone. gVisor marks functions //go:inline
// for its own checker; the compiler rejects unknown directives in std, and
// the marker does nothing else. gVisor's NIC decides per interface whether
// received checksums were verified; netfront learns it per frame from the
// backend, so the NIC keeps what the link endpoint set on the packet.
// The vet edits (vetclean.go) keep std vet-clean; the size edits
// (sizeclean.go) keep unused code out of programs.
func editVendored(vendor string) error {
	// pkg/log's JSON emitters, which nothing in the stack uses, import
	// encoding/json; encoding/json's tests import net, and net on xen
	// imports the stack: "import cycle not allowed in test".
	for _, f := range []string{"gvisor.dev/gvisor/pkg/log/json.go", "gvisor.dev/gvisor/pkg/log/json_k8s.go"} {
		if err := os.Remove(filepath.Join(vendor, f)); err != nil {
			return fmt.Errorf("%v: changed upstream: the known edit no longer applies", err)
		}
	}
	if err := replaceOnce(filepath.Join(vendor, "gvisor.dev/gvisor/pkg/tcpip/stack/nic.go"),
		"pkt.RXChecksumValidated = n.NetworkLinkEndpoint.Capabilities()&CapabilityRXChecksumOffload != 0",
		"pkt.RXChecksumValidated = pkt.RXChecksumValidated || n.NetworkLinkEndpoint.Capabilities()&CapabilityRXChecksumOffload != 0"); err != nil {
		return err
	}
	tcpip := filepath.Join(vendor, "gvisor.dev/gvisor/pkg/tcpip/tcpip.go")
	data, err := os.ReadFile(tcpip)
	if err != nil {
		return err
	}
	const use, repl = "make(net.HardwareAddr, LinkAddressSize)", "make([]byte, LinkAddressSize)"
	if bytes.Count(data, []byte(use)) != 1 || len(importsNet.FindAll(data, -1)) != 1 {
		return fmt.Errorf("%s changed upstream: its use of net is no longer the one known edit", tcpip)
	}
	data = bytes.Replace(data, []byte(use), []byte(repl), 1)
	data = importsNet.ReplaceAll(data, nil)
	if regexp.MustCompile(`\bnet\.[A-Z]`).Match(data) {
		return fmt.Errorf("%s still uses package net after the edit", tcpip)
	}
	if err := os.WriteFile(tcpip, data, 0o644); err != nil {
		return err
	}
	if err := makeVetClean(vendor); err != nil {
		return err
	}
	if err := applyEdits(vendor, sizeEdits, "size edit"); err != nil {
		return err
	}
	return filepath.WalkDir(filepath.Join(vendor, "gvisor.dev"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".go" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if importsNet.Match(data) {
			return fmt.Errorf("%s imports net: an import cycle under net on xen", path)
		}
		if importsJSON.Match(data) {
			return fmt.Errorf("%s imports encoding/json: its tests would not build on xen (import cycle through net)", path)
		}
		if gvisorInline.Match(data) {
			return os.WriteFile(path, gvisorInline.ReplaceAll(data, nil), 0o644)
		}
		return nil
	})
}

// replaceOnce replaces old, which must occur exactly once, in file.
func replaceOnce(file, old, new string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if n := bytes.Count(data, []byte(old)); n != 1 {
		return fmt.Errorf("%s changed upstream: %q occurs %d times, not once", file, old, n)
	}
	return os.WriteFile(file, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
}

func goDirective(gomod string) (string, error) {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "go" {
			return f[1], nil
		}
	}
	return "", fmt.Errorf("%s has no go directive", gomod)
}

// modulesTxt is vendor/modules.txt: one block per module.
type modulesTxt struct{ blocks []*modBlock }

type modBlock struct {
	path, version string
	annotation    string // "## explicit; go 1.25.0"
	packages      []string
}

func readModulesTxt(name string) (*modulesTxt, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	mt := new(modulesTxt)
	var cur *modBlock
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			if cur == nil || cur.annotation != "" {
				return nil, fmt.Errorf("%s: unexpected %q", name, line)
			}
			cur.annotation = line
		case strings.HasPrefix(line, "# "):
			f := strings.Fields(line)
			if len(f) != 3 {
				return nil, fmt.Errorf("%s: unexpected %q (replacements are not handled)", name, line)
			}
			cur = &modBlock{path: f[1], version: f[2]}
			mt.blocks = append(mt.blocks, cur)
		case cur != nil && line != "":
			cur.packages = append(cur.packages, line)
		default:
			return nil, fmt.Errorf("%s: unexpected %q", name, line)
		}
	}
	return mt, nil
}

func (mt *modulesTxt) block(path string) *modBlock {
	for _, b := range mt.blocks {
		if b.path == path {
			return b
		}
	}
	return nil
}

func (mt *modulesTxt) format() []byte {
	slices.SortFunc(mt.blocks, func(a, b *modBlock) int { return strings.Compare(a.path, b.path) })
	var buf bytes.Buffer
	for _, b := range mt.blocks {
		fmt.Fprintf(&buf, "# %s %s\n%s\n", b.path, b.version, b.annotation)
		slices.Sort(b.packages)
		for _, p := range slices.Compact(b.packages) {
			buf.WriteString(p + "\n")
		}
	}
	return buf.Bytes()
}
