//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// moduleDir holds the kernel modules a disk needs (the Debian kernel has ext4, what it needs
// and xen-blkfront as modules), named so that name order is load order.
const moduleDir = "/modules"

// diskUp mounts the disk the kernel command line names with benchdisk=DISK:DIR (as
// xvda:/data): it loads the modules in moduleDir, waits for the disk, makes its device node
// and mounts it as ext4 at DIR with the default options. It returns DIR ("" when no disk is
// asked for).
func diskUp() (string, error) {
	v := os.Getenv("benchdisk")
	if v == "" {
		return "", nil
	}
	disk, dir, ok := strings.Cut(v, ":")
	if !ok || disk == "" || strings.Contains(disk, "/") || !filepath.IsAbs(dir) {
		return "", fmt.Errorf("benchdisk=%s: want DISK:/DIR", v)
	}
	mods, err := os.ReadDir(moduleDir)
	if err != nil {
		return "", err
	}
	for _, m := range mods {
		if err := loadModule(filepath.Join(moduleDir, m.Name())); err != nil {
			return "", fmt.Errorf("loading %s: %v", m.Name(), err)
		}
	}
	var dev []byte
	for i := 0; ; i++ {
		if dev, err = os.ReadFile("/sys/block/" + disk + "/dev"); err == nil {
			break
		} else if i == 100 {
			return "", fmt.Errorf("no %s after 10 s: %v", disk, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	major, minor, err := parseDevNumber(string(dev))
	if err != nil {
		return "", fmt.Errorf("/sys/block/%s/dev: %v", disk, err)
	}
	node := "/dev/" + disk
	if err := syscall.Mknod(node, syscall.S_IFBLK|0o600, int(mkdev(major, minor))); err != nil && err != syscall.EEXIST {
		return "", fmt.Errorf("mknod %s: %v", node, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := syscall.Mount(node, dir, "ext4", 0, ""); err != nil {
		return "", fmt.Errorf("mounting %s on %s: %v", node, dir, err)
	}
	return dir, nil
}

// parseDevNumber parses "MAJOR:MINOR\n", as /sys/block/*/dev has it.
func parseDevNumber(s string) (major, minor uint32, err error) {
	a, b, ok := strings.Cut(strings.TrimSpace(s), ":")
	ma, err1 := strconv.ParseUint(a, 10, 32)
	mi, err2 := strconv.ParseUint(b, 10, 32)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("bad device number %q", s)
	}
	return uint32(ma), uint32(mi), nil
}

// mkdev is the kernel's dev_t encoding of a device number (glibc's makedev).
func mkdev(major, minor uint32) uint64 {
	ma, mi := uint64(major), uint64(minor)
	return ma&0xfff<<8 | ma&^0xfff<<32 | mi&0xff | mi&^0xff<<12
}
