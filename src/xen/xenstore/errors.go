// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"errors"
	"strconv"
)

// Sentinel errors for the errno names xenstored sends in an XS_ERROR reply
// (the xsd_errors table of io/xs_wire.h, plus EQUOTA from oxenstored).
// Replies arrive as *Error, which keeps the name; test them with
// errors.Is(err, ErrNotExist) and so on.
var (
	ErrInvalid      = errors.New("xenstore: invalid argument")          // EINVAL
	ErrPermission   = errors.New("xenstore: permission denied")         // EACCES, EPERM
	ErrExist        = errors.New("xenstore: node exists")               // EEXIST
	ErrIsDir        = errors.New("xenstore: is a directory")            // EISDIR
	ErrNotExist     = errors.New("xenstore: no such node")              // ENOENT
	ErrNoMemory     = errors.New("xenstore: out of memory")             // ENOMEM
	ErrNoSpace      = errors.New("xenstore: no space")                  // ENOSPC
	ErrIO           = errors.New("xenstore: I/O error")                 // EIO
	ErrNotEmpty     = errors.New("xenstore: node not empty")            // ENOTEMPTY
	ErrNotSupported = errors.New("xenstore: operation not supported")   // ENOSYS
	ErrReadOnly     = errors.New("xenstore: read-only")                 // EROFS
	ErrBusy         = errors.New("xenstore: busy")                      // EBUSY
	ErrAgain        = errors.New("xenstore: try again")                 // EAGAIN: transaction conflict
	ErrIsConn       = errors.New("xenstore: already connected")         // EISCONN
	ErrTooBig       = errors.New("xenstore: message too big")           // E2BIG
	ErrQuota        = errors.New("xenstore: quota exceeded")            // EQUOTA
	ErrClosed       = errors.New("xenstore: client closed")             // Close was called
	ErrProtocol     = errors.New("xenstore: protocol error")            // malformed message from xenstored
	ErrRingCorrupt  = errors.New("xenstore: ring indices corrupt")      // producer ahead of consumer by more than the ring
	ErrTxDone       = errors.New("xenstore: transaction already ended") // use of a committed or aborted Tx
)

var errnoErrors = map[string]error{
	"EINVAL":    ErrInvalid,
	"EACCES":    ErrPermission,
	"EPERM":     ErrPermission,
	"EEXIST":    ErrExist,
	"EISDIR":    ErrIsDir,
	"ENOENT":    ErrNotExist,
	"ENOMEM":    ErrNoMemory,
	"ENOSPC":    ErrNoSpace,
	"EIO":       ErrIO,
	"ENOTEMPTY": ErrNotEmpty,
	"ENOSYS":    ErrNotSupported,
	"EROFS":     ErrReadOnly,
	"EBUSY":     ErrBusy,
	"EAGAIN":    ErrAgain,
	"EISCONN":   ErrIsConn,
	"E2BIG":     ErrTooBig,
	"EQUOTA":    ErrQuota,
}

// Error is an error reported by xenstored, or a request refused locally
// for the reason xenstored would give.
type Error struct {
	Op   string // request, such as "read"; may be empty
	Path string // node the request named; may be empty
	Name string // errno name as xenstored sends it, such as "ENOENT"
	Err  error  // matching sentinel such as ErrNotExist; nil for an unknown name
}

func (e *Error) Error() string {
	s := "xenstore"
	if e.Op != "" {
		s += " " + e.Op
	}
	if e.Path != "" {
		s += " " + e.Path
	}
	return s + ": " + e.Name
}

func (e *Error) Unwrap() error { return e.Err }

// errnoError turns the payload of an XS_ERROR reply into an *Error. The
// name is bounded so a hostile reply cannot make a huge error string.
func errnoError(op, path string, payload []byte) *Error {
	name := firstString(payload)
	if len(name) > 32 {
		name = name[:32]
	}
	if name == "" {
		name = "(empty)"
	}
	return &Error{Op: op, Path: path, Name: name, Err: errnoErrors[name]}
}

// detailError adds a message to a sentinel without importing fmt.
type detailError struct {
	msg string
	err error
}

func (e *detailError) Error() string { return e.msg }
func (e *detailError) Unwrap() error { return e.err }

func errorString(sentinel error, msg string) error {
	return &detailError{msg: msg, err: sentinel}
}

// opString is the prefix of an error about request op on path.
func opString(op, path string) string {
	if path == "" {
		return "xenstore " + op
	}
	return "xenstore " + op + " " + path
}

// quoteReply quotes a string from xenstored for an error message, cut
// short so that a hostile reply cannot make a huge one.
func quoteReply(s string) string {
	const max = 64
	if len(s) > max {
		return strconv.Quote(s[:max]) + "..."
	}
	return strconv.Quote(s)
}
