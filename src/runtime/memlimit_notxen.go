// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package runtime

import "internal/runtime/math"

// defaultMemoryLimit is the soft memory limit when GOMEMLIMIT is unset:
// none (see memlimit_xen.go).
func defaultMemoryLimit() int64 { return math.MaxInt64 }

// startingStackCap bounds the stack a new goroutine starts with: no bound
// but maxstacksize (see memlimit_xen.go).
const startingStackCap = ^uint64(0)
