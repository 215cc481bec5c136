// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"strconv"

	"xen/hypercall"
)

// The requests on nodes, shared by Client (tx 0) and Tx. Paths are
// absolute ("/local/domain/0/name") or relative to the caller's domain
// home ("device/vif/0"), as xenstored resolves them.

func (c *Client) read(tx uint32, path string) ([]byte, error) {
	if !validName(path) {
		return nil, badPath("read", path)
	}
	return c.call("read", path, hypercall.XSRead, tx, cstr(path))
}

func (c *Client) write(tx uint32, path string, value []byte) error {
	if !validName(path) {
		return badPath("write", path)
	}
	// No NUL after the value: everything after the path is the value.
	_, err := c.call("write", path, hypercall.XSWrite, tx, cstr(path), value)
	return err
}

func (c *Client) mkdir(tx uint32, path string) error {
	if !validName(path) {
		return badPath("mkdir", path)
	}
	_, err := c.call("mkdir", path, hypercall.XSMkdir, tx, cstr(path))
	return err
}

func (c *Client) remove(tx uint32, path string) error {
	if !validName(path) {
		return badPath("rm", path)
	}
	_, err := c.call("rm", path, hypercall.XSRm, tx, cstr(path))
	return err
}

// directory lists the children of path. A list longer than one message
// makes xenstored answer E2BIG; it is then fetched in parts.
func (c *Client) directory(tx uint32, path string) ([]string, error) {
	if !validName(path) {
		return nil, badPath("directory", path)
	}
	l := c.startLimit()
	defer l.stop()
	p, err := c.request(l, "directory", path, hypercall.XSDirectory, tx, cstr(path))
	if e, ok := err.(*Error); ok && e.Err == ErrTooBig {
		return c.directoryParts(l, tx, path)
	}
	if err != nil {
		return nil, err
	}
	return parseStrings(p), nil
}

// Bounds on a listing fetched in parts, so that a hostile xenstored can
// neither keep the client busy nor make it hold much memory: at most
// maxDirBytes of names (with their NULs) and maxDirParts requests per
// try, and dirAttempts tries when the generation keeps changing; the
// client's timeout covers the whole listing. A real xenstored packs whole
// names into each part, so two parts in a row hold more than a payload
// and maxDirBytes never needs more than about 520 parts.
const (
	maxDirBytes = 1 << 20
	maxDirParts = 1024
	dirAttempts = 8
)

// directoryParts reads a long child list with XS_DIRECTORY_PART. The
// offset is in bytes of the NUL-terminated names. If the generation
// changes between parts the node changed, and the listing restarts.
func (c *Client) directoryParts(l limit, tx uint32, path string) ([]string, error) {
	for attempt := 0; attempt < dirAttempts; attempt++ {
		var names []string
		gen := ""
		off := 0
		for part := 0; ; part++ {
			if part == maxDirParts {
				return nil, errorString(ErrProtocol, opString("directory", path)+": no end after "+
					strconv.Itoa(maxDirParts)+" directory parts")
			}
			p, err := c.request(l, "directory", path, hypercall.XSDirectoryPart, tx, cstr(path), cstr(strconv.Itoa(off)))
			if err != nil {
				return nil, err
			}
			g, list, last, why := parseDirPart(p)
			if why != "" {
				return nil, errorString(ErrProtocol, opString("directory", path)+": "+why)
			}
			if part == 0 {
				gen = g
			} else if g != gen {
				break
			}
			for _, s := range list {
				off += len(s) + 1
			}
			if off > maxDirBytes {
				return nil, errorString(ErrTooBig, opString("directory", path)+": more than "+
					strconv.Itoa(maxDirBytes)+" bytes of names")
			}
			names = append(names, list...)
			if last {
				return names, nil
			}
		}
	}
	return nil, &Error{Op: "directory", Path: path, Name: "EAGAIN", Err: ErrAgain}
}

// parseDirPart splits an XS_DIRECTORY_PART reply, "gen\0name\0...name\0",
// where the last part has an extra NUL (an empty name) at the end. It
// returns why the reply is malformed, or "".
func parseDirPart(p []byte) (gen string, names []string, last bool, why string) {
	if len(p) == 0 || p[len(p)-1] != 0 {
		return "", nil, false, "directory part not NUL-terminated"
	}
	list := parseStrings(p)
	gen, names = list[0], list[1:]
	if gen == "" {
		return "", nil, false, "directory part without a generation"
	}
	if n := len(names); n > 0 && names[n-1] == "" {
		names, last = names[:n-1], true
	}
	for _, s := range names {
		if s == "" {
			return "", nil, false, "empty name in directory part"
		}
	}
	if len(names) == 0 && !last {
		return "", nil, false, "directory part makes no progress"
	}
	return gen, names, last, ""
}

func badPath(op, path string) error {
	return &Error{Op: op, Path: path, Name: "EINVAL", Err: ErrInvalid}
}

// Read returns the value of the node at path.
func (c *Client) Read(path string) ([]byte, error) { return c.read(0, path) }

// Write sets the value of the node at path, creating it and any missing
// parents.
func (c *Client) Write(path string, value []byte) error { return c.write(0, path, value) }

// Mkdir creates the node at path with an empty value, if it is missing.
func (c *Client) Mkdir(path string) error { return c.mkdir(0, path) }

// Remove deletes the node at path and everything below it.
func (c *Client) Remove(path string) error { return c.remove(0, path) }

// Directory returns the names (not paths) of the children of path.
func (c *Client) Directory(path string) ([]string, error) { return c.directory(0, path) }

// GetDomainPath returns the home path of a domain, such as
// "/local/domain/7".
func (c *Client) GetDomainPath(domid uint32) (string, error) {
	d := strconv.FormatUint(uint64(domid), 10)
	p, err := c.call("get_domain_path", d, hypercall.XSGetDomainPath, 0, cstr(d))
	if err != nil {
		return "", err
	}
	return firstString(p), nil
}
