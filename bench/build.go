package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// goCmd runs the go command of the toolchain on PATH in the bench module for GOOS=goos
// (GOARCH=amd64, cgo off: the same flags for xen and linux).
func (b *bench) goCmd(goos string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Join(b.repo, "bench")
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("GOOS=%s go %v: %v\n%s", goos, args, err, out.Bytes())
	}
	return nil
}

func (b *bench) binDir() string { return filepath.Join(b.work, "bin") }

// buildInit builds the Linux guests' /init (stripped: it stands in for a minimal init).
func (b *bench) buildInit() error {
	b.init = filepath.Join(b.binDir(), "guestinit")
	return b.goCmd("linux", "build", "-trimpath", "-ldflags=-s -w", "-o", b.init, "./guestinit")
}

// buildProg builds bench/progs/NAME for xen and for linux, and the linux guest's initramfs.
func (b *bench) buildProg(name string) (*prog, error) {
	return b.buildBoth(name, func(goos, out string) error {
		return b.goCmd(goos, "build", "-o", out, "./progs/"+name)
	})
}

// buildTest builds the test binary of a standard package for xen and for linux.
func (b *bench) buildTest(name, pkg string) (*prog, error) {
	return b.buildBoth(name, func(goos, out string) error {
		return b.goCmd(goos, "test", "-c", "-o", out, pkg)
	})
}

func (b *bench) buildBoth(name string, build func(goos, out string) error, extra ...cpioEntry) (*prog, error) {
	d := b.binDir()
	p := &prog{name: name, xen: filepath.Join(d, name+".xen"), linux: filepath.Join(d, name+".linux"),
		initramfs: filepath.Join(d, name+".cpio")}
	if err := build("xen", p.xen); err != nil {
		return nil, err
	}
	if err := build("linux", p.linux); err != nil {
		return nil, err
	}
	return p, guestInitramfs(p.initramfs, b.init, p.linux, name, extra...)
}
