// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vetSamples are the shapes of the vendored code the vet edits rewrite.
var vetSamples = map[string]string{
	"tcpip/network/ipv4/ipv4.go": multicastSample,
	"tcpip/network/ipv6/ipv6.go": multicastSample,
	"tcpip/transport/tcp/sack_scoreboard.go": `package tcp

func f() {
	r := header.SACKBlock{seq, seq.Add(1)}
	newSB := header.SACKBlock{seq, sb.End}
	return s.IsRangeLost(header.SACKBlock{seq, seq.Add(1)})
}
`,
	"sync/locking/atomicptrmap_ancestors_unsafe.go": shardSample,
	"sync/locking/atomicptrmap_goroutine_unsafe.go": shardSample,
}

const multicastSample = `package ipv4

func f() {
	e.emitMulticastEvent(func(disp stack.MulticastForwardingEventDispatcher) {
		disp.OnMissingRoute(stack.MulticastPacketContext{
			stack.UnicastSourceAndMulticastDestination{h.SourceAddress(), h.DestinationAddress()},
			e.nic.ID(),
		})
	})
	e.emitMulticastEvent(func(disp stack.MulticastForwardingEventDispatcher) {
		disp.OnUnexpectedInputInterface(stack.MulticastPacketContext{
			stack.UnicastSourceAndMulticastDestination{h.SourceAddress(), h.DestinationAddress()},
			e.nic.ID(),
		}, installedRoute.ExpectedInputInterface)
	})
}
`

const shardSample = `package locking

func (m *ancestorsAtomicPtrMap) shard(hash uintptr) *ancestorsapmShard {
	const indexLSB = unsafe.Sizeof(uintptr(0))*8 - ancestorsShardOrder
	index := hash >> indexLSB
	return nil
}
`

func writeVetSamples(t *testing.T, edit func(name, text string) string) string {
	vendor := t.TempDir()
	for name, text := range vetSamples {
		path := filepath.Join(vendor, "gvisor.dev/gvisor/pkg", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(edit(name, text)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return vendor
}

func TestMakeVetClean(t *testing.T) {
	vendor := writeVetSamples(t, func(_, text string) string { return text })
	if err := makeVetClean(vendor); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"tcpip/network/ipv4/ipv4.go":                    {"SourceAndDestination: stack.UnicastSourceAndMulticastDestination{Source: h.SourceAddress(), Destination: h.DestinationAddress()},", "InputInterface:       e.nic.ID(),"},
		"tcpip/transport/tcp/sack_scoreboard.go":        {"header.SACKBlock{Start: seq, End: seq.Add(1)}", "header.SACKBlock{Start: seq, End: sb.End}"},
		"sync/locking/atomicptrmap_goroutine_unsafe.go": {"shift := indexLSB", "index := hash >> shift"},
	}
	checkVendored(t, vendor, want)
}

// checkVendored checks that each vendored gVisor file (a path under
// pkg/) holds each of its lines, and returns the files' contents.
func checkVendored(t *testing.T, vendor string, want map[string][]string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for name, lines := range want {
		data, err := os.ReadFile(filepath.Join(vendor, "gvisor.dev/gvisor/pkg", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range lines {
			if !strings.Contains(string(data), l) {
				t.Errorf("%s: no %q in:\n%s", name, l, data)
			}
		}
		files[name] = string(data)
	}
	return files
}

// TestMakeVetCleanChangedUpstream checks that code no longer in the
// expected shape stops the build instead of going through unedited.
func TestMakeVetCleanChangedUpstream(t *testing.T) {
	vendor := writeVetSamples(t, func(name, text string) string {
		if strings.HasSuffix(name, "sack_scoreboard.go") {
			return strings.Replace(text, "header.SACKBlock{seq, sb.End}", "header.SACKBlock{Start: seq, End: sb.End}", 1)
		}
		return text
	})
	err := makeVetClean(vendor)
	if err == nil || !strings.Contains(err.Error(), "changed upstream") {
		t.Fatalf("got %v, want a changed-upstream error", err)
	}
}
