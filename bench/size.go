package main

import (
	"os"
	"path/filepath"
)

// sizeRow is the image sizes of one program, in bytes.
type sizeRow struct {
	name                  string
	xen, linux, initramfs int64
	vmlinux, vmlinuz      int64
}

var sizeProgs = []string{"hello", "httpserver"}

// hostOnly says whether this run has only stages run on the host (size, toolchain): it then
// needs no harness, only the guest kernel's files in its directory.
func (b *bench) hostOnly() bool {
	for s := range b.stages {
		if s != "size" && s != "toolchain" {
			return false
		}
	}
	return true
}

// buildSizeProgs builds what the size table measures (the guest init goes into the
// initramfs) and measures it.
func (b *bench) buildSizeProgs() error {
	if err := b.buildInit(); err != nil {
		return err
	}
	for _, name := range sizeProgs {
		p, err := b.buildProg(name)
		if err != nil {
			return err
		}
		b.progs[name] = p
	}
	b.measureSizes()
	return nil
}

func (b *bench) measureSizes() {
	b.vmlinux = filepath.Join(b.h.dir, "artefacts", "vmlinux")
	vmlinuz, _ := filepath.Glob(filepath.Join(b.h.dir, "sysroot", "boot", "vmlinuz-*"))
	var z int64
	if len(vmlinuz) > 0 {
		z = fileSize(vmlinuz[0])
	}
	for _, name := range sizeProgs {
		p := b.progs[name]
		b.sizes = append(b.sizes, sizeRow{name: name, xen: fileSize(p.xen), linux: fileSize(p.linux),
			initramfs: fileSize(p.initramfs), vmlinux: fileSize(b.vmlinux), vmlinuz: z})
	}
	p := b.progs[partsProg]
	x, errX := measureParts(p.xen)
	l, errL := measureParts(p.linux)
	if errX != nil || errL != nil {
		b.failf("size: the parts of %s: %v %v", partsProg, errX, errL)
		return
	}
	b.parts = [2]*sizeParts{x, l}
}

// partsProg is the program whose xen and linux binaries the report takes apart.
const partsProg = "httpserver"

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return fi.Size()
}
