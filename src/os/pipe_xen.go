// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package os

import "syscall"

// Pipe returns a connected pair of Files; reads from r return bytes
// written to w. The pipe lives in memory (syscall's pipe_xen.go); a
// blocked read or write parks its goroutine.
func Pipe() (r *File, w *File, err error) {
	var p [2]int
	if e := syscall.Pipe2(p[:], syscall.O_CLOEXEC); e != nil {
		return nil, nil, NewSyscallError("pipe2", e)
	}
	return newFile(p[0], "|0", kindPipe, false), newFile(p[1], "|1", kindPipe, false), nil
}
