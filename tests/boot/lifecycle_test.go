package boot

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The toolstack's suspends (xen/control, runtime/suspend_xen.go): xl save
// then xl restore into a new domain, and xl save -c, a checkpoint that
// cancels the suspend. The guest (testdata/suspend) runs a ticker, busy
// goroutines, a 3 s timer and an open file through them, and reports at
// xl shutdown (which only reaches it if its xenstore watch survived).

func withGuest(vcpus, memory int) func(*exec.Cmd) {
	return func(cmd *exec.Cmd) {
		cmd.Env = append(cmd.Env, "XEN_GUEST_VCPUS="+strconv.Itoa(vcpus), "XEN_GUEST_MEMORY="+strconv.Itoa(memory))
	}
}

// suspendRounds is the dom0 script that suspends domain name rounds
// times, with xl save and xl restore -e (the harness's job runner follows
// the restored domain), or with xl save -c; then it shuts the domain down.
func suspendRounds(name string, rounds int, checkpoint bool) string {
	save := `xl save "$n" "$f" >/dev/null 2>&1 && xl restore -e "$f" >/dev/null 2>&1`
	if checkpoint {
		// The harness's reaper runs throughout each save, with the
		// domain's id unregistered, as it is while the job's xl create -F
		// has yet to see the suspend: it must know the domain by name.
		save = `rm -f /run/harness/domid/$(xl domid "$n")
	xl save -c "$n" "$f" >/dev/null 2>&1 & s=$!
	while kill -0 $s 2>/dev/null; do /etc/harness/reap; done
	wait $s`
	}
	return fmt.Sprintf(`n=%s f=/tmp/img/%[1]s.save ok=0
for i in $(seq %d); do
	%s || { echo "round $i failed"; break; }
	ok=$i
	sleep 1
done
rm -f "$f"
echo "rounds done $ok"
timeout 60 xl shutdown -w "$n"; echo "shutdown status $?"`, name, rounds, save)
}

var suspendReport = regexp.MustCompile(`(?m)^gaps (\d+) backwards 0 ticks \d+ busy>0 true timer 1 after (\S+)s file true \(7000 bytes, EOF\)$`)

// checkSuspendRun checks the guest's report: gaps seen, no time going
// back, the timer fired once after its 3 s of running (at most
// maxAfter s: late by the pauses while the domain was away in place),
// the file intact, status 0 after xl shutdown.
func checkSuspendRun(t *testing.T, r peerRun, rounds, wantGaps int, maxAfter float64) {
	t.Helper()
	dom0 := r.dom0[0]
	checkDom0Said(t, dom0, "rounds done "+strconv.Itoa(rounds), "shutdown status 0")
	m := suspendReport.FindStringSubmatch(r.out)
	switch {
	case m == nil:
		t.Errorf("no good report from the guest")
	case m[1] != strconv.Itoa(wantGaps):
		t.Errorf("the guest saw %s gaps, want %d", m[1], wantGaps)
	default:
		if after, _ := strconv.ParseFloat(m[2], 64); after < 3 || after > maxAfter {
			t.Errorf("the 3 s timer fired after %s s of running", m[2])
		}
	}
	if r.status != 0 {
		t.Errorf("status %d, want 0", r.status)
	}
	if t.Failed() {
		t.Logf("dom0:\n%s", dom0)
		logRun(t, r)
	}
}

// TestXLSaveRestore: 20 rounds of xl save and xl restore of a one-vCPU
// guest, 3 of a two-vCPU one.
func TestXLSaveRestore(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "suspend")
	for _, c := range []struct{ vcpus, rounds int }{{1, 20}, {2, 3}} {
		t.Run(fmt.Sprintf("vcpus=%d", c.vcpus), func(t *testing.T) {
			r := runWithDom0(t, tc, bin, nil, []peerStep{{
				on:     `^READY suspend (\S+)$`,
				script: func(m []string) string { return suspendRounds(m[1], c.rounds, false) },
			}}, withGuest(c.vcpus, 64))
			checkSuspendRun(t, r, c.rounds, c.rounds, 3.5)
		})
	}
}

// TestXLSaveCheckpoint: xl save -c suspends the domain and cancels the
// suspend once saved: the guest carries on in place, twice.
func TestXLSaveCheckpoint(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "suspend")
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on:     `^READY suspend (\S+)$`,
		script: func(m []string) string { return suspendRounds(m[1], 2, true) },
	}}, withGuest(2, 64))
	// In place, Xen's clock went on while the domain was paused to be
	// saved: no gap, and a timer due meanwhile fires late.
	checkSuspendRun(t, r, 2, 0, 60)
}

// TestXLSaveRefused: a guest holding an event channel of its own, which
// cannot follow a suspend, refuses it, says why on its console and
// carries on: xl save fails (after libxl's 60 s wait for the suspend),
// and xl shutdown still reaches the program.
func TestXLSaveRefused(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "shutdown")
	r := runWithDom0(t, tc, bin, []string{"evtchn"}, []peerStep{{
		on: `^READY shutdown (\S+)$`,
		script: func(m []string) string {
			return `n=` + m[1] + `
timeout 100 xl save "$n" /tmp/img/$n.save >/dev/null 2>&1; echo "save status $?"
rm -f /tmp/img/$n.save
timeout 60 xl shutdown -w "$n"; echo "shutdown status $?"`
		},
	}})
	dom0 := r.dom0[0]
	if strings.Contains(dom0, "save status 0") || !strings.Contains(dom0, "save status ") {
		t.Errorf("xl save did not fail")
	}
	if !strings.Contains(dom0, "shutdown status 0") {
		t.Errorf("xl shutdown failed")
	}
	const refusal = "xen/control: the domain did not suspend: evtchn: event channels bound by the program cannot follow a suspend"
	if !strings.Contains(r.out, refusal) {
		t.Errorf("the guest did not say %q", refusal)
	}
	checkRun(t, r, `(?m)^got terminated and finished$`)
	if t.Failed() {
		t.Logf("dom0:\n%s", dom0)
		logRun(t, r)
	}
}

// TestXLMoveNet: xl save then xl restore, and xl migrate to this host,
// of a net/http server while dom0 keeps requesting. The vif reconnects
// to the new domain's backend on the same pages; a keep-alive
// connection opened before the move answers after it, requests sent
// meanwhile wait out the pause (TCP retries them), and none fails. The
// longest request bounds the pause: the whole save and restore, or a
// live migration's last copy.
func TestXLMoveNet(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "nethttp")
	const saveRestore = `timeout 100 xl save "$n" "$f" >/dev/null 2>&1 && timeout 100 xl restore -e "$f" >/dev/null 2>&1`
	for _, c := range []struct {
		name, move string
		vcpus      int
		maxPause   float64 // seconds
	}{
		{"save-restore", saveRestore, 1, 60},
		{"migrate", `timeout 200 xl migrate -s '' "$n" 'xl migrate-receive -e' >/dev/null 2>&1`, 1, 10},
	} {
		t.Run(c.name, func(t *testing.T) {
			// 96 MB: xl save writes the whole domain to dom0's tmpfs,
			// and 256 MB left dom0 (389 MB) out of memory beside other
			// guests' images.
			r := runWithDom0(t, tc, bin, []string{"", "1000000"}, []peerStep{{
				on:     `^READY http`,
				script: func([]string) string { return moveNetScript(c.move) },
			}}, withStaticNet, withGuest(c.vcpus, 96))
			dom0 := r.dom0[0]
			checkDom0Said(t, dom0, "before: hello from 10.88.0.2:8080", "move status 0", ", 0 failed", "held connection: 2 answers", "after: hello from 10.88.0.2:8080")
			if longest, err := strconv.ParseFloat(field(dom0, `longest (\S+) s`), 64); err != nil || longest > c.maxPause {
				t.Errorf("the longest request took %v s (%v), want at most %v s", longest, err, c.maxPause)
			} else {
				t.Logf("longest request during the move: %.2f s", longest)
			}
			checkRun(t, r, `(?m)^served \d+ requests$`)
			if t.Failed() || testing.Verbose() {
				t.Logf("dom0:\n%s", dom0)
			}
		})
	}
}

// moveNetScript is the dom0 side of TestXLMoveNet: a keep-alive
// connection held across the move, a loop of requests through it, and
// the move itself.
func moveNetScript(move string) string {
	return `n=$(for d in $(xl list | awk 'NR>2 {print $1}'); do xl network-list $d 2>/dev/null | grep -q 00:16:3e:00:00:02 && echo $d; done)
f=/tmp/img/$n.save; u=http://10.88.0.2:8080; w=/tmp/$n; mkdir -p $w
echo "before: $(curl -s -m 10 $u/before)"
(printf 'GET /held1 HTTP/1.1\r\nHost: held\r\n\r\n'; sleep 30; printf 'GET /held2 HTTP/1.1\r\nHost: held\r\n\r\n'; sleep 3) |
	nc -w 5 10.88.0.2 8080 >$w/held.out 2>&1 &
held=$!
(ok=0 bad=0 longest=0; while [ ! -e $w/stop ]; do
	out=$(curl -s -m 60 -w ' %{time_total}' $u/during)
	case $out in "hello from 10.88.0.2:8080"*) ok=$((ok+1)) ;; *) bad=$((bad+1)) ;; esac
	longest=$(echo "$longest ${out##* }" | awk '{print ($2 > $1) ? $2 : $1}')
done; echo "during: $ok answered, $bad failed, longest $longest s") >$w/during.out &
loop=$!
sleep 2
` + move + `; echo "move status $?"
rm -f "$f"
sleep 3; : >$w/stop; wait $loop; cat $w/during.out
wait $held; echo "held connection: $(grep -c 'hello from held' $w/held.out) answers"
echo "after: $(curl -s -m 10 $u/after)"
curl -s -m 10 -o /dev/null $u/stop
rm -rf $w`
}

// TestXLSaveVchan: a guest reading from a vchan that dom0's libxenvchan
// client holds open lets xl save suspend it; restored in a new domain,
// its Read ends with vchan.ErrMoved (the shared pages stayed behind)
// and the program carries on to a clean exit.
func TestXLSaveVchan(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "vchanmove")
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY vchanmove (\S+) (\d+) (\S+)$`,
		script: func(m []string) string {
			return fmt.Sprintf(`n=%[1]s f=/tmp/img/%[1]s.save
echo hello >/tmp/vin
vchan-peer %[2]s %[3]s /tmp/vin /tmp/vout >/dev/null 2>&1 & peer=$!
sleep 3
timeout 120 xl save "$n" $f >/dev/null 2>&1; echo "save status $?"
timeout 120 xl restore -e $f >/dev/null 2>&1; echo "restore status $?"
kill $peer 2>/dev/null; rm -f $f /tmp/vin /tmp/vout`, m[1], m[2], m[3])
		},
	}}, withGuest(1, 64))
	dom0 := r.dom0[0]
	checkDom0Said(t, dom0, "save status 0", "restore status 0")
	if !strings.Contains(r.out, "read 6 bytes, then: vchan: the domain moved") || !strings.Contains(r.out, "vchanmove ok") || r.status != 0 {
		t.Errorf("the guest did not end its vchan after the move and exit cleanly (status %d)", r.status)
	}
	if t.Failed() {
		t.Logf("dom0:\n%s", dom0)
		logRun(t, r)
	}
}
