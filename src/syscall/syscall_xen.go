// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package syscall on xen has no kernel below it: a xen program is the
// whole guest. Files live in an in-memory file system inside this package
// (fs_xen.go, file_xen.go), standard output and standard error go to the
// Xen console, sockets are package net's, installed as descriptors here
// (socket_xen.go), and what else a kernel would do (processes, signals,
// raw system calls) fails with ENOSYS rather than pretending to succeed.
//
// The program runs as the super-user (uid and gid 0). As for root on
// Unix, permission bits are stored and reported but do not restrict
// access.

package syscall

import (
	errorspkg "errors"
	"internal/oserror"
	"internal/strconv"
)

// An Errno is an unsigned number describing an error condition.
// It implements the error interface. The zero Errno is by convention
// a non-error, so code to convert from Errno to error should use:
//
//	err = nil
//	if errno != 0 {
//		err = errno
//	}
//
// Errno values can be tested against error values using [errors.Is].
// For example:
//
//	_, _, err := syscall.Syscall(...)
//	if errors.Is(err, fs.ErrNotExist) ...
type Errno uintptr

func (e Errno) Error() string {
	if 0 <= int(e) && int(e) < len(errorstr) {
		s := errorstr[e]
		if s != "" {
			return s
		}
	}
	return "errno " + strconv.Itoa(int(e))
}

func (e Errno) Is(target error) bool {
	switch target {
	case oserror.ErrPermission:
		return e == EACCES || e == EPERM
	case oserror.ErrExist:
		return e == EEXIST || e == ENOTEMPTY
	case oserror.ErrNotExist:
		return e == ENOENT
	case errorspkg.ErrUnsupported:
		return e == ENOSYS || e == ENOTSUP || e == EOPNOTSUPP
	}
	return false
}

func (e Errno) Temporary() bool {
	return e == EINTR || e == EMFILE || e == ENFILE || e.Timeout()
}

func (e Errno) Timeout() bool {
	return e == EAGAIN || e == EWOULDBLOCK || e == ETIMEDOUT
}

// A Signal is a number describing a process signal.
// It implements the [os.Signal] interface.
type Signal int

func (s Signal) Signal() {}

func (s Signal) String() string {
	if 0 <= s && int(s) < len(signals) {
		str := signals[s]
		if str != "" {
			return str
		}
	}
	return "signal " + strconv.Itoa(int(s))
}

const (
	Stdin  = 0
	Stdout = 1
	Stderr = 2
)

// Open flags, as on linux/amd64.
const (
	O_RDONLY    = 0x0
	O_WRONLY    = 0x1
	O_RDWR      = 0x2
	O_ACCMODE   = 0x3
	O_CREAT     = 0x40
	O_CREATE    = O_CREAT
	O_EXCL      = 0x80
	O_NOCTTY    = 0x100
	O_TRUNC     = 0x200
	O_APPEND    = 0x400
	O_NONBLOCK  = 0x800
	O_NDELAY    = O_NONBLOCK
	O_DSYNC     = 0x1000
	O_SYNC      = 0x101000
	O_DIRECTORY = 0x10000
	O_NOFOLLOW  = 0x20000
	O_CLOEXEC   = 0x80000
	O_LARGEFILE = 0x0
)

const (
	F_DUPFD         = 0x0
	F_GETFD         = 0x1
	F_SETFD         = 0x2
	F_GETFL         = 0x3
	F_SETFL         = 0x4
	F_DUPFD_CLOEXEC = 0x406
	FD_CLOEXEC      = 0x1
)

const (
	AT_FDCWD            = -0x64
	AT_REMOVEDIR        = 0x200
	AT_SYMLINK_FOLLOW   = 0x400
	AT_SYMLINK_NOFOLLOW = 0x100
	AT_EACCESS          = 0x200
)

const (
	S_IFMT   = 0xf000
	S_IFSOCK = 0xc000
	S_IFLNK  = 0xa000
	S_IFREG  = 0x8000
	S_IFBLK  = 0x6000
	S_IFDIR  = 0x4000
	S_IFCHR  = 0x2000
	S_IFIFO  = 0x1000
	S_ISUID  = 0x800
	S_ISGID  = 0x400
	S_ISVTX  = 0x200
	S_IRUSR  = 0x100
	S_IWUSR  = 0x80
	S_IXUSR  = 0x40
	S_IRWXU  = 0x1c0
	S_IRWXG  = 0x38
	S_IRWXO  = 0x7
)

const (
	SEEK_SET = 0
	SEEK_CUR = 1
	SEEK_END = 2
)

// PathMax is the longest path the file system accepts.
const PathMax = 4096

// Stat_t has linux/amd64's layout.
type Stat_t struct {
	Dev       uint64
	Ino       uint64
	Nlink     uint64
	Mode      uint32
	Uid       uint32
	Gid       uint32
	X__pad0   int32
	Rdev      uint64
	Size      int64
	Blksize   int64
	Blocks    int64
	Atim      Timespec
	Mtim      Timespec
	Ctim      Timespec
	X__unused [3]int64
}

type Timespec struct {
	Sec  int64
	Nsec int64
}

type Timeval struct {
	Sec  int64
	Usec int64
}

func setTimespec(sec, nsec int64) Timespec {
	return Timespec{Sec: sec, Nsec: nsec}
}

func setTimeval(sec, usec int64) Timeval {
	return Timeval{Sec: sec, Usec: usec}
}

// Gettimeofday reports the wall clock.
func Gettimeofday(tv *Timeval) error {
	sec, nsec := walltime()
	*tv = setTimeval(sec, int64(nsec)/1e3)
	return nil
}

const ImplementsGetwd = true

// Identity: the program is the only process, running as root.

func Getpid() int  { return 1 }
func Getppid() int { return 0 }
func Getuid() int  { return 0 }
func Geteuid() int { return 0 }
func Getgid() int  { return 0 }
func Getegid() int { return 0 }

func Getgroups() ([]int, error) { return []int{0}, nil }

// domainName is the domain's name in xenstore, or "" if it could not be
// read. Provided by package runtime.
func domainName() string

// Sysctl supports only kern.hostname: the domain's name (xl's name=),
// or "xen" when xenstore does not say.
func Sysctl(key string) (string, error) {
	if key == "kern.hostname" {
		if name := domainName(); name != "" {
			return name, nil
		}
		return "xen", nil
	}
	return "", ENOSYS
}

type Rlimit struct {
	Cur uint64
	Max uint64
}

const RLIMIT_NOFILE = 0x7

// Getrlimit reports the limits of the file descriptor table.
func Getrlimit(which int, lim *Rlimit) error {
	if which != RLIMIT_NOFILE {
		return EINVAL
	}
	lim.Cur = maxFiles
	lim.Max = maxFiles
	return nil
}

func Setrlimit(which int, lim *Rlimit) error {
	if which != RLIMIT_NOFILE {
		return EINVAL
	}
	if lim.Cur > maxFiles || lim.Max > maxFiles || lim.Cur > lim.Max {
		return EPERM
	}
	return nil // the table is always the maximum size
}

// The raw system call interface does not exist: there is no kernel.

func Syscall(trap, a1, a2, a3 uintptr) (r1, r2 uintptr, err Errno) {
	return 0, 0, ENOSYS
}

func Syscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err Errno) {
	return 0, 0, ENOSYS
}

func RawSyscall(trap, a1, a2, a3 uintptr) (r1, r2 uintptr, err Errno) {
	return 0, 0, ENOSYS
}

func RawSyscall6(trap, a1, a2, a3, a4, a5, a6 uintptr) (r1, r2 uintptr, err Errno) {
	return 0, 0, ENOSYS
}

// Iovec has linux/amd64's layout. There is no writev; the type exists for
// package internal/poll.
type Iovec struct {
	Base *byte
	Len  uint64
}

func (iov *Iovec) SetLen(length int) {
	iov.Len = uint64(length)
}
