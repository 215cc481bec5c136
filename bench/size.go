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

func (b *bench) measureSizes() {
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
}

func fileSize(p string) int64 {
	fi, err := os.Stat(p)
	if err != nil {
		return -1
	}
	return fi.Size()
}
