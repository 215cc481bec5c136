// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenbus

import (
	"errors"
	"strconv"
	"strings"

	"xen/xenstore"
)

// ErrNotExist is xenstore's, for a node that is not there.
var ErrNotExist = xenstore.ErrNotExist

// value reads a node as a string, without the NUL some toolstacks
// write at its end.
func value(s Store, path string) (string, error) {
	b, err := s.Read(path)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\x00"), nil
}

// Flag reads a boolean feature node: true only for "1"; missing or
// anything else is false (the default of every feature).
func Flag(s Store, path string) bool {
	v, err := value(s, path)
	return err == nil && v == "1"
}

// Uint reads a decimal node of at most bits bits. A missing node is
// def with no error; a malformed one is an error that names it.
func Uint(s Store, path string, bits int, def uint64) (uint64, error) {
	v, err := value(s, path)
	if errors.Is(err, xenstore.ErrNotExist) {
		return def, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseUint(v, 10, bits)
	if err != nil {
		return 0, errors.New("bad " + path + " " + strconv.Quote(v))
	}
	return n, nil
}

// String reads a node as a string; missing is an error.
func String(s Store, path string) (string, error) {
	v, err := value(s, path)
	if err != nil {
		return "", errors.Join(errors.New("reading "+path), err)
	}
	return v, nil
}
