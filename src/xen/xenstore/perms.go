// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"strconv"

	"xen/hypercall"
)

// Access is what a domain may do with a node.
type Access byte

const (
	AccessNone  Access = 'n'
	AccessRead  Access = 'r'
	AccessWrite Access = 'w'
	AccessBoth  Access = 'b' // read and write
)

// Perm gives one domain access to a node. In a node's list, the first
// entry names the owner (who may always read, write and change the
// permissions), and its Access is what every domain not listed gets.
type Perm struct {
	Domain uint32
	Access Access
}

func (p Perm) String() string {
	return string(rune(p.Access)) + strconv.FormatUint(uint64(p.Domain), 10)
}

// parsePerm decodes "<n|r|w|b><domid>".
func parsePerm(s string) (Perm, bool) {
	if len(s) < 2 {
		return Perm{}, false
	}
	a := Access(s[0])
	switch a {
	case AccessNone, AccessRead, AccessWrite, AccessBoth:
	default:
		return Perm{}, false
	}
	d, err := strconv.ParseUint(s[1:], 10, 16)
	if err != nil || s[1] == '+' {
		return Perm{}, false
	}
	return Perm{Domain: uint32(d), Access: a}, true
}

// parsePerms decodes a GET_PERMS reply, which must hold at least the
// owner's entry.
func parsePerms(path string, p []byte) ([]Perm, error) {
	list := parseStrings(p)
	if len(list) == 0 {
		return nil, errorString(ErrProtocol, opString("get_perms", path)+": empty reply")
	}
	perms := make([]Perm, 0, len(list))
	for _, s := range list {
		perm, ok := parsePerm(s)
		if !ok {
			return nil, errorString(ErrProtocol, opString("get_perms", path)+": bad permission "+quoteReply(s))
		}
		perms = append(perms, perm)
	}
	return perms, nil
}

func (c *Client) getPerms(tx uint32, path string) ([]Perm, error) {
	if !validName(path) {
		return nil, badPath("get_perms", path)
	}
	p, err := c.call("get_perms", path, hypercall.XSGetPerms, tx, cstr(path))
	if err != nil {
		return nil, err
	}
	return parsePerms(path, p)
}

func (c *Client) setPerms(tx uint32, path string, perms []Perm) error {
	if !validName(path) {
		return badPath("set_perms", path)
	}
	if len(perms) == 0 {
		return &Error{Op: "set_perms", Path: path, Name: "EINVAL", Err: ErrInvalid}
	}
	parts := [][]byte{cstr(path)}
	for _, p := range perms {
		if _, ok := parsePerm(p.String()); !ok {
			return &Error{Op: "set_perms", Path: path, Name: "EINVAL", Err: ErrInvalid}
		}
		parts = append(parts, cstr(p.String()))
	}
	_, err := c.call("set_perms", path, hypercall.XSSetPerms, tx, parts...)
	return err
}

// GetPerms returns the permissions of the node at path, owner first.
func (c *Client) GetPerms(path string) ([]Perm, error) { return c.getPerms(0, path) }

// SetPerms replaces the permissions of the node at path; perms[0] names
// the owner and the access of domains not listed.
func (c *Client) SetPerms(path string, perms ...Perm) error { return c.setPerms(0, path, perms) }

// GetPerms returns the permissions of the node at path within the
// transaction.
func (tx *Tx) GetPerms(path string) ([]Perm, error) {
	if tx.ended.Load() {
		return nil, ErrTxDone
	}
	return tx.c.getPerms(tx.id, path)
}

// SetPerms replaces the permissions of the node at path within the
// transaction.
func (tx *Tx) SetPerms(path string, perms ...Perm) error {
	if tx.ended.Load() {
		return ErrTxDone
	}
	return tx.c.setPerms(tx.id, path, perms)
}
