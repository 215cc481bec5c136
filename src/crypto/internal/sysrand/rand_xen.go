// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package sysrand

import "internal/syscall/unix"

// read fills b from the CPU's hardware random number generator.
func read(b []byte) error {
	for len(b) > 0 {
		n, err := unix.GetRandom(b, 0)
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}
