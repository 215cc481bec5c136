// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !linux

package main

import (
	"errors"
	"os"
)

// openConsole needs Linux's terminal ioctls; the local mode runs in a Linux dom0.
func openConsole(path string) (*os.File, error) {
	return nil, errors.New("the local mode reads the console on Linux only")
}
