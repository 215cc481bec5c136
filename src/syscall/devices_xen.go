// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Character devices: the console and /dev/null and /dev/zero.

package syscall

import "sync"

// consoleWrite writes b to the Xen console. Provided by package runtime.
func consoleWrite(b []byte)

// consoleRead reads console input, waiting for some; 0 means end of
// input (a Ctrl-D first, or no console). Provided by package runtime.
func consoleRead(p []byte) int

// consoleReadMu serialises readers: one goroutine at a time may wait for
// the console's event channel.
var consoleReadMu sync.Mutex

// The console backs standard input, output and error and /dev/console.
// Output goes to the Xen console, input comes from it: what is typed
// into `xl console`, with Ctrl-D (0x04) at the start of a read as end of
// file, as on a terminal.
type consoleDevice struct{}

func (consoleDevice) read(p []byte) (int, error) {
	consoleReadMu.Lock()
	defer consoleReadMu.Unlock()
	return consoleRead(p), nil
}

func (consoleDevice) write(p []byte) (int, error) {
	if len(p) > 0 {
		consoleWrite(p)
	}
	return len(p), nil
}

type nullDevice struct{}

func (nullDevice) read(p []byte) (int, error)  { return 0, nil }
func (nullDevice) write(p []byte) (int, error) { return len(p), nil }

type zeroDevice struct{}

func (zeroDevice) read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func (zeroDevice) write(p []byte) (int, error) { return len(p), nil }
