// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot_test

import (
	. "internal/runtime/xenboot"
	"testing"
)

func TestRandCheck(t *testing.T) {
	var c RandCheck
	for _, tc := range []struct {
		v  uint64
		ok bool
	}{
		{0, false},
		{^uint64(0), false},
		{0x0123456789abcdef, true},
		{0x0123456789abcdef, false}, // repeated
		{0x0123456789abcdef, false},
		{0xfedcba9876543210, true},
		{0x0123456789abcdef, true}, // not the word before
		{0, false},
		{0, false},
	} {
		if got := c.Accept(tc.v); got != tc.ok {
			t.Errorf("Accept(%#x) = %v, want %v", tc.v, got, tc.ok)
		}
	}
}
