package boot

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSmallestDomain boots bench's hello in 8 MiB and bench's httpserver (which
// serves 200 requests to itself over loopback) in 16 MiB, three times
// each: xen images link at 1 MiB and the RAM below them holds the
// runtime's metadata, so the first heap arena fits (issue 21).
func TestSmallestDomain(t *testing.T) {
	tc := toolchain(t)
	for _, c := range []struct {
		dir, want string
		mb        int
	}{
		{"../../bench/progs/hello", "hello, world", 8},
		{"../../bench/progs/httpserver", "httpserver ok requests=200", 16},
	} {
		bin := buildGuestDir(t, tc, c.dir)
		for try := 1; try <= 3; try++ {
			out, status := runGuest(t, tc, bin, nil, []string{"XEN_GUEST_MEMORY=" + strconv.Itoa(c.mb), "XEN_EXEC_TIMEOUT=120"})
			if status != 0 || !strings.Contains(out, c.want) {
				t.Errorf("%s in %d MiB, try %d: status %d, output:\n%s", filepath.Base(c.dir), c.mb, try, status, out)
			}
		}
	}
}

// TestTooSmallDomain boots hello in 6 MiB, where the heap's first 4 MiB
// arena cannot fit: the boot must stop at once with the memory to give,
// and the domain crash, rather than die out of memory later (whose report,
// that early, hung the domain).
func TestTooSmallDomain(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuestDir(t, tc, "../../bench/progs/hello")
	out, status := runGuest(t, tc, bin, nil, []string{"XEN_GUEST_MEMORY=6", "XEN_EXEC_TIMEOUT=60"})
	want := "xen: the domain's memory is too small for the heap's first 4 MiB arena: give it at least 8 MiB"
	if status == 0 || !strings.Contains(out, want) || strings.Contains(out, "timed out") {
		t.Errorf("status %d, want a crash saying %q; output:\n%s", status, want, out)
	}
}

// TestBootTrace checks the boot trace: absent unless asked for, and with
// GODEBUG=xenboottrace=1 one line after the program's first, its stages
// in order from the unpause on, the domain's creation before it.
func TestBootTrace(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuestDir(t, tc, "../../bench/progs/hello")
	out, status := runGuest(t, tc, bin, nil, nil)
	if status != 0 || strings.Contains(out, "go-xen-boottrace") {
		t.Errorf("without GODEBUG: status %d, output:\n%s", status, out)
	}
	out, status = runGuest(t, tc, bin, nil, []string{"GODEBUG=xenboottrace=1"})
	m := regexp.MustCompile(`(?m)^hello, world\r?\ngo-xen-boottrace: (.*)$`).FindStringSubmatch(out)
	if status != 0 || m == nil {
		t.Fatalf("with GODEBUG=xenboottrace=1: status %d, output:\n%s", status, out)
	}
	stages := []string{"created", "unpause", "entry", "osinit", "paging", "osinit_done", "runtime_main", "main", "first_write"}
	last := int64(-1 << 62)
	for _, s := range stages {
		v := regexp.MustCompile(`\b` + s + `_us=(-?\d+)\b`).FindStringSubmatch(m[1])
		if v == nil {
			t.Fatalf("no %s_us in %q", s, m[1])
		}
		us, _ := strconv.ParseInt(v[1], 10, 64)
		if us < last {
			t.Errorf("%s_us=%d is before the stage before it (%d): %q", s, us, last, m[1])
		}
		last = us
	}
	// Minutes would mean the unpause was misread (e.g. from a runstate
	// that was not the vCPU's first run).
	if last > 60e6 {
		t.Errorf("first write %d µs after the unpause: %q", last, m[1])
	}
}

// buildGuestDir builds the program in dir (relative to this package)
// for xen.
func buildGuestDir(t *testing.T, tc toolchainPaths, dir string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(dir)+".xen")
	cmd := exec.Command(tc.goBin, "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), "GOOS=xen", "GOARCH=amd64", "GO111MODULE=off", "GOFLAGS=", "GOROOT=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", dir, err, out)
	}
	return bin
}
