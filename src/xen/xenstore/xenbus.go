// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"strconv"
	"strings"

	"xen/hypercall"
)

// StateValue is state s as it is written to xenstore: a decimal string.
func StateValue(s hypercall.XenbusState) []byte {
	return strconv.AppendUint(nil, uint64(s), 10)
}

// ParseState parses a state node's value. Surrounding white space and
// trailing NULs are ignored, as Linux's sscanf("%d") would; anything else
// that is not one of the nine states is an error.
func ParseState(v string) (hypercall.XenbusState, error) {
	t := strings.TrimSpace(strings.TrimRight(v, "\x00"))
	n, err := strconv.ParseUint(t, 10, 32)
	if err != nil || n > uint64(hypercall.XenbusStateReconfigured) {
		return hypercall.XenbusStateUnknown, errorString(ErrInvalid, "xenstore: bad xenbus state "+quoteReply(v))
	}
	return hypercall.XenbusState(n), nil
}
