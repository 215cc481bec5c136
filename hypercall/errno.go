// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=Errno

// Errno is a Xen error code (XEN_E* in errno.h). Hypercalls return it
// negated. The values follow x86 Linux, but only this list is Xen's ABI.
type Errno int

// Error makes Errno an error: "xen: EAGAIN".
func (e Errno) Error() string { return "xen: " + e.String() }

// CheckReturn converts a hypercall's return value into an error: nil for
// ret >= 0 (success, possibly carrying a count), Errno(-ret) otherwise.
func CheckReturn(ret int64) error {
	if ret >= 0 {
		return nil
	}
	return Errno(-ret)
}

// EINTR (4) and ERESTART (85) are Xen-internal and never reach a guest, so
// they are not listed.
const (
	EPERM         Errno = 1
	ENOENT        Errno = 2
	ESRCH         Errno = 3
	EIO           Errno = 5
	ENXIO         Errno = 6
	E2BIG         Errno = 7
	ENOEXEC       Errno = 8
	EBADF         Errno = 9
	ECHILD        Errno = 10
	EAGAIN        Errno = 11
	EWOULDBLOCK   Errno = 11 // alias; String reports EAGAIN
	ENOMEM        Errno = 12
	EACCES        Errno = 13
	EFAULT        Errno = 14
	EBUSY         Errno = 16
	EEXIST        Errno = 17
	EXDEV         Errno = 18
	ENODEV        Errno = 19
	ENOTDIR       Errno = 20
	EISDIR        Errno = 21
	EINVAL        Errno = 22
	ENFILE        Errno = 23
	EMFILE        Errno = 24
	ENOSPC        Errno = 28
	EROFS         Errno = 30
	EMLINK        Errno = 31
	EDOM          Errno = 33
	ERANGE        Errno = 34
	EDEADLK       Errno = 35
	EDEADLOCK     Errno = 35 // alias; String reports EDEADLK
	ENAMETOOLONG  Errno = 36
	ENOLCK        Errno = 37
	ENOSYS        Errno = 38
	ENOTEMPTY     Errno = 39
	ENODATA       Errno = 61
	ETIME         Errno = 62
	EBADMSG       Errno = 74
	EOVERFLOW     Errno = 75
	EILSEQ        Errno = 84
	ENOTSOCK      Errno = 88
	EMSGSIZE      Errno = 90
	EOPNOTSUPP    Errno = 95
	EADDRINUSE    Errno = 98
	EADDRNOTAVAIL Errno = 99
	ENOBUFS       Errno = 105
	EISCONN       Errno = 106
	ENOTCONN      Errno = 107
	ETIMEDOUT     Errno = 110
	ECONNREFUSED  Errno = 111
)
