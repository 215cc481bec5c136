// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"strconv"
	"syscall"
)

// CorruptError reports metadata that fails a check. It matches
// syscall.EIO with errors.Is.
type CorruptError struct {
	What string
}

func (e *CorruptError) Error() string { return "ext4: corrupt file system: " + e.What }

func (e *CorruptError) Unwrap() error { return syscall.EIO }

func corrupt(what string) error { return &CorruptError{What: what} }

// FeatureError reports a feature this package does not implement.
// It matches syscall.EINVAL (refused mount) or syscall.EROFS (read-only
// only) with errors.Is.
type FeatureError struct {
	Kind  string // which feature set, or what is missing
	Flags uint32 // the unknown bits
	Err   error
}

func (e *FeatureError) Error() string {
	s := "ext4: unsupported " + e.Kind
	if e.Flags != 0 {
		s += " features 0x" + strconv.FormatUint(uint64(e.Flags), 16)
	}
	if e.Err == syscall.EROFS {
		s += ": read-only mount only"
	}
	return s
}

func (e *FeatureError) Unwrap() error { return e.Err }
