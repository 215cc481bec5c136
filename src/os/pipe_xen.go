// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package os

import "syscall"

// Pipe is not supported yet: syscall.Pipe reports ENOSYS.
func Pipe() (r *File, w *File, err error) {
	var p [2]int
	if e := syscall.Pipe(p[:]); e != nil {
		return nil, nil, NewSyscallError("pipe", e)
	}
	return newFile(p[0], "|0", kindPipe, false), newFile(p[1], "|1", kindPipe, false), nil
}
