package main

import (
	"bytes"
	"fmt"
	"os"
)

// cpioEntry is one file of an initramfs: a directory, a regular file (data) or a character
// device (major, minor).
type cpioEntry struct {
	name         string
	mode         uint32 // type and permission bits, as in stat(2)
	data         []byte
	major, minor uint32
}

const (
	modeDir  = 0o040000
	modeReg  = 0o100000
	modeChar = 0o020000
)

// writeCpio writes entries as an uncompressed "newc" cpio archive, the format the Linux kernel
// unpacks into its initial root file system.
func writeCpio(path string, entries []cpioEntry) error {
	var b bytes.Buffer
	pad := func() {
		for b.Len()%4 != 0 {
			b.WriteByte(0)
		}
	}
	add := func(ino int, e cpioEntry) {
		nlink := 1
		if e.mode&0o170000 == modeDir {
			nlink = 2
		}
		fmt.Fprintf(&b, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
			ino, e.mode, 0, 0, nlink, 0, len(e.data), 0, 0, e.major, e.minor, len(e.name)+1, 0)
		b.WriteString(e.name)
		b.WriteByte(0)
		pad()
		b.Write(e.data)
		pad()
	}
	for i, e := range entries {
		add(i+1, e)
	}
	add(0, cpioEntry{name: "TRAILER!!!"})
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// guestInitramfs is the initramfs of a Linux guest: /init, the program as /NAME, and the
// /dev/console node the kernel opens for init's standard streams, and any extra entries.
func guestInitramfs(path, initBin, progBin, progName string, extra ...cpioEntry) error {
	ini, err := os.ReadFile(initBin)
	if err != nil {
		return err
	}
	prog, err := os.ReadFile(progBin)
	if err != nil {
		return err
	}
	return writeCpio(path, append([]cpioEntry{
		{name: "dev", mode: modeDir | 0o755},
		{name: "dev/console", mode: modeChar | 0o600, major: 5, minor: 1},
		{name: "dev/null", mode: modeChar | 0o666, major: 1, minor: 3},
		{name: "proc", mode: modeDir | 0o755},
		{name: "tmp", mode: modeDir | 0o1777},
		{name: "init", mode: modeReg | 0o755, data: ini},
		{name: progName, mode: modeReg | 0o755, data: prog},
	}, extra...))
}
