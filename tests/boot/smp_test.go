// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package boot

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSMP boots smpstress in domains of 1, 2 and 3 vCPUs: NumCPU and
// GOMAXPROCS follow the vCPUs, and the whole scheduler under load
// (goroutines, channels, timers, mutexes, GC, a CPU profile, loopback
// TCP) keeps every part moving for XEN_SMP_STRESS (default 20s) with no
// lost wakeup. With several vCPUs, two goroutines spinning on one word
// hand it back and forth far more often than time slices on one vCPU
// could (at most a few hundred times a second): they run in parallel.
func TestSMP(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "smpstress")
	d := os.Getenv("XEN_SMP_STRESS")
	if d == "" {
		d = "20s"
	}
	for _, vcpus := range []int{1, 2, 3} {
		t.Run(strconv.Itoa(vcpus), func(t *testing.T) {
			dur := d
			if vcpus != 2 {
				dur = "5s" // the long run is the 2-vCPU one
			}
			out, status := runGuest(t, tc, bin, []string{dur}, []string{"XEN_GUEST_VCPUS=" + strconv.Itoa(vcpus)})
			if status != 0 || !strings.Contains(out, "smpstress ok") {
				t.Fatalf("status %d, want 0 and smpstress ok:\n%s", status, tail(out, 40))
			}
			want := "NumCPU=" + strconv.Itoa(vcpus) + " GOMAXPROCS=" + strconv.Itoa(vcpus) + " "
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, tail(out, 40))
			}
			if vcpus > 1 {
				n := -1
				if m := regexp.MustCompile(`spin round trips in 1s: (\d+)`).FindStringSubmatch(out); m != nil {
					n, _ = strconv.Atoi(m[1])
				}
				if n < 10000 {
					t.Errorf("two spinning goroutines made %d round trips in 1 s: they did not run in parallel", n)
				}
			}
		})
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
