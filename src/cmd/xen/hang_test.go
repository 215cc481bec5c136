// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestSymbolizeHang(t *testing.T) {
	// Test binaries have no symbol table: build a small program.
	dir := t.TempDir()
	src := "package main\n\nfunc main() { println(\"hi\") }\n"
	if err := os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "prog")
	cmd := exec.Command("go", "build", "-o", exe, "main.go")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GO111MODULE=off", "GOOS=linux", "GOARCH=amd64")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	f, err := elf.Open(exe)
	if err != nil {
		t.Fatal(err)
	}
	syms, err := f.Symbols()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var target elf.Symbol
	for _, s := range syms {
		if s.Name == "main.main" {
			target = s
		}
	}
	if target.Value == 0 {
		t.Fatal("main.main not in the symbol table")
	}
	dump := fmt.Sprintf("            rip 0x%016x  rflags 0x0000000000000246\n", target.Value+5)
	got := symbolizeHang(exe, []byte(dump))
	if want := "is in main.main+0x5"; !strings.Contains(got, want) {
		t.Errorf("symbolizeHang = %q, want it to contain %q", got, want)
	}
	if got := symbolizeHang(exe, []byte("no registers here")); got != "" {
		t.Errorf("without rip: %q", got)
	}
}
