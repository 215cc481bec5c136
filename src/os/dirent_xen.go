// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package os

import (
	"syscall"
	"unsafe"
)

// Directory entries come from syscall.ReadDirent as syscall.Dirent
// records (linux_dirent64's layout).

func direntIno(buf []byte) (uint64, bool) {
	var d syscall.Dirent
	return readInt(buf, unsafe.Offsetof(d.Ino), unsafe.Sizeof(d.Ino))
}

func direntReclen(buf []byte) (uint64, bool) {
	var d syscall.Dirent
	return readInt(buf, unsafe.Offsetof(d.Reclen), unsafe.Sizeof(d.Reclen))
}

func direntNamlen(buf []byte) (uint64, bool) {
	var d syscall.Dirent
	reclen, ok := direntReclen(buf)
	if !ok {
		return 0, false
	}
	return reclen - uint64(unsafe.Offsetof(d.Name)), true
}

func direntType(buf []byte) FileMode {
	var d syscall.Dirent
	off := unsafe.Offsetof(d.Type)
	if off >= uintptr(len(buf)) {
		return ^FileMode(0)
	}
	switch buf[off] {
	case syscall.DT_REG:
		return 0
	case syscall.DT_DIR:
		return ModeDir
	case syscall.DT_LNK:
		return ModeSymlink
	case syscall.DT_CHR:
		return ModeDevice | ModeCharDevice
	case syscall.DT_BLK:
		return ModeDevice
	case syscall.DT_FIFO:
		return ModeNamedPipe
	case syscall.DT_SOCK:
		return ModeSocket
	}
	return ^FileMode(0) // unknown: dir_unix.go will lstat
}
