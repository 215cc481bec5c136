// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The tests run on linux: on xen, os imports this package (for
// xen/mount), and testing imports os.
//go:build !xen

package ext4

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// requireTools fails (not skips) without e2fsprogs: these tests are
// only meaningful against the real tools.
func requireTools(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"mkfs.ext4", "e2fsck", "debugfs"} {
		if _, err := lookTool(tool); err != nil {
			t.Fatalf("%s not found: install the e2fsprogs package (apt-get install e2fsprogs)", tool)
		}
	}
}

func lookTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, d := range []string{"/usr/sbin", "/sbin"} {
		p := filepath.Join(d, name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("not found")
}

func runTool(t testing.TB, name string, args ...string) (string, int) {
	t.Helper()
	p, err := lookTool(name)
	if err != nil {
		t.Fatalf("%s not found: install the e2fsprogs package", name)
	}
	cmd := exec.Command(p, args...)
	cmd.Env = append(os.Environ(), "E2FSPROGS_FAKE_TIME=", "MKE2FS_CONFIG=/etc/mke2fs.conf")
	out, err := cmd.CombinedOutput()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("%s: %v", name, err)
		}
		code = ee.ExitCode()
	}
	return string(out), code
}

// mkfs makes an image of size bytes with mkfs.ext4 and extra options.
func mkfs(t testing.TB, size int64, opts ...string) string {
	t.Helper()
	requireTools(t)
	img := filepath.Join(t.TempDir(), "fs.img")
	f, err := os.Create(img)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	args := append([]string{"-q", "-F"}, opts...)
	args = append(args, img)
	if out, code := runTool(t, "mkfs.ext4", args...); code != 0 {
		t.Fatalf("mkfs.ext4 %v: exit %d\n%s", args, code, out)
	}
	return img
}

// fsck runs e2fsck -fn and fails the test unless it is clean.
func fsck(t testing.TB, img string) {
	t.Helper()
	out, code := runTool(t, "e2fsck", "-fn", img)
	if code != 0 {
		t.Fatalf("e2fsck -fn: exit %d\n%s", code, out)
	}
}

func debugfs(t testing.TB, img, cmd string) string {
	t.Helper()
	out, code := runTool(t, "debugfs", "-R", cmd, img)
	if code != 0 {
		t.Fatalf("debugfs -R %q: exit %d\n%s", cmd, code, out)
	}
	// Drop the version banner.
	if i := strings.Index(out, "\n"); i >= 0 && strings.HasPrefix(out, "debugfs ") {
		out = out[i+1:]
	}
	return out
}

// fileDev is a Device over an image file.
type fileDev struct {
	f    *os.File
	size int64
}

func openFileDev(t testing.TB, img string) *fileDev {
	t.Helper()
	f, err := os.OpenFile(img, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	t.Cleanup(func() { f.Close() })
	return &fileDev{f: f, size: st.Size()}
}

func (d *fileDev) ReadAt(p []byte, off int64) (int, error)  { return d.f.ReadAt(p, off) }
func (d *fileDev) WriteAt(p []byte, off int64) (int, error) { return d.f.WriteAt(p, off) }
func (d *fileDev) Flush() error                             { return nil }
func (d *fileDev) Size() int64                              { return d.size }

// memDev is an in-memory Device.
type memDev struct {
	mu sync.Mutex
	b  []byte
}

func (d *memDev) ReadAt(p []byte, off int64) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if off < 0 || off+int64(len(p)) > int64(len(d.b)) {
		return 0, errors.New("out of range")
	}
	return copy(p, d.b[off:]), nil
}

func (d *memDev) WriteAt(p []byte, off int64) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if off < 0 || off+int64(len(p)) > int64(len(d.b)) {
		return 0, errors.New("out of range")
	}
	return copy(d.b[off:], p), nil
}

func (d *memDev) Flush() error { return nil }
func (d *memDev) Size() int64  { return int64(len(d.b)) }

func mustMount(t testing.TB, dev Device, ro bool) *FS {
	t.Helper()
	fs, err := Mount(dev, Options{ReadOnly: ro})
	if err != nil {
		t.Fatalf("Mount: %v", err)
	}
	return fs
}

// walk resolves a slash-separated path from the root.
func walk(t testing.TB, fs *FS, path string) Ino {
	t.Helper()
	ino := fs.Root()
	for _, c := range strings.Split(strings.Trim(path, "/"), "/") {
		if c == "" {
			continue
		}
		var err error
		ino, err = fs.Lookup(ino, c)
		if err != nil {
			t.Fatalf("Lookup %q in %s: %v", c, path, err)
		}
	}
	return ino
}

func readAll(t testing.TB, fs *FS, ino Ino) []byte {
	t.Helper()
	st, err := fs.Stat(ino)
	if err != nil {
		t.Fatal(err)
	}
	p := make([]byte, st.Size)
	n, err := fs.ReadAt(ino, p, 0)
	if n != len(p) || err != nil && len(p) > 0 && n != len(p) {
		t.Fatalf("ReadAt ino %d: %d of %d, %v", ino, n, len(p), err)
	}
	return p
}

func writeAll(t testing.TB, fs *FS, ino Ino, p []byte, off int64) {
	t.Helper()
	n, err := fs.WriteAt(ino, p, off)
	if err != nil || n != len(p) {
		t.Fatalf("WriteAt ino %d off %d: %d of %d, %v", ino, off, n, len(p), err)
	}
}

func pattern(seed, n int) []byte {
	p := make([]byte, n)
	x := uint32(seed*2654435761 + 1)
	for i := range p {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		p[i] = byte(x)
	}
	return p
}

var _ = bytes.Equal
var _ = time.Now

func writeFile(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }
