// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"debug/elf"
	"fmt"
	"regexp"
	"strconv"
)

var ripPattern = regexp.MustCompile(`\brip 0x([0-9a-f]+)`)

// symbolizeHang names the function holding the instruction pointer in a
// register dump from xen-hvmctx, using the guest image's symbol table.
func symbolizeHang(binary string, dump []byte) string {
	m := ripPattern.FindSubmatch(dump)
	if m == nil {
		return ""
	}
	rip, err := strconv.ParseUint(string(m[1]), 16, 64)
	if err != nil {
		return ""
	}
	f, err := elf.Open(binary)
	if err != nil {
		return ""
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		return ""
	}
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) == elf.STT_FUNC && rip >= s.Value && rip < s.Value+s.Size {
			return fmt.Sprintf("rip 0x%x is in %s+0x%x", rip, s.Name, rip-s.Value)
		}
	}
	return fmt.Sprintf("rip 0x%x is in no function of %s", rip, binary)
}
