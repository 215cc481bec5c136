// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall

import _ "unsafe" // for go:linkname

// timeNow is the runtime's wall and monotonic clock (the function behind
// time.Now).
//
//go:linkname timeNow time.now
func timeNow() (sec int64, nsec int32, mono int64)

func walltime() (sec int64, nsec int32) {
	sec, nsec, _ = timeNow()
	return
}

// nowNano returns the wall clock in nanoseconds since the Unix epoch,
// for file timestamps.
func nowNano() int64 {
	sec, nsec := walltime()
	return sec*1e9 + int64(nsec)
}
