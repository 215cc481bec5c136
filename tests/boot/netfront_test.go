package boot

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// The netfront tests give the guest a NIC on dom0's bridge xenbr0
// (10.88.0.1/24); the guest answers ARP and ping for 10.88.0.2 by hand.

// netfrontVif is the guest's xl vif line: mtu=9000 lets frames take
// more than one ring slot (scatter-gather) both ways.
const netfrontVif = `vif=['bridge=xenbr0,mtu=9000,script=/etc/harness/vif-bridge']`

// pingSizes are the payloads dom0 pings with, and how many of each:
// 8000 bytes make 8042-byte frames, three slots each way.
var pingSizes = []struct{ size, count int }{{56, 5}, {1400, 20}, {1472, 5}, {4000, 5}, {8000, 10}}

// netfrontGuest builds the guest with XEN_TEST_GO if set (a toolchain
// that has xen/netfront before build/go does), else build/go.
func netfrontGuest(t *testing.T, tc toolchainPaths) string {
	if g := os.Getenv("XEN_TEST_GO"); g != "" {
		tc.goBin = g
	}
	return buildGuest(t, tc, "netfront")
}

func withVif(cmd *exec.Cmd) { cmd.Env = append(cmd.Env, "XEN_GUEST_CONFIG="+netfrontVif) }

// pingScript forgets dom0's neighbours, raises the MTU of the guest's vif
// and of the bridge, pings with every size, and puts the bridge back.
func pingScript(domid string) string {
	var b strings.Builder
	// An earlier guest at 10.88.0.2 had another MAC: make dom0 ask again.
	b.WriteString("ip neigh flush dev xenbr0\n")
	fmt.Fprintf(&b, "v=vif%s.0; ip link set $v mtu 9000 && ip link set xenbr0 mtu 9000 && echo mtu set\n", domid)
	for _, p := range pingSizes {
		fmt.Fprintf(&b, "ping -c %d -i 0.2 -s %d 10.88.0.2 | tail -2 | sed 's/^/size %d: /'\n", p.count, p.size, p.size)
	}
	b.WriteString("ip link set xenbr0 mtu 1500\n")
	return b.String()
}

// checkPings fails unless every size lost nothing; it logs the round
// trips.
func checkPings(t *testing.T, dom0 string) {
	t.Helper()
	for _, p := range pingSizes {
		tx := field(dom0, fmt.Sprintf(`size %d: (\d+) packets transmitted, \d+ packets received, 0%% packet loss`, p.size))
		if tx != fmt.Sprint(p.count) {
			t.Errorf("ping -s %d: not %d of %d answered", p.size, p.count, p.count)
		}
		t.Logf("ping -s %d round trip (min/avg/max): %s ms", p.size, field(dom0, fmt.Sprintf(`size %d: round-trip min/avg/max = (\S+) ms`, p.size)))
	}
}

// TestNetfront: dom0 pings the guest with frames of one to three slots,
// then tells it to close its device.
func TestNetfront(t *testing.T) {
	tc := toolchain(t)
	bin := netfrontGuest(t, tc)
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY netfront (\d+) `,
		script: func(m []string) string {
			return pingScript(m[1]) + "xenstore-write /local/domain/" + m[1] + "/data/netfront quit && echo told\n"
		},
	}}, withVif)
	checkRun(t, r, `opened vif 0 in \S+: mac 00163e[0-9a-f]{6} mtu 9000`, `answered arp=[1-9]\d* echo=\d+`,
		`rxdropped=0`, `(?m)^netfront ok$`)
	checkPings(t, r.dom0[0])
	total := 0
	for _, p := range pingSizes {
		total += p.count
	}
	if echo := field(r.out, `echo=(\d+)`); echo != fmt.Sprint(total) {
		t.Errorf("guest answered %s echo requests, want %d", echo, total)
	}
	if t.Failed() || testing.Verbose() {
		logRun(t, r)
	}
}

// TestNetfrontDetach: dom0 detaches the guest's NIC while it runs; the
// guest's Send must start failing and its Close must not hang.
func TestNetfrontDetach(t *testing.T) {
	tc := toolchain(t)
	bin := netfrontGuest(t, tc)
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY netfront (\d+) `,
		script: func(m []string) string {
			return fmt.Sprintf(`ping -c 3 -i 0.2 10.88.0.2 | tail -2 | sed 's/^/size 56: /'
xenstore-write /local/domain/%[1]s/data/netfront detach
timeout 60 xl network-detach %[1]s 0; echo "detach status $?"`, m[1])
		},
	}}, withVif)
	checkRun(t, r, `backend gone after \S+: netfront: backend disconnected`, `closed in \S+`, `(?m)^netfront ok$`)
	if !strings.Contains(r.dom0[0], "detach status 0") {
		t.Errorf("xl network-detach failed")
	}
	if !regexp.MustCompile(`size 56: 3 packets transmitted, 3 packets received`).MatchString(r.dom0[0]) {
		t.Errorf("pings before the detach were lost")
	}
	if t.Failed() || testing.Verbose() {
		logRun(t, r)
	}
}
