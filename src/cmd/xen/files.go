// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"archive/tar"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Files for the guest. The guest's file system is in memory, so what a program reads must
// travel with it: a tar archive given to the domain as its ramdisk, which the guest unpacks
// into its root at boot (syscall's ramdisk_xen.go), at the paths the files have on the host.
//
// A test binary (NAME.test, as go test builds it) gets its package: the working directory's
// files, its testdata tree, and the testdata trees of the directories above it up to the
// module root (a directory with go.mod), as tests read ../testdata too; and the toolchain's
// lib/time/zoneinfo.zip, where package time looks when the system has no zone files (a
// unikernel has none; Linux has /usr/share/zoneinfo). XEN_EXEC_FILES adds
// files or whole directories (space-separated paths), for any program; "none" ships nothing.
// Whenever files are shipped the guest starts in the host's working directory.

// defaultFilesMax bounds the archive: it takes guest memory twice while it is unpacked.
const defaultFilesMax = 64 << 20

// guestFiles returns the paths (absolute, files and directories) to ship and whether the
// guest should start in cwd.
func guestFiles(binary, cwd, spec string) (paths []string, err error) {
	if strings.TrimSpace(spec) == "none" {
		return nil, nil
	}
	if strings.HasSuffix(binary, ".test") {
		paths, err = packageFiles(cwd)
		if err != nil {
			return nil, err
		}
		if zi := toolchainZoneinfo(); zi != "" {
			paths = append(paths, zi)
		}
	}
	for _, p := range strings.Fields(spec) {
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		if _, err := os.Lstat(p); err != nil {
			return nil, fmt.Errorf("XEN_EXEC_FILES: %v", err)
		}
		paths = append(paths, filepath.Clean(p))
	}
	return paths, nil
}

// toolchainZoneinfo returns GOROOT/lib/time/zoneinfo.zip of the go command on PATH (go test
// puts its own GOROOT/bin first), or "".
func toolchainZoneinfo() string {
	goBin, err := exec.LookPath("go")
	if err != nil {
		return ""
	}
	if resolved, err := filepath.EvalSymlinks(goBin); err == nil {
		goBin = resolved
	}
	zi := filepath.Join(filepath.Dir(filepath.Dir(goBin)), "lib", "time", "zoneinfo.zip")
	if _, err := os.Stat(zi); err != nil {
		return ""
	}
	return zi
}

// packageFiles lists dir's regular files and symbolic links, its other subdirectories as
// empty directories (a test that lists its package directory sees them, as on the host),
// and the testdata directories of dir and of its parents up to the module root.
func packageFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, e := range entries {
		switch {
		case e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0:
			paths = append(paths, filepath.Join(dir, e.Name()))
		case e.IsDir() && e.Name() != "testdata":
			paths = append(paths, filepath.Join(dir, e.Name())+"/")
		}
	}
	for d := dir; ; d = filepath.Dir(d) {
		if st, err := os.Stat(filepath.Join(d, "testdata")); err == nil && st.IsDir() {
			paths = append(paths, filepath.Join(d, "testdata"))
		}
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil || filepath.Dir(d) == d {
			break
		}
	}
	return paths, nil
}

// writeFilesTar writes paths, directories recursively, as a tar archive of at most max bytes
// of file data, with each file's parent directories first. A path ending in a slash is a
// directory shipped empty.
func writeFilesTar(w io.Writer, paths []string, max int64) error {
	tw := tar.NewWriter(w)
	seen := map[string]bool{}
	total := int64(0)
	var addDirs func(dir string) error
	addDirs = func(dir string) error {
		if dir == "/" || seen[dir] {
			return nil
		}
		if err := addDirs(filepath.Dir(dir)); err != nil {
			return err
		}
		st, err := os.Stat(dir)
		if err != nil {
			return err
		}
		seen[dir] = true
		return tw.WriteHeader(&tar.Header{Typeflag: tar.TypeDir, Name: dir[1:] + "/", Mode: int64(st.Mode().Perm()), ModTime: st.ModTime()})
	}
	add := func(path string, info fs.FileInfo) error {
		if seen[path] {
			return nil
		}
		if err := addDirs(filepath.Dir(path)); err != nil {
			return err
		}
		seen[path] = true
		h := &tar.Header{Name: path[1:], Mode: int64(info.Mode().Perm()), ModTime: info.ModTime()}
		switch {
		case info.IsDir():
			h.Typeflag, h.Name = tar.TypeDir, h.Name+"/"
		case info.Mode()&fs.ModeSymlink != 0:
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			h.Typeflag, h.Linkname = tar.TypeSymlink, target
		case info.Mode().IsRegular():
			h.Typeflag, h.Size = tar.TypeReg, info.Size()
			if total += info.Size(); total > max {
				return fmt.Errorf("the files for the guest exceed %d MB (XEN_EXEC_FILES_MAX) at %s", max>>20, path)
			}
		default:
			return nil // devices, sockets, pipes: nothing to copy
		}
		if err := tw.WriteHeader(h); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.CopyN(tw, f, h.Size)
		return err
	}
	sorted := append([]string(nil), paths...)
	sort.Strings(sorted)
	for _, p := range sorted {
		if strings.HasSuffix(p, "/") {
			if err := addDirs(filepath.Clean(p)); err != nil {
				return err
			}
			continue
		}
		err := filepath.Walk(p, func(path string, info fs.FileInfo, err error) error {
			if err != nil {
				return err
			}
			return add(path, info)
		})
		if err != nil {
			return err
		}
	}
	return tw.Close()
}
