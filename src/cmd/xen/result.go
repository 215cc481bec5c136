// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"bytes"
	"regexp"
	"strings"
)

// How a domain ended, decoded from what xl and Xen report. The harness's dom0 runner and the
// local mode both hand their raw material (xl's reason code, xl dmesg, xen-hvmctx) to these
// functions, so the decoding lives here only.

// parseResult reads a job's result file (KEY=VALUE lines). A runner that saw the domain shut
// down leaves end empty and gives xl's reason code; the client names it.
func parseResult(b []byte) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			m[k] = v
		}
	}
	if m["end"] == "" && m["done"] == "1" {
		m["end"] = endOfReason(m["reason"])
	}
	return m
}

// endOfReason names xl's shutdown reason code (libxl_shutdown_reason); no code, or one
// unknown, means xl failed before the domain shut down.
func endOfReason(code string) string {
	switch code {
	case "0":
		return "poweroff"
	case "1":
		return "reboot"
	case "2":
		return "suspend"
	case "3":
		return "crash"
	case "4":
		return "watchdog"
	case "5":
		return "soft_reset"
	}
	return "error"
}

var (
	xlDomidPattern  = regexp.MustCompile(`\(domid (\d+)\)`)
	xlReasonPattern = regexp.MustCompile(`reason code (-?\d+)`)
)

// parseXLOutput finds, in the output of `xl create -F`, the domain's id ("Waiting for domain
// NAME (domid N) to die") and its shutdown reason ("Domain N has shut down, reason code R").
func parseXLOutput(b []byte) (domid, reason string) {
	if m := xlDomidPattern.FindSubmatch(b); m != nil {
		domid = string(m[1])
	}
	if m := xlReasonPattern.FindSubmatch(b); m != nil {
		reason = string(m[1])
	}
	return domid, reason
}

// maxXenLogLines bounds the Xen log lines shown for a crashed domain.
const maxXenLogLines = 40

// domainLog keeps the lines of Xen's log (xl dmesg) about domain domid, the last 40, leaving
// out the HVM context records Xen prints when a domain is saved or dumped. It is idempotent,
// so a runner may pass it lines it already selected.
func domainLog(dmesg []byte, domid string) []byte {
	if domid == "" {
		return nil
	}
	id := regexp.QuoteMeta(domid)
	about := regexp.MustCompile(`d` + id + `v[0-9]|\bd` + id + `\b|[Dd]omain ` + id + `\b`)
	save := regexp.MustCompile(`HVM d` + id + `(v[0-9]+)? save:`)
	var keep [][]byte
	for _, l := range bytes.SplitAfter(dmesg, []byte("\n")) {
		if about.Match(l) && !save.Match(l) {
			keep = append(keep, l)
		}
	}
	if len(keep) > maxXenLogLines {
		keep = keep[len(keep)-maxXenLogLines:]
	}
	out := bytes.Join(keep, nil)
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return out
}

// hangRegisters keeps, from xen-hvmctx's dump of a domain, each vCPU's register block: from
// a line starting with "CPU: " (after spaces) to the next line holding " event " (the pending
// event), as sed '/^ *CPU: /,/ event /p' does. It is idempotent.
func hangRegisters(dump []byte) []byte {
	var out []byte
	in := false
	for _, l := range bytes.SplitAfter(dump, []byte("\n")) {
		switch {
		case in:
			out = append(out, l...)
			in = !bytes.Contains(l, []byte(" event "))
		case bytes.HasPrefix(bytes.TrimLeft(l, " "), []byte("CPU: ")):
			out = append(out, l...)
			in = true
		}
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return out
}
