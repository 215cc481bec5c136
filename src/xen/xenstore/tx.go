// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"errors"
	"strconv"
	"sync/atomic"

	"xen/hypercall"
)

// Tx is a xenstore transaction: its reads see one snapshot of the tree and
// its writes take effect together at Commit, which fails with ErrAgain if
// another writer changed what the transaction touched.
type Tx struct {
	c     *Client
	id    uint32
	ended atomic.Bool
}

// Begin starts a transaction. Until it ends, the domain cannot suspend
// (xenstored forgets transactions when a domain moves): end every
// transaction soon.
func (c *Client) Begin() (*Tx, error) {
	l := c.startLimit()
	defer l.stop()
	if err := c.gate.enter(l.expired, c.broken); err != nil {
		return nil, c.gateError(err, "transaction_start", "", l.d)
	}
	p, err := c.request(l, "transaction_start", "", hypercall.XSTransactionStart, 0, cstr(""))
	var id uint32
	if err == nil {
		id, err = parseTxID(p)
	}
	if err != nil {
		c.gate.leave()
		return nil, err
	}
	return &Tx{c: c, id: id}, nil
}

// parseTxID decodes a TRANSACTION_START reply: a decimal id, not zero,
// which would mean no transaction.
func parseTxID(p []byte) (uint32, error) {
	s := firstString(p)
	id, err := strconv.ParseUint(s, 10, 32)
	if err != nil || id == 0 {
		return 0, errorString(ErrProtocol, "xenstore transaction_start: bad transaction id "+quoteReply(s))
	}
	return uint32(id), nil
}

// ID is the transaction id xenstored assigned.
func (tx *Tx) ID() uint32 { return tx.id }

// Read returns the value of the node at path as the transaction sees it.
func (tx *Tx) Read(path string) ([]byte, error) {
	if tx.ended.Load() {
		return nil, ErrTxDone
	}
	return tx.c.read(tx.id, path)
}

// Write sets the value of the node at path within the transaction.
func (tx *Tx) Write(path string, value []byte) error {
	if tx.ended.Load() {
		return ErrTxDone
	}
	return tx.c.write(tx.id, path, value)
}

// Mkdir creates the node at path within the transaction.
func (tx *Tx) Mkdir(path string) error {
	if tx.ended.Load() {
		return ErrTxDone
	}
	return tx.c.mkdir(tx.id, path)
}

// Remove deletes the node at path and its children within the transaction.
func (tx *Tx) Remove(path string) error {
	if tx.ended.Load() {
		return ErrTxDone
	}
	return tx.c.remove(tx.id, path)
}

// Directory returns the children of path as the transaction sees them.
func (tx *Tx) Directory(path string) ([]string, error) {
	if tx.ended.Load() {
		return nil, ErrTxDone
	}
	return tx.c.directory(tx.id, path)
}

// Commit ends the transaction, applying its writes. It returns an error
// wrapping ErrAgain if the transaction conflicted and nothing was applied.
func (tx *Tx) Commit() error { return tx.end(true) }

// Abort ends the transaction, discarding its writes.
func (tx *Tx) Abort() error { return tx.end(false) }

func (tx *Tx) end(commit bool) error {
	if !tx.ended.CompareAndSwap(false, true) {
		return ErrTxDone
	}
	arg := "F"
	if commit {
		arg = "T"
	}
	_, err := tx.c.call("transaction_end", "", hypercall.XSTransactionEnd, tx.id, cstr(arg))
	tx.c.gate.leave()
	return err
}

// UpdateAttempts bounds how many times Update runs a transaction.
const UpdateAttempts = 32

// Update runs fn in a transaction and commits it, starting over with a
// fresh transaction when the commit conflicts (ErrAgain), up to
// UpdateAttempts times. If fn returns an error the transaction is aborted
// and Update returns that error, except that an error wrapping ErrAgain is
// retried too. fn must not end the transaction itself, and must expect to
// run more than once.
func (c *Client) Update(fn func(tx *Tx) error) error {
	var err error
	for i := 0; i < UpdateAttempts; i++ {
		var tx *Tx
		if tx, err = c.Begin(); err != nil {
			return err
		}
		if err = fn(tx); err != nil {
			tx.Abort() // the error from fn is the one worth reporting
			if errors.Is(err, ErrAgain) {
				continue
			}
			return err
		}
		if err = tx.Commit(); !errors.Is(err, ErrAgain) {
			return err
		}
	}
	return err
}
