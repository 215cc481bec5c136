// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package unix

import _ "unsafe" // for go:linkname

// xenGetRandom fills b from the CPU's random number generator and
// returns how many bytes it filled, or -1 if the CPU has none.
// Provided by package runtime.
//
//go:linkname xenGetRandom
func xenGetRandom(b []byte) int
