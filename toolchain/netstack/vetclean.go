// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"regexp"
)

// A vetEdit rewrites code that `go vet std` reports in the vendored stack
// into code that means the same and that vet accepts: std stays vet-clean
// on xen, as it is upstream. Each edit must match exactly count times, so
// that a new gVisor release that changes the code fails loudly here.
type vetEdit struct {
	files []string // relative to vendor/gvisor.dev/gvisor/pkg
	old   *regexp.Regexp
	new   string
	count int // matches per file
}

var vetEdits = []vetEdit{
	{
		// composites: unkeyed fields of another package's struct.
		files: []string{"tcpip/network/ipv4/ipv4.go", "tcpip/network/ipv6/ipv6.go"},
		old: regexp.MustCompile(`stack\.MulticastPacketContext\{\n(\s*)stack\.UnicastSourceAndMulticastDestination\{` +
			`h\.SourceAddress\(\), h\.DestinationAddress\(\)\},\n(\s*)e\.nic\.ID\(\),`),
		new: "stack.MulticastPacketContext{\n${1}SourceAndDestination: stack.UnicastSourceAndMulticastDestination{" +
			"Source: h.SourceAddress(), Destination: h.DestinationAddress()},\n${2}InputInterface: e.nic.ID(),",
		count: 2,
	},
	{
		files: []string{"tcpip/transport/tcp/sack_scoreboard.go"},
		old:   regexp.MustCompile(`header\.SACKBlock\{(seq), (seq\.Add\(1\)|sb\.End)\}`),
		new:   "header.SACKBlock{Start: $1, End: $2}",
		count: 3,
	},
	{
		// shift: with a shard order of 0 the constant shift is 64, which
		// Go defines as giving 0 (the code says so) and vet reports; a
		// variable shift amount means the same.
		files: []string{"sync/locking/atomicptrmap_ancestors_unsafe.go", "sync/locking/atomicptrmap_goroutine_unsafe.go"},
		old:   regexp.MustCompile(`\n(\s*)index := hash >> indexLSB\n`),
		new:   "\n${1}shift := indexLSB // a variable: a shift of 64 is 0, which vet would report\n${1}index := hash >> shift\n",
		count: 1,
	},
}

// makeVetClean applies vetEdits under vendor and formats the files it
// changes.
func makeVetClean(vendor string) error { return applyEdits(vendor, vetEdits, "vet edit") }

// applyEdits applies edits under vendor and formats the files they change;
// what names the edits in errors.
func applyEdits(vendor string, edits []vetEdit, what string) error {
	for _, e := range edits {
		for _, f := range e.files {
			name := filepath.Join(vendor, "gvisor.dev/gvisor/pkg", f)
			data, err := os.ReadFile(name)
			if err != nil {
				return err
			}
			if n := len(e.old.FindAllIndex(data, -1)); n != e.count {
				return fmt.Errorf("%s changed upstream: %d matches of %q, not %d: the %s no longer applies", name, n, e.old, e.count, what)
			}
			data = e.old.ReplaceAll(data, []byte(e.new))
			if data, err = format.Source(data); err != nil {
				return fmt.Errorf("%s after the %s: %v", name, what, err)
			}
			if err := os.WriteFile(name, data, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
