// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package unix

import _ "unsafe" // for go:linkname

// xenGetRandom fills b from the CPU's random number generator and
// returns how many bytes it filled, or -1 if the CPU has none.
// Provided by package runtime, which keeps no reference to b: without
// noescape every buffer crypto/rand fills would move to the heap.
//
//go:linkname xenGetRandom
//go:noescape
func xenGetRandom(b []byte) int
