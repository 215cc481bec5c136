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
