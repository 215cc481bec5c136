// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package unix

import "syscall"

// Eaccess checks access to path as the effective user.
func Eaccess(path string, mode uint32) error {
	return syscall.Faccessat(AT_FDCWD, path, mode, AT_EACCESS)
}
