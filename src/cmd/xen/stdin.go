// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"io"
	"os"
)

// The guest's standard input is its console's input. A launcher with
// nothing to send (stdin is /dev/null, closed or an empty file, as under
// `go test`) tells the guest with the stdin:eof token. Piped input is
// streamed to jobs/ID/stdin as it comes, and dom0 feeds that file to the
// guest's console (in local mode the client writes it to the console
// itself), the Ctrl-D that ends it last; the launch never waits for it. A terminal leaves the console's input live, for `xl console`.

const ctrlD = 0x04 // end of input for the guest

// stdinMode is what to do with the launcher's standard input.
type stdinMode int

const (
	stdinEOF     stdinMode = iota // nothing to send
	stdinStream                   // forward it as it comes
	stdinConsole                  // a terminal: leave the console alone
)

// stdinModeOf decides the mode for f. XEN_EXEC_STDIN=console leaves the
// console's input live whatever f is.
func stdinModeOf(f *os.File) stdinMode {
	if os.Getenv("XEN_EXEC_STDIN") == "console" {
		return stdinConsole
	}
	fi, err := f.Stat()
	if err != nil {
		return stdinEOF // closed
	}
	switch {
	case fi.Mode()&os.ModeCharDevice != 0:
		if null, err := os.Stat(os.DevNull); err == nil && os.SameFile(fi, null) {
			return stdinEOF
		}
		return stdinConsole
	case fi.Mode().IsRegular() && fi.Size() == 0:
		return stdinEOF
	}
	return stdinStream
}

// streamStdinFile appends what f yields to the file at path (the harness's jobs/ID/stdin),
// then a Ctrl-D.
func streamStdinFile(f io.Reader, path string) error {
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	defer out.Close()
	return streamStdin(f, out)
}

// streamStdin copies what f yields to out, then a Ctrl-D. Each chunk is written as soon as
// it is read, so that a guest reading interactively from a pipe gets its input while it runs.
func streamStdin(f io.Reader, out io.Writer) error {
	buf := make([]byte, 64<<10)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			if _, werr := out.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			_, err := out.Write([]byte{ctrlD})
			return err
		}
		if err != nil {
			return err
		}
	}
}
