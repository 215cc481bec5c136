// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

// RandRetries is how often a bad or failed RDSEED/RDRAND word is drawn
// again before the source counts as broken (Intel advises 10 tries of
// RDRAND before giving up).
const RandRetries = 10

// RandCheck is a health check of a hardware random number generator's
// 64-bit words. A word of all zeros or all ones, or one equal to the word
// before, is what a stuck or broken generator yields (AMD's RDRAND once
// returned all ones after suspend); from a working one each has a chance
// of 2^-63 or less, so rejecting them costs nothing.
type RandCheck struct {
	last uint64
	seen bool
}

// Accept reports whether v may be used, and remembers it.
func (c *RandCheck) Accept(v uint64) bool {
	ok := v != 0 && v != ^uint64(0) && !(c.seen && v == c.last)
	c.last, c.seen = v, true
	return ok
}
