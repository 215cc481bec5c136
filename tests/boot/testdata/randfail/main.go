// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// randfail breaks the hardware random number source the way a failed
// health check does (the CPU's RDSEED/RDRAND cannot be made to fail on
// purpose), then reads crypto/rand: the program must stop with
// crypto/rand's fatal error, never go on with bytes it did not get.
// Built with -ldflags=-checklinkname=0 (buildflags) to reach the
// runtime's flag.
package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	_ "unsafe"
)

//go:linkname randBroken runtime.xenRandBroken
var randBroken bool

func main() {
	b := make([]byte, 32)
	rand.Read(b)
	if bytes.Equal(b, make([]byte, 32)) {
		fmt.Println("FAIL: 32 zero bytes from a working source")
	}
	fmt.Println("read 32 bytes from the working source")
	randBroken = true
	clear(b)
	rand.Read(b)
	fmt.Printf("FAIL: crypto/rand returned from a broken source: %x\n", b)
}
