// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package os

import (
	"internal/filepathlite"
	"syscall"
	"time"
)

func fillFileStatFromSys(fs *fileStat, name string) {
	st := &fs.sys
	fs.name = filepathlite.Base(name)
	fs.size = st.Size
	fs.modTime = time.Unix(st.Mtim.Unix())
	fs.mode = FileMode(st.Mode&0777) | fileType(st.Mode)
	for _, b := range [...]struct {
		bit  uint32
		mode FileMode
	}{
		{syscall.S_ISUID, ModeSetuid},
		{syscall.S_ISGID, ModeSetgid},
		{syscall.S_ISVTX, ModeSticky},
	} {
		if st.Mode&b.bit != 0 {
			fs.mode |= b.mode
		}
	}
}

// fileType maps the S_IF* type in a Stat_t mode to a FileMode.
func fileType(mode uint32) FileMode {
	switch mode & syscall.S_IFMT {
	case syscall.S_IFDIR:
		return ModeDir
	case syscall.S_IFLNK:
		return ModeSymlink
	case syscall.S_IFCHR:
		return ModeDevice | ModeCharDevice
	case syscall.S_IFBLK:
		return ModeDevice
	case syscall.S_IFIFO:
		return ModeNamedPipe
	case syscall.S_IFSOCK:
		return ModeSocket
	}
	return 0
}

func atime(fi FileInfo) time.Time {
	return time.Unix(fi.Sys().(*syscall.Stat_t).Atim.Unix())
}
