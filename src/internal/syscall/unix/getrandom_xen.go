// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package unix

import "syscall"

// GetRandomFlag is a flag of GetRandom. Both flags are accepted and
// change nothing: the source never blocks and has a single pool.
type GetRandomFlag uintptr

const (
	GRND_NONBLOCK GetRandomFlag = 0x0001
	GRND_RANDOM   GetRandomFlag = 0x0002
)

// GetRandom fills p from the CPU's random number generator (RDSEED,
// else RDRAND), read by the runtime through xenGetRandom. It fails with
// EIO if the CPU has neither or they stop delivering.
func GetRandom(p []byte, flags GetRandomFlag) (n int, err error) {
	if len(p) == 0 {
		return 0, nil
	}
	n = xenGetRandom(p)
	switch {
	case n < 0:
		return 0, syscall.ENOSYS
	case n == 0:
		return 0, syscall.EIO
	}
	return n, nil
}
