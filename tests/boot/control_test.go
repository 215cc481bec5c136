package boot

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// The toolstack's requests through control/shutdown (xen/control): each
// reaches the program as SIGTERM.

func withVerboseExec(cmd *exec.Cmd) { cmd.Env = append(cmd.Env, "XEN_EXEC_VERBOSE=1") }

// TestXLShutdown: xl shutdown reaches a program that asked os/signal for
// SIGTERM; it finishes and exits 0, and the domain powers off.
func TestXLShutdown(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "shutdown")
	r := runWithDom0(t, tc, bin, []string{"notify"}, []peerStep{{
		on: `^READY shutdown (\S+)$`,
		script: func(m []string) string {
			return `d=$(xl domid ` + m[1] + `)
echo "features: $(xenstore-read /local/domain/$d/control/feature-poweroff) $(xenstore-read /local/domain/$d/control/feature-reboot)"
timeout 60 xl shutdown -w ` + m[1] + `; echo "shutdown status $?"`
		},
	}}, withVerboseExec)
	dom0 := r.dom0[0]
	checkDom0Said(t, dom0, "features: 1 1", "shutdown status 0")
	checkRun(t, r, `(?m)^got terminated and finished$`, `end=poweroff status=0 `)
}

// TestXLReboot: xl reboot ends a network program that asked for no
// signal, as SIGTERM ends a Go program on Linux (status 128+15), and the
// domain ends with reason reboot.
func TestXLReboot(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "shutdown")
	r := runWithDom0(t, tc, bin, []string{"net"}, []peerStep{{
		on: `^READY shutdown (\S+)$`,
		script: func(m []string) string {
			return `timeout 60 xl reboot ` + m[1] + `; echo "reboot status $?"`
		},
	}}, withVerboseExec)
	if !strings.Contains(r.dom0[0], "reboot status 0") {
		t.Errorf("xl reboot failed")
	}
	if !strings.Contains(r.out, "SIGTERM: termination\n") || !strings.Contains(r.out, "end=reboot status=143 ") || r.status != 143 {
		t.Errorf("want SIGTERM's end, reason reboot and status 143; got status %d", r.status)
	}
	if t.Failed() {
		logRun(t, r)
	}
}

// TestIdleHugeTimer: a program whose only timer is time.Sleep(math.MaxInt64)
// waits for xl shutdown with its vCPU asleep: dom0 reads the vCPU's time
// over 3 s of waiting, which must stay well under those 3 s. (A wait's
// deadline, now + the netpoller's delay, could wrap into the past and
// spin the idle loop; the runtime caps waits as Linux's netpoll does.)
func TestIdleHugeTimer(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "shutdown")
	r := runWithDom0(t, tc, bin, []string{"sleepmax"}, []peerStep{{
		on: `^READY shutdown (\S+)$`,
		script: func(m []string) string {
			return `cpu() { xl vcpu-list ` + m[1] + ` | awk 'NR == 2 {print $6}'; }
a=$(cpu); sleep 3; b=$(cpu)
echo "vcpu seconds over 3 s: $(echo "$a $b" | awk '{printf "%.2f", $2 - $1}')"
timeout 60 xl shutdown -w ` + m[1] + `; echo "shutdown status $?"`
		},
	}})
	used, err := strconv.ParseFloat(field(r.dom0[0], `vcpu seconds over 3 s: (\S+)`), 64)
	switch {
	case err != nil:
		t.Errorf("no vCPU time from dom0: %v", err)
	case used > 1:
		t.Errorf("the idle guest used %.2f s of vCPU time in 3 s", used)
	default:
		t.Logf("vCPU time while idle for 3 s: %.2f s", used)
	}
	checkRun(t, r, `(?m)^got terminated and finished$`)
}
