// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package drbg

import (
	entropy "crypto/internal/entropy/v1.0.0"
	"sync"
)

// On xen the BSS is RAM from the moment the domain starts, as Wasm's
// linear memory is, so the 32 MiB scratch buffer of entropy_fips140.go
// would take that much of every program that links this package
// (crypto/rand, and so net/http, testing's dependencies...): an eighth
// of a 256 MB domain. The buffer comes from the heap instead, at the
// first seed, which happens only in FIPS 140-3 mode.

var (
	memoryOnce sync.Once
	memory     *entropy.ScratchBuffer
)

func getEntropy() *[SeedSize]byte {
	memoryOnce.Do(func() { memory = new(entropy.ScratchBuffer) })
	var retries int
	seed, err := entropy.Seed(memory)
	for err != nil {
		// As in entropy_fips140.go.
		if retries++; retries > 100 {
			panic("fips140/drbg: failed to obtain initial entropy")
		}
		seed, err = entropy.Seed(memory)
	}
	return &seed
}
