// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime_test

import (
	"bytes"
	"internal/syscall/unix"
	"runtime"
	"syscall"
	"testing"
)

// TestXenRandHealthFailsClosed: a generator that starts giving bad words
// (stuck on one word, all zeros, all ones, or no word at all) fails the
// health check within one read. That read comes back short, crypto/rand's
// source (internal/syscall/unix.GetRandom) then fails with EIO, and the
// generator stays broken, never drawn from again, even once it gives
// good words again. QEMU's RDRAND cannot be made to fail: the bad words
// come through the runtime's test-only injection point.
func TestXenRandHealthFailsClosed(t *testing.T) {
	const good = 2 // good words before the generator goes bad
	for _, c := range []struct {
		name     string
		word     uint64
		ok       bool // the CPU reports a word (carry flag set)
		accepted int  // bad words the check takes before it can tell
	}{
		{"stuck", 0x0123456789abcdef, true, 1}, // the first is a word like any other
		{"zero", 0, true, 0},
		{"ones", ^uint64(0), true, 0},
		{"nocarry", 0, false, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Bad for exactly as many draws as the check needs to give
			// up, then good again.
			bad := c.accepted + runtime.XenRandRetries
			draws := 0
			saved := runtime.XenSetRandWord(func() (uint64, bool) {
				draws++
				if draws > good && draws <= good+bad {
					return c.word, c.ok
				}
				return runtime.XenHWRandWord()
			})
			defer runtime.XenRestoreRand(saved)

			b := make([]byte, 64)
			n, err := unix.GetRandom(b, 0)
			if want := 8 * (good + c.accepted); n != want || err != nil {
				t.Fatalf("GetRandom of %d bytes from a generator going bad after %d words: %d, %v; want %d, nil",
					len(b), good, n, err, want)
			}
			if !bytes.Equal(b[n:], make([]byte, len(b)-n)) {
				t.Errorf("GetRandom wrote past the %d bytes it reported", n)
			}
			if !runtime.XenRandBroken() {
				t.Errorf("the generator is not marked broken")
			}
			if draws != good+bad {
				t.Errorf("%d draws, want %d: the read went on after the generator failed", draws, good+bad)
			}

			// The injected source gives good words again, and then the
			// CPU's generator is back: both stay unused.
			for _, back := range []string{"good words again", "the CPU's generator back"} {
				if back == "the CPU's generator back" {
					runtime.XenSetRandWord(nil) // XenRestoreRand (deferred) clears it all
				}
				clear(b)
				if n, err := unix.GetRandom(b, 0); n != 0 || err != syscall.EIO {
					t.Errorf("%s: GetRandom after the generator failed: %d, %v; want 0, EIO", back, n, err)
				}
				if n := runtime.XenReadRandom(b); n != 0 {
					t.Errorf("%s: the runtime's read after the generator failed gave %d bytes", back, n)
				}
				if !bytes.Equal(b, make([]byte, len(b))) {
					t.Errorf("%s: bytes written after the generator failed", back)
				}
			}
			if draws != good+bad {
				t.Errorf("the failed generator was drawn from again (%d draws, want %d)", draws, good+bad)
			}
		})
	}
}

// TestXenRandHealthRetries: fewer bad words in a row than the check's
// retries cost a word each, not the generator.
func TestXenRandHealthRetries(t *testing.T) {
	draws := 0
	saved := runtime.XenSetRandWord(func() (uint64, bool) {
		draws++
		if draws > 1 && draws < 1+runtime.XenRandRetries { // retries-1 zeros after the first word
			return 0, true
		}
		return runtime.XenHWRandWord()
	})
	defer runtime.XenRestoreRand(saved)
	b := make([]byte, 64)
	if n, err := unix.GetRandom(b, 0); n != len(b) || err != nil {
		t.Fatalf("GetRandom: %d, %v; want %d, nil", n, err, len(b))
	}
	if runtime.XenRandBroken() {
		t.Error("a short run of bad words broke the generator")
	}
	if want := len(b)/8 + runtime.XenRandRetries - 1; draws != want {
		t.Errorf("%d draws, want %d", draws, want)
	}
}
