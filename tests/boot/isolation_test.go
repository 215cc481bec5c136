package boot

import (
	"regexp"
	"strconv"
	"testing"
)

// TestDom0FPUIsolation: while a guest keeps its SSE registers busy, two
// fpu-checks in dom0 (one per dom0 vCPU) hold known values in their own
// and must find them unchanged. Under TCG, Xen's lazy FPU switching
// broke this (dom0's curl, ab and Go programs read garbage, and here
// 17-21 of ~16,000 checks each went bad); the harness boots Xen with
// spec-ctrl=eager-fpu (scripts/harness/README.md, "dom0").
func TestDom0FPUIsolation(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "ssespin")
	r := runWithDom0(t, tc, bin, []string{"25"}, []peerStep{{
		on: `^READY ssespin`,
		script: func([]string) string {
			return `fpu-check 15 >/tmp/fpu1 & fpu-check 15 >/tmp/fpu2; wait; cat /tmp/fpu1 /tmp/fpu2; rm -f /tmp/fpu1 /tmp/fpu2`
		},
	}})
	results := regexp.MustCompile(`fpu-check: (\d+) checks, (\d+) bad`).FindAllStringSubmatch(r.dom0[0], -1)
	if len(results) != 2 {
		t.Errorf("want 2 fpu-check results from dom0, got %d", len(results))
	}
	for _, m := range results {
		checks, _ := strconv.Atoi(m[1])
		if checks == 0 || m[2] != "0" {
			t.Errorf("dom0's SSE registers: %d checks, %s of them found a register changed", checks, m[2])
		}
	}
	checkRun(t, r, `(?m)^ssespin: \d+ rounds`)
	if !t.Failed() {
		t.Logf("dom0: %s, %s; guest: %s", results[0][0], results[1][0], field(r.out, `(ssespin: .*)`))
	}
}
