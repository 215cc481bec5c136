// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

// XenGuardPages returns the addresses of the stack guard pages.
func XenGuardPages() [4]uintptr { return xenGuardPages() }
