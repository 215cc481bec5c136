package boot

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// A peer test boots a guest that works with a program in dom0: when the
// guest prints a line matching a step's pattern, the test runs the
// step's shell script in dom0 (scripts/harness/dom0-sh) while the guest
// goes on.

type peerStep struct {
	on     string                  // regular expression for one line of the guest's output
	script func(m []string) string // dom0 commands, given the submatches
}

type peerRun struct {
	out    string   // the guest's output
	status int      // its exit status
	dom0   []string // each step's dom0 output, "" if it never ran
}

func runWithDom0(t *testing.T, tc toolchainPaths, bin string, args []string, steps []peerStep, setup ...func(*exec.Cmd)) peerRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tc.exec, append([]string{bin}, args...)...)
	cmd.Env = append(os.Environ(), "XEN_EXEC_TIMEOUT=240")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	for _, f := range setup {
		f(cmd)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	run := peerRun{dom0: make([]string, len(steps))}
	var out strings.Builder
	var wg sync.WaitGroup
	scanned := make(chan struct{})
	go func() {
		defer close(scanned)
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		next := 0
		for sc.Scan() {
			line := sc.Text()
			out.WriteString(line + "\n")
			if next == len(steps) {
				continue
			}
			m := regexp.MustCompile(steps[next].on).FindStringSubmatch(line)
			if m == nil {
				continue
			}
			i, script := next, steps[next].script(m)
			next++
			wg.Add(1)
			go func() {
				defer wg.Done()
				sh := exec.Command(filepath.Join(tc.repo, "scripts/harness/dom0-sh"), script)
				sh.Env = append(os.Environ(), "DOM0_SH_TIMEOUT=280")
				b, err := sh.CombinedOutput()
				run.dom0[i] = string(b)
				if err != nil {
					run.dom0[i] += fmt.Sprintf("\n(dom0-sh: %v)", err)
				}
			}()
		}
		io.Copy(io.Discard, pr)
	}()
	err := cmd.Wait()
	pw.Close()
	<-scanned
	wg.Wait()
	run.out = out.String()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		run.status = ee.ExitCode()
	default:
		t.Fatalf("running %s: %v\n%s", filepath.Base(bin), err, run.out)
	}
	return run
}

// field returns the first submatch of re in s, or "".
func field(s, re string) string {
	if m := regexp.MustCompile(re).FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return ""
}

// checkRun fails the test unless the guest exited 0 and its output
// matches every regular expression in want; it logs the run on failure.
func checkRun(t *testing.T, r peerRun, want ...string) {
	t.Helper()
	for _, re := range want {
		if !regexp.MustCompile(re).MatchString(r.out) {
			t.Errorf("output does not match %q", re)
		}
	}
	if r.status != 0 {
		t.Errorf("exit status %d", r.status)
	}
	if t.Failed() {
		logRun(t, r)
	}
}

func logRun(t *testing.T, r peerRun) {
	t.Logf("guest output (exit status %d):\n%s", r.status, r.out)
	for i, o := range r.dom0 {
		t.Logf("dom0 step %d:\n%s", i, o)
	}
}

// TestVchan moves 64 MiB each way between the guest (vchan server) and
// a libxenvchan client in dom0, both at once. The client keeps the
// guest's pages mapped 2 s after the guest closes, so the guest's grants
// must stay in use at close and end once the client lets go.
func TestVchan(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "vchan")
	size := 64 << 20
	if s := os.Getenv("VCHAN_TEST_BYTES"); s != "" {
		fmt.Sscan(s, &size)
	}
	r := runWithDom0(t, tc, bin, []string{fmt.Sprint(size)}, []peerStep{{
		on: `^READY vchan (\d+) (\S+) (\d+)$`,
		script: func(m []string) string {
			// vchan-peer (scripts/harness/dom0/vchan-peer.c) is a
			// libxenvchan client.
			return fmt.Sprintf(`
head -c %[3]s /dev/urandom >/tmp/vin; sha256sum /tmp/vin | sed 's/^/in: /'
timeout 200 vchan-peer %[1]s %[2]s /tmp/vin /tmp/vout 2000; echo "peer status $?"
sha256sum /tmp/vout | sed 's/^/out: /'; echo "out bytes: $(wc -c </tmp/vout)"
rm -f /tmp/vin /tmp/vout`, m[1], m[2], m[3])
		},
	}})
	dom0 := r.dom0[0]
	in, out := field(dom0, `in: ([0-9a-f]{64})`), field(dom0, `out: ([0-9a-f]{64})`)
	got, sent := field(r.out, `received \d+ bytes sha256=([0-9a-f]{64})`), field(r.out, `sent \d+ bytes sha256=([0-9a-f]{64})`)
	switch {
	case r.status != 0 || !strings.Contains(r.out, "vchan ok"):
		t.Errorf("guest failed")
	case in == "" || in != got:
		t.Errorf("dom0 sent sha256 %q, the guest received %q", in, got)
	case out == "" || out != sent:
		t.Errorf("the guest sent sha256 %q, dom0 received %q", sent, out)
	case field(dom0, `out bytes: (\d+)`) != fmt.Sprint(size):
		t.Errorf("dom0 received %s bytes, want %d", field(dom0, `out bytes: (\d+)`), size)
	case !strings.Contains(dom0, "peer status 0"):
		t.Errorf("vchan-peer failed")
	}
	if !regexp.MustCompile(`grants still mapped by dom0 at close: [1-9]`).MatchString(r.out) ||
		!strings.Contains(r.out, "all grants ended") {
		t.Errorf("grants were not held while dom0 mapped them, or did not end after")
	}
	if t.Failed() || testing.Verbose() {
		logRun(t, r)
	}
}

// TestXenstoreDom0 has dom0 fire the guest's watch and break its
// transaction.
func TestXenstoreDom0(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "xsdom0")
	r := runWithDom0(t, tc, bin, nil, []peerStep{
		{on: `^READY watch (\S+)$`, script: func(m []string) string {
			return "xenstore-write " + m[1] + "/data/peer from-dom0 && echo written"
		}},
		{on: `^READY conflict (\S+)$`, script: func(m []string) string {
			return "xenstore-write " + m[1] + " 100 && echo written"
		}},
	})
	checkRun(t, r, `watch fired by dom0: /local/domain/\d+/data/peer = from-dom0 \(token dom0\)`,
		`commit after dom0's write: .*EAGAIN`, `update attempts=2 counter=201`, `(?m)^xsdom0 ok$`)
}

// TestConsoleStdin types into the guest's console from dom0, with the
// console's input left live (XEN_EXEC_STDIN=console).
func TestConsoleStdin(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "stdin")
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY stdin$`,
		script: func([]string) string {
			// The guest's console pty is the one xenconsoled recorded for
			// the newest go-stdin domain.
			return `d=$(xl domid "$(xl list | awk '$1 ~ /^go-stdin/ {n=$1} END {print n}')")
tty=$(xenstore-read /local/domain/$d/console/tty) && echo "tty $tty" &&
printf 'first line\nsecond line with spaces\n\n\004' >"$tty" && echo written`
		},
	}}, func(cmd *exec.Cmd) { cmd.Env = append(cmd.Env, "XEN_EXEC_STDIN=console") })
	checkRun(t, r, `line 1: "first line"`, `line 2: "second line with spaces"`, `line 3: ""`,
		`end of input after 3 lines`)
}

// TestStdinForwarded pipes data into go_xen_amd64_exec: the guest reads
// it from its console, then end of file.
func TestStdinForwarded(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "stdin")
	r := runWithDom0(t, tc, bin, nil, nil, func(cmd *exec.Cmd) {
		cmd.Stdin = strings.NewReader("piped one\npiped two\n")
	})
	checkRun(t, r, `line 1: "piped one"`, `line 2: "piped two"`, `end of input after 2 lines`)
}

// TestVchanClient has the guest dial the vchan-socket-proxy of Xen's
// tools, serving in dom0.
func TestVchanClient(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "vchanclient")
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY vchanclient (\d+) (\S+)$`,
		script: func(m []string) string {
			// The sleep keeps the proxy's input open until the guest
			// has closed the vchan, which ends the proxy.
			return fmt.Sprintf(`rm -f /tmp/vc.in; mkfifo /tmp/vc.in
(echo "hello from dom0's vchan-socket-proxy"; exec sleep 60) >/tmp/vc.in &
feeder=$!
timeout 60 /usr/lib/xen-4.17/bin/vchan-socket-proxy -m server %s %s - </tmp/vc.in >/tmp/vc.out 2>/tmp/vc.err
echo "proxy status $?"; kill $feeder; cat /tmp/vc.out; head -c 2000 /tmp/vc.err
rm -f /tmp/vc.in /tmp/vc.out /tmp/vc.err`, m[1], m[2])
		},
	}})
	if !strings.Contains(r.out, "received: hello from dom0's vchan-socket-proxy") || !strings.Contains(r.out, "vchanclient ok") {
		t.Errorf("the guest did not get dom0's line")
	}
	if !regexp.MustCompile(`(?m)^hello from the guest \d+$`).MatchString(r.dom0[0]) {
		t.Errorf("dom0 did not get the guest's line")
	}
	if r.status != 0 {
		t.Errorf("exit status %d", r.status)
	}
	if t.Failed() || testing.Verbose() {
		logRun(t, r)
	}
}

// TestConsoleStall stops dom0's xenconsoled while the guest writes 2,000
// lines to standard output and the runtime prints 100 more: the writer
// must block without freezing the guest (dom0 sees its xenstore
// heartbeat go on), lose none of its lines, and the runtime must drop
// its own output after a second and say so, instead of spinning with
// interrupts off until the console drains.
func TestConsoleStall(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "consolestall")
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY stall (\d+)$`,
		script: func(m []string) string {
			return `d=/local/domain/` + m[1] + `/data
kill -STOP $(pidof xenconsoled)
xenstore-write $d/stalled 1
sleep 3; a=$(xenstore-read $d/beat); sleep 2; b=$(xenstore-read $d/beat)
kill -CONT $(pidof xenconsoled)
echo "heartbeats while stalled: $((b - a))"`
		},
	}})
	n, _ := strconv.Atoi(field(r.dom0[0], `heartbeats while stalled: (-?\d+)`))
	if n < 10 {
		t.Errorf("the guest's heartbeat moved %d times in 2 s with its console stalled (every 50 ms when alive)", n)
	}
	t.Logf("heartbeats in 2 s of stalled console: %d; %s", n, field(r.out, `\[(console: \d+ bytes dropped)\]`))
	for i := 0; i < 2000; i++ {
		if !strings.Contains(r.out, fmt.Sprintf("line %04d %s\n", i, strings.Repeat("x", 40))) {
			t.Errorf("line %d of standard output is missing", i)
			break
		}
	}
	checkRun(t, r, `\[console: \d+ bytes dropped\]`, `(?m)^consolestall done$`)
}

// checkDom0Said fails t for each of wants that dom0's output lacks.
func checkDom0Said(t *testing.T, dom0 string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(dom0, want) {
			t.Errorf("dom0 did not say %q", want)
		}
	}
}
