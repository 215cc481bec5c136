// Package std boots programs that use the standard library's OS layer
// (files, time, environment, unsupported calls, signals, net) as Xen
// guests. Each
// program is a command in a subdirectory that prints PASS lines, ends
// with "PASS all" and exits with the status given here.
//
// The toolchain is $GOXEN_GOROOT if set, else build/go.
package std

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var cases = []struct {
	name   string
	args   []string
	env    []string
	status int
}{
	{name: "files"},
	{name: "timeenv", args: []string{"a", "b c"},
		env: []string{"XEN_GUEST_ENV_TZ=Europe/Berlin", "XEN_GUEST_ENV_XENTEST=yes"}},
	{name: "unsupported", status: 3},
	{name: "signals", status: 128 + 15}, // ends on its own SIGTERM
	{name: "netfake"},
	{name: "memlimit", env: []string{"XEN_GUEST_MEMORY=48", "XEN_GUEST_ENV_MEMLIMIT_MB=48"}},
	{name: "memlimit", env: []string{"XEN_GUEST_MEMORY=16", "XEN_GUEST_ENV_MEMLIMIT_MB=16"}},
	{name: "memlimit", env: []string{"XEN_GUEST_MEMORY=48", "XEN_GUEST_ENV_MEMLIMIT_MB=48", "XEN_GUEST_ENV_GOMEMLIMIT=off"}},
	{name: "memlimit", env: []string{"XEN_GUEST_MEMORY=48", "XEN_GUEST_ENV_MEMLIMIT_MB=48", "XEN_GUEST_ENV_GOMEMLIMIT=12MiB"}},
}

func TestStd(t *testing.T) {
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	goroot := os.Getenv("GOXEN_GOROOT")
	if goroot == "" {
		goroot = filepath.Join(repo, "build/go")
	}
	goBin := filepath.Join(goroot, "bin/go")
	if _, err := os.Stat(goBin); err != nil {
		t.Fatalf("no toolchain: %v", err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			bin := filepath.Join(t.TempDir(), c.name+".xen")
			build := exec.Command(goBin, "build", "-o", bin, "./"+c.name)
			build.Env = append(os.Environ(), "GOOS=xen", "GOARCH=amd64", "GOFLAGS=", "GOROOT="+goroot)
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			// The guest's own limit is XEN_EXEC_TIMEOUT, counted from the
			// creation of its domain (guests queue: one runs at a time);
			// the context only guards against a harness that stopped answering.
			ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
			defer cancel()
			run := exec.CommandContext(ctx, filepath.Join(repo, "scripts/go_xen_amd64_exec"), append([]string{bin}, c.args...)...)
			run.Env = append(os.Environ(), "XEN_EXEC_TIMEOUT=240")
			run.Env = append(run.Env, c.env...)
			var out bytes.Buffer
			run.Stdout, run.Stderr = &out, &out
			status := 0
			if err := run.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatalf("run: %v\n%s", err, out.String())
				}
				status = ee.ExitCode()
			}
			s := out.String()
			if status != c.status || !strings.Contains(s, "PASS all\n") || strings.Contains(s, "FAIL") {
				t.Errorf("exit status %d (want %d), output:\n%s", status, c.status, s)
			}
		})
	}
}
