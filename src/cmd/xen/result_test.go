// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"strings"
	"testing"
)

func TestParseResult(t *testing.T) {
	// A runner that saw the shutdown gives only xl's reason code; one that ended the domain
	// itself names the end; an older runner named both.
	for _, c := range []struct{ in, end string }{
		{"end=\nreason=0\ndomid=5\ndone=1\n", "poweroff"},
		{"reason=3\ndone=1\n", "crash"},
		{"end=\nreason=1\ndone=1\n", "reboot"},
		{"end=timeout\nreason=\ndone=1\n", "timeout"},
		{"end=killed\ndone=1\n", "killed"},
		{"end=\nreason=\ndone=1\n", "error"},
		{"end=poweroff\nreason=0\ndone=1\n", "poweroff"},
		{"end=\nreason=9\ndone=1\n", "error"},
	} {
		if got := parseResult([]byte(c.in))["end"]; got != c.end {
			t.Errorf("parseResult(%q): end=%q, want %q", c.in, got, c.end)
		}
	}
	if got := parseResult([]byte("reason=0\n"))["end"]; got != "" {
		t.Errorf("an unfinished result got end=%q", got)
	}
}

func TestParseXLOutput(t *testing.T) {
	out := "Parsing config from /tmp/go-xen-1/config\n" +
		"Waiting for domain go-hello-1 (domid 17) to die [pid 345]\n" +
		"Domain 17 has shut down, reason code 3 0x3\n" +
		"Action for shutdown reason code 3 is preserve\nDone. Exiting now\n"
	if d, r := parseXLOutput([]byte(out)); d != "17" || r != "3" {
		t.Errorf("got domid %q reason %q, want 17 and 3", d, r)
	}
	if d, r := parseXLOutput([]byte(out[:90])); d != "17" || r != "" {
		t.Errorf("before the shutdown: domid %q reason %q", d, r)
	}
	if d, r := parseXLOutput([]byte("Parsing config from x\nlibxl: error: ...\n")); d != "" || r != "" {
		t.Errorf("a failed create: domid %q reason %q", d, r)
	}
}

func TestDomainLog(t *testing.T) {
	dmesg := strings.Join([]string{
		"(XEN) d5v0 Triple fault - invoking HVM shutdown action 1",
		"(XEN) d50v0 not this one",
		"(XEN) HVM d5v0 save: CPU",
		"(XEN) HVM d5 save: HEADER",
		"(XEN) Domain 5 crashed",
		"(XEN) domain 50 not this one",
		"(XEN) d5: something",
		"(XEN) unrelated",
	}, "\n") + "\n"
	want := "(XEN) d5v0 Triple fault - invoking HVM shutdown action 1\n(XEN) Domain 5 crashed\n(XEN) d5: something\n"
	got := domainLog([]byte(dmesg), "5")
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if again := domainLog(got, "5"); string(again) != want {
		t.Errorf("not idempotent: %q", again)
	}
	var many strings.Builder
	for i := 0; i < 100; i++ {
		many.WriteString("(XEN) d7v0 line\n")
	}
	if n := strings.Count(string(domainLog([]byte(many.String()), "7")), "\n"); n != maxXenLogLines {
		t.Errorf("%d lines kept, want %d", n, maxXenLogLines)
	}
	if got := domainLog([]byte(dmesg), ""); got != nil {
		t.Errorf("no domain id: got %q", got)
	}
}

func TestHangRegisters(t *testing.T) {
	dump := "Domain 5\nHEADER\n  CPU: 0\n  rip 0x401000 rsp 0x1\n  pending event 0\nLAPIC\n" +
		"CPU: 1\nrip 0x402000\n event 3 \nMTRR\n"
	want := "  CPU: 0\n  rip 0x401000 rsp 0x1\n  pending event 0\nCPU: 1\nrip 0x402000\n event 3 \n"
	got := hangRegisters([]byte(dump))
	if string(got) != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if again := hangRegisters(got); string(again) != want {
		t.Errorf("not idempotent: %q", again)
	}
}
