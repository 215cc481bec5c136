// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package boot

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSMP boots smpstress in domains of 1, 2 and 3 vCPUs, and of 2 of
// 4 (maxvcpus=4: the other two are offline, for hotplug): NumCPU and
// GOMAXPROCS follow the online vCPUs, and the whole scheduler under load
// (goroutines, channels, timers, mutexes, GC, a CPU profile, loopback
// TCP) keeps every part moving for XEN_SMP_STRESS (default 20s) with no
// lost wakeup. With several vCPUs, two goroutines spinning on one word
// hand it back and forth far more often than time slices on one vCPU
// could (at most a few hundred times a second): they run in parallel,
// where the emulator can run them so (not with one TCG thread).
func TestSMP(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "smpstress")
	long := os.Getenv("XEN_SMP_STRESS")
	if long == "" {
		long = "20s"
	}
	for _, c := range []struct {
		name   string
		vcpus  int
		config string
		dur    string
	}{
		{"1", 1, "", "5s"},
		{"2", 2, "", long},
		{"3", 3, "", "5s"},
		{"2of4", 2, "maxvcpus=4", "5s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := []string{"XEN_GUEST_VCPUS=" + strconv.Itoa(c.vcpus)}
			if c.config != "" {
				env = append(env, "XEN_GUEST_CONFIG="+c.config)
			}
			out, status := runGuest(t, tc, bin, []string{c.dur}, env)
			if status != 0 || !strings.Contains(out, "smpstress ok") {
				t.Fatalf("status %d, want 0 and smpstress ok:\n%s", status, tail(out, 40))
			}
			n := strconv.Itoa(c.vcpus)
			if want := "NumCPU=" + n + " GOMAXPROCS=" + n + " "; !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, tail(out, 40))
			}
			if c.vcpus > 1 {
				trips := -1
				if m := regexp.MustCompile(`spin round trips in 1s: (\d+)`).FindStringSubmatch(out); m != nil {
					trips, _ = strconv.Atoi(m[1])
				}
				switch {
				case trips < 1:
					t.Errorf("two spinning goroutines made no round trip in 1 s")
				case oneTCGThread(tc):
					// QEMU runs one emulated CPU at a time: the
					// vCPUs take turns whatever the guest does.
					t.Logf("%d spin round trips in 1 s; parallel execution is not measurable with one TCG thread (XEN_HARNESS_ACCEL=tcg measures it)", trips)
				case trips < 10000:
					t.Errorf("two spinning goroutines made %d round trips in 1 s: they did not run in parallel", trips)
				}
			}
		})
	}
}

// oneTCGThread reports whether the harness's QEMU emulates every CPU in
// one thread (scripts/harness/up records its -accel).
func oneTCGThread(tc toolchainPaths) bool {
	dir := os.Getenv("XEN_HARNESS_DIR")
	if dir == "" {
		dir = filepath.Join(tc.repo, "build/harness")
	}
	accel, err := os.ReadFile(filepath.Join(dir, "run/accel"))
	return err == nil && strings.Contains(string(accel), "thread=single")
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
