// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package unix

import (
	"syscall"
	_ "unsafe" // for go:linkname
)

// The *at calls are implemented by package syscall's in-memory file
// system.

const (
	AT_EACCESS          = syscall.AT_EACCESS
	AT_FDCWD            = syscall.AT_FDCWD
	AT_REMOVEDIR        = syscall.AT_REMOVEDIR
	AT_SYMLINK_NOFOLLOW = syscall.AT_SYMLINK_NOFOLLOW

	UTIME_OMIT = syscall.UTIME_OMIT
)

//go:linkname Openat syscall.openat
func Openat(dirfd int, path string, flags int, perm uint32) (int, error)

//go:linkname Fstatat syscall.fstatat
func Fstatat(dirfd int, path string, stat *syscall.Stat_t, flags int) error

//go:linkname Unlinkat syscall.unlinkat
func Unlinkat(dirfd int, path string, flags int) error

//go:linkname Mkdirat syscall.mkdirat
func Mkdirat(dirfd int, path string, mode uint32) error

//go:linkname Readlinkat syscall.readlinkat
func Readlinkat(dirfd int, path string, buf []byte) (int, error)

//go:linkname Fchmodat syscall.fchmodat
func Fchmodat(dirfd int, path string, mode uint32, flags int) error

//go:linkname Fchownat syscall.fchownat
func Fchownat(dirfd int, path string, uid, gid int, flags int) error

//go:linkname Renameat syscall.renameat
func Renameat(olddirfd int, oldpath string, newdirfd int, newpath string) error

//go:linkname Linkat syscall.linkat
func Linkat(olddirfd int, oldpath string, newdirfd int, newpath string, flag int) error

//go:linkname Symlinkat syscall.symlinkat
func Symlinkat(oldpath string, newdirfd int, newpath string) error

//go:linkname Fcntl syscall.fcntl
func Fcntl(fd int, cmd int, arg int) (int, error)
