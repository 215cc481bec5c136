// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package unix

// xenGetRandom fills b with random bytes and returns how many it filled
// (-1 if there is no source). It is a stub until the runtime provides it:
//
//	// runtime/os_xen.go
//	//go:linkname unix_xenGetRandom internal/syscall/unix.xenGetRandom
//	func unix_xenGetRandom(b []byte) int { return readRandom(b) }
//
// and then this body gives way to a declaration (tested that way):
//
//	import _ "unsafe" // for go:linkname
//
//	// Provided by package runtime.
//	//
//	//go:linkname xenGetRandom
//	func xenGetRandom(b []byte) int
//
// Until then it reports that there is no source, so crypto/rand fails
// loudly rather than returning weak bytes.
func xenGetRandom(b []byte) int { return -1 }
