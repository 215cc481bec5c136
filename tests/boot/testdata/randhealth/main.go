// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// randhealth makes the hardware random number generator go bad for a
// while, after one good word, then reads crypto/rand: the runtime's health check must catch
// the bad words and crypto/rand must stop the program with its fatal
// error, never return, though the generator gives good words again by
// the time crypto/rand retries its short read (a broken generator stays
// broken). It is bad in the way the first argument names: stuck (a
// repeated word), zero (all zeros) or ones (all ones). QEMU's RDRAND
// cannot be made to fail, so the bad words come through the runtime's
// test-only injection point, runtime.xenRandWord, reached through
// go:linkname (built with -ldflags=-checklinkname=0: buildflags).
package main

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"os"
	_ "unsafe"
)

//go:linkname randWord runtime.xenRandWord
var randWord func() (uint64, bool)

// hwWord draws a word from RDSEED, else RDRAND.
//
//go:linkname hwWord runtime.xenHWRandWord
func hwWord() (uint64, bool)

// badWords is how many bad words in a row the generator gives: enough
// for the runtime's health check (10 draws of a word, and a stuck word's
// first is a word like any other), not more.
const badWords = 1 + 10

func main() {
	words := map[string]uint64{"stuck": 0x0123456789abcdef, "zero": 0, "ones": ^uint64(0)}
	if len(os.Args) != 2 {
		fmt.Println("FAIL: usage: randhealth stuck|zero|ones")
		os.Exit(1)
	}
	w, ok := words[os.Args[1]]
	if !ok {
		fmt.Println("FAIL: no generator", os.Args[1])
		os.Exit(1)
	}
	b := make([]byte, 32)
	rand.Read(b)
	if bytes.Equal(b, make([]byte, 32)) {
		fmt.Println("FAIL: 32 zero bytes from a working generator")
	}
	fmt.Println("read 32 bytes from the working generator")
	draws := 0
	randWord = func() (uint64, bool) {
		// One good word first, so that crypto/rand's first read comes
		// back short and it reads again, then the bad ones.
		if draws++; draws > 1 && draws <= 1+badWords {
			return w, true
		}
		return hwWord()
	}
	fmt.Println("generator", os.Args[1])
	clear(b)
	rand.Read(b)
	fmt.Printf("FAIL: crypto/rand returned after a %s generator (%d draws): %x\n", os.Args[1], draws, b)
}
