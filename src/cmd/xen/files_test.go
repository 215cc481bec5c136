// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// tree makes files (path -> content; a trailing "/" makes a directory) under a new directory.
func tree(t *testing.T, files map[string]string) string {
	root := t.TempDir()
	for name, data := range files {
		p := filepath.Join(root, name)
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestGuestFilesForTests(t *testing.T) {
	root := tree(t, map[string]string{
		"go.mod":                 "module m\n",
		"testdata/top.txt":       "top",
		"a/testdata/mid.txt":     "mid",
		"a/b/b.go":               "package b",
		"a/b/b_test.go":          "package b",
		"a/b/testdata/x/own.txt": "own",
		"a/b/sub/other.go":       "package sub",
		"a/b/sub/testdata/no":    "not ours",
	})
	pkg := filepath.Join(root, "a/b")
	t.Setenv("PATH", t.TempDir()) // no go: no zoneinfo.zip
	got, err := guestFiles("/tmp/go-build1/b.test", pkg, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{pkg + "/b.go", pkg + "/b_test.go", pkg + "/sub/", pkg + "/testdata", root + "/a/testdata", root + "/testdata"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got, _ := guestFiles("/tmp/prog", pkg, ""); got != nil {
		t.Errorf("a program that is not a test got files: %q", got)
	}
	if got, _ := guestFiles("/tmp/b.test", pkg, "none"); got != nil {
		t.Errorf("XEN_EXEC_FILES=none still ships %q", got)
	}
	got, err = guestFiles("/tmp/prog", pkg, "sub "+root+"/testdata/top.txt")
	if want := []string{pkg + "/sub", root + "/testdata/top.txt"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("XEN_EXEC_FILES: got %q, %v; want %q", got, err, want)
	}
	if _, err := guestFiles("/tmp/prog", pkg, "missing"); err == nil || !strings.Contains(err.Error(), "XEN_EXEC_FILES") {
		t.Errorf("a missing path: err = %v", err)
	}
}

func TestWriteFilesTar(t *testing.T) {
	root := tree(t, map[string]string{"d/f.txt": "hello", "d/e/": "", "g.txt": strings.Repeat("x", 1000),
		"empty/skipped.txt": "not shipped"})
	if err := os.Symlink("f.txt", filepath.Join(root, "d/link")); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := writeFilesTar(&buf, []string{root + "/g.txt", root + "/d", root + "/empty/"}, 1<<20); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var names []string
	tr := tar.NewReader(&buf)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		names = append(names, h.Name)
		got[h.Name] = string(h.Typeflag) + ":" + h.Linkname + ":" + string(b)
	}
	r := root[1:]
	if _, ok := got[r+"/empty/skipped.txt"]; ok {
		t.Errorf("a directory shipped empty brought its contents")
	}
	// Each file comes after its directories, from the root down.
	if i, j := indexOf(names, r+"/d/"), indexOf(names, r+"/d/f.txt"); i < 0 || j < i {
		t.Errorf("order: %q", names)
	}
	for name, want := range map[string]string{
		r + "/d/f.txt": "0::hello",
		r + "/d/link":  "2:f.txt:",
		r + "/d/e/":    "5::",
		r + "/g.txt":   "0::" + strings.Repeat("x", 1000),
		r + "/empty/":  "5::",
	} {
		if got[name] != want {
			t.Errorf("%s: got %q, want %q", name, got[name], want)
		}
	}
	if err := writeFilesTar(io.Discard, []string{root}, 999); err == nil || !strings.Contains(err.Error(), "XEN_EXEC_FILES_MAX") {
		t.Errorf("over the limit: err = %v", err)
	}
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

func TestGuestFilesZoneinfo(t *testing.T) {
	goroot := tree(t, map[string]string{"bin/go": "#!/bin/sh\n", "lib/time/zoneinfo.zip": "zip"})
	must(t, os.Chmod(filepath.Join(goroot, "bin/go"), 0o755))
	t.Setenv("PATH", filepath.Join(goroot, "bin"))
	pkg := tree(t, map[string]string{"go.mod": "module m\n"})
	got, err := guestFiles(filepath.Join(t.TempDir(), "m.test"), pkg, "")
	if want := filepath.Join(goroot, "lib/time/zoneinfo.zip"); err != nil || len(got) == 0 || got[len(got)-1] != want {
		t.Errorf("got %q, %v; want it to end with %s", got, err, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
