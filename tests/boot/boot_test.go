// Package boot boots small Go programs as Xen guests and checks what
// they print and how they end. Each program is in testdata/NAME; it is
// built with the port's toolchain (build/go) for GOOS=xen and run under
// real Xen by scripts/go_xen_amd64_exec.
package boot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// bootCase is one program and what it must do.
type bootCase struct {
	name   string
	args   []string
	env    []string // XEN_GUEST_ENV_* or harness settings
	status int      // expected exit status
	want   []string // regular expressions that must match the output
	absent []string // regular expressions that must not match
}

var cases = []bootCase{
	{name: "hello", want: []string{`(?m)^hello from xen$`}},
	{name: "faults", want: []string{
		`nil recovered: runtime error: invalid memory address or nil pointer dereference`,
		`nilwrite recovered: runtime error: invalid memory address or nil pointer dereference`,
		`div recovered: runtime error: integer divide by zero`,
		`mod recovered: runtime error: integer divide by zero`,
		`index recovered: runtime error: index out of range \[1\] with length 1`,
		`nilmap recovered: assignment to entry in nil map`,
		`overflow ok: true`,
		`(?m)^done$`,
	}, absent: []string{`FAIL`}},
	{name: "goroutines", want: []string{`sum 328350`, `select 5 5`, `finalizer ran`, `gc ran: true`}},
	{name: "preempt", want: []string{`main was not starved; spinner ran: true`}},
	{name: "panic", status: 2, want: []string{
		`(?m)^panic: boom$`, `goroutine 1 \[running\]:`, `main\.main\(\)`,
	}},
	{name: "nilpanic", status: 2, want: []string{
		`panic: runtime error: invalid memory address or nil pointer dereference`,
		`\[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x[0-9a-f]+\]`,
		`main\.main\(\)`,
	}},
	{name: "stackoverflow", status: 2, want: []string{
		`runtime: goroutine stack exceeds \d+-byte limit`, `fatal error: stack overflow`,
	}},
	{name: "oom", status: 2, want: []string{`fatal error: out of memory`}},
	{name: "bigalloc", want: []string{`held and verified MiB: 200`}, absent: []string{`FAIL`}},
	{name: "gcstress", want: []string{`gcstress ok`}, absent: []string{`FAIL`}},
	{name: "evtchn", env: []string{"XEN_GUEST_VCPUS=1"}, want: []string{`bad bind: xen: EINVAL`, `round trips: 2000 in`,
		`woken after 50ms sleep: true`, `masked event delivered on unmask`,
		`close woke the waiter`, `port reused after close: true`, `no stale waiter or event after close`,
		`busy wakeups: 20, `, `200 round trips on vCPU 0 of 1`, `(?m)^evtchn ok$`}, absent: []string{`FAIL`}},
	// The same with two vCPUs: events of ports bound to vCPU 1 wake
	// their waiters, and every other part still holds.
	{name: "evtchn", env: []string{"XEN_GUEST_VCPUS=2"}, want: []string{`round trips: 20000 in`,
		`woken after 50ms sleep: true`, `masked event delivered on unmask`, `close woke the waiter`,
		`busy wakeups: 20, `, `200 round trips on vCPU 1 of 2`, `(?m)^evtchn ok$`}, absent: []string{`FAIL`}},
	{name: "xenstore", want: []string{`domid=\d+ name=go-xenstore`, `home: /local/domain/\d+`,
		`missing node: ErrNotExist`, `watch fired: /local/domain/\d+/data/greeting tok`,
		`read back: hello from go`, `transaction wrote: HELLO FROM GO`, `(?m)^xenstore ok$`},
		absent: []string{`FAIL`}},
	{name: "gnttab", want: []string{`table entries at start: \d+`, `grant and revoke: ok`,
		`map of a missing grant: gnttab: map grant: grant table: BadGntref`,
		`granted 3000 pages to dom0: 3000 in use, table grew to \d+ entries`, `(?m)^gnttab ok$`},
		absent: []string{`FAIL`}},
	{name: "netloop", want: []string{`200 sequential GETs of 64 KiB`, `50 concurrent GETs`, `(?m)^http ok$`,
		`udp4 echo ok`, `udp6 echo ok`, `refused: dial tcp 127\.0\.0\.1:\d+: connect: connection refused`,
		`timeout: read tcp \[::1\]:\d+->\[::1\]:\d+: i/o timeout`, `(?m)^netloop ok$`}, absent: []string{`FAIL`}},
	{name: "pipe", want: []string{`1 MB through the pipe, then EOF`, `EPIPE after the reader closed`, `(?m)^pipe ok$`}, absent: []string{`FAIL`}},
	{name: "hostname", want: []string{`hostname=go-hostname\.xen-\S+`, `hostname matches xenstore`}, absent: []string{`FAIL`}},
	{name: "timers", want: []string{`timers ok`}, absent: []string{`FAIL`}},
	{name: "mslice", want: []string{`ping-pong: 100 rounds between busy-waiting goroutines`, `(?m)^3 collections beside 3 spinning goroutines in `, `(?m)^mslice ok$`}},
	{name: "args", args: []string{"one", "two words", "", "100%"},
		env: []string{"XEN_GUEST_ENV_GREETING=hello, xen", "XEN_GUEST_ENV_EMPTY="},
		want: []string{`nargs=4`, `arg1="one"`, `arg2="two words"`, `arg3=""`, `arg4="100%"`,
			`GREETING="hello, xen"`, `EMPTY="" set=true`, `UNSET_VARIABLE set=false`}},
	// Hostile command lines (cmdline= replaces the harness's): a prefix
	// as the last token once crashed with "index out of range" and then
	// hung; 600 arguments made the environment's count negative.
	{name: "args", env: []string{`XEN_GUEST_CONFIG=cmdline="argv0:x env:GREETING=hi cwd:"`},
		want: []string{`nargs=0`, `GREETING="hi"`}},
	{name: "args", env: []string{`XEN_GUEST_CONFIG=cmdline="env:GREETING=hi` + strings.Repeat(" a", 600) + ` env:X"`},
		want: []string{`nargs=601`, `arg600="a"`, `arg601="env:X"`, `GREETING="hi"`}},
	{name: "args", env: []string{`XEN_GUEST_CONFIG=cmdline="` + strings.Repeat("ip=1 ", 17) + `"`}, status: 2,
		want: []string{`xen: bad command line: more than 16 ip=, gw= and dns= tokens`}},
	// Memory protection, checked at run time: each break ends as on
	// linux/amd64 (a jump into the heap or data once ended in the
	// runtime's own trap report instead of Go's "fatal error: fault").
	{name: "protect", args: []string{"text"}, status: 2, want: protectFault},
	{name: "protect", args: []string{"rodata"}, status: 2, want: protectFault},
	{name: "protect", args: []string{"heap"}, status: 2, want: protectFault},
	{name: "protect", args: []string{"data"}, status: 2, want: protectFault},
	{name: "protect", args: []string{"page0"}, want: []string{`page0 recovered: runtime error: invalid memory address or nil pointer dereference`}},
	// A random number source that failed its health check stops
	// crypto/rand's reader, and the program, instead of feeding it zeros.
	{name: "randfail", status: 2, want: []string{`read 32 bytes from the working source`,
		`fatal error: crypto/rand: failed to read random data`}, absent: []string{`FAIL`}},
	// Generators that go bad, caught by the runtime's health check
	// (bad words come through its test-only injection point): crypto/rand
	// gets EIO and ends the program.
	{name: "randhealth", args: []string{"stuck"}, status: 2, want: randHealthFail("stuck"), absent: []string{`FAIL`}},
	{name: "randhealth", args: []string{"zero"}, status: 2, want: randHealthFail("zero"), absent: []string{`FAIL`}},
	{name: "randhealth", args: []string{"ones"}, status: 2, want: randHealthFail("ones"), absent: []string{`FAIL`}},
	{name: "exitcode", args: []string{"3"}, status: 3, want: []string{`(?m)^to stdout$`, `(?m)^to stderr$`}},
	{name: "exitcode", args: []string{"0"}, status: 0, want: []string{`(?m)^to stdout$`}},
}

// randHealthFail is what randhealth prints when the generator it makes
// go bad stops crypto/rand.
func randHealthFail(gen string) []string {
	return []string{`read 32 bytes from the working generator`, `(?m)^generator ` + gen + `$`,
		`fatal error: crypto/rand: failed to read random data \(see https://go.dev/issue/66821\): input/output error`,
		`goroutine 1 \[running\]:`, `main\.main\(\)`}
}

// protectFault is linux/amd64's report of a write to read-only memory
// or a jump into memory that is not executable.
var protectFault = []string{`unexpected fault address 0x[0-9a-f]+\nfatal error: fault\n`,
	`\[signal SIGSEGV: segmentation violation code=0x2 addr=0x[0-9a-f]+ pc=0x[0-9a-f]+\]`, `main\.main\(\)`}

func TestBoot(t *testing.T) {
	tc := toolchain(t)
	for _, c := range cases {
		t.Run(c.name+strings.Join(c.args, "_"), func(t *testing.T) {
			t.Parallel()
			bin := buildGuest(t, tc, c.name)
			args := c.args
			if c.name == "evtchn" && slices.Contains(c.env, "XEN_GUEST_VCPUS=2") && oneTCGThread(tc) {
				// One TCG thread runs the two vCPUs in turns: an
				// event for a vCPU waits for its turn.
				args = append(args, "busy-max=250ms")
			}
			out, status := runGuest(t, tc, bin, args, c.env)
			if status != c.status {
				t.Errorf("exit status %d, want %d", status, c.status)
			}
			for _, re := range c.want {
				if !regexp.MustCompile(re).MatchString(out) {
					t.Errorf("output does not match %q", re)
				}
			}
			for _, re := range c.absent {
				if regexp.MustCompile(re).MatchString(out) {
					t.Errorf("output matches %q", re)
				}
			}
			if t.Failed() {
				t.Logf("output:\n%s", out)
			}
		})
	}
}

type toolchainPaths struct {
	repo, goBin, exec string
}

var (
	tcOnce sync.Once
	tcVal  toolchainPaths
	tcErr  error
)

// toolchain finds the port's toolchain and the exec wrapper. A missing
// toolchain is a failure, not a skip: these tests are the proof that
// booting works.
func toolchain(t *testing.T) toolchainPaths {
	tcOnce.Do(func() {
		repo, err := filepath.Abs("../..")
		if err != nil {
			tcErr = err
			return
		}
		tcVal = toolchainPaths{
			repo:  repo,
			goBin: filepath.Join(repo, "build/go/bin/go"),
			exec:  filepath.Join(repo, "scripts/go_xen_amd64_exec"),
		}
		if _, err := os.Stat(tcVal.goBin); err != nil {
			tcErr = fmt.Errorf("no toolchain at %s: run toolchain/build.sh first", tcVal.goBin)
		}
	})
	if tcErr != nil {
		t.Fatal(tcErr)
	}
	return tcVal
}

// buildGuest builds testdata/name for xen, with the flags in its file
// buildflags if it has one. XEN_TEST_GCFLAGS adds -gcflags, e.g.
// xen/...=-d=maymorestack=runtime.mayMoreStackMove to move the device
// packages' stacks at every call (scripts/test's stackmove).
func buildGuest(t *testing.T, tc toolchainPaths, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name+".xen")
	args := []string{"build", "-o", bin}
	if f, err := os.ReadFile(filepath.Join("testdata", name, "buildflags")); err == nil {
		args = append(args, strings.Fields(string(f))...)
	} else if !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if f := os.Getenv("XEN_TEST_GCFLAGS"); f != "" {
		args = append(args, "-gcflags="+f)
	}
	cmd := exec.Command(tc.goBin, append(args, ".")...)
	cmd.Dir = filepath.Join("testdata", name)
	cmd.Env = append(os.Environ(), "GOOS=xen", "GOARCH=amd64", "GO111MODULE=off", "GOFLAGS=", "GOROOT=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s: %v\n%s", name, err, out)
	}
	return bin
}

// runGuest boots bin and returns its console output and exit status.
func runGuest(t *testing.T, tc toolchainPaths, bin string, args, env []string) (string, int) {
	t.Helper()
	// Guests run one at a time, so a guest may wait in the harness's queue
	// behind the others: its own limit is XEN_EXEC_TIMEOUT, which counts
	// from the creation of its domain. The context only guards against a
	// harness that stopped answering.
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tc.exec, append([]string{bin}, args...)...)
	cmd.Env = append(os.Environ(), "XEN_EXEC_TIMEOUT=240")
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ee):
		return out.String(), ee.ExitCode()
	default:
		t.Fatalf("running %s: %v\n%s", filepath.Base(bin), err, strings.TrimSpace(out.String()))
		return "", -1
	}
}
