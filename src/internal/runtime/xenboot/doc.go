// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package xenboot holds the xen runtime's checks of what the toolstack
// and the hardware hand it: parsers of the domain's command line and of
// the PVH memory map, the ramdisk's placement, and a health check of the
// CPU's random number generator. Their input must be treated as hostile:
// a malformed value ends in an error the runtime prints, never in a
// crash, a wrong result or a loop.
//
// They are pure functions over their arguments, so that they are tested
// and fuzzed on any GOOS. They run before the runtime has a heap, so they
// never allocate and return errors as constant strings ("" for none).
package xenboot
