package boot

import (
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// The network tests run unmodified net programs on a vif on dom0's
// bridge, with a static address (XEN_GUEST_NET), against dom0's peers
// (scripts/harness/README.md, "Network peers").

func withStaticNet(cmd *exec.Cmd) {
	cmd.Env = append(cmd.Env,
		"XEN_GUEST_CONFIG=vif=['mac=00:16:3e:00:00:02,bridge=xenbr0,script=/etc/harness/vif-bridge']",
		"XEN_GUEST_NET=ip=10.88.0.2/24 gw=10.88.0.1")
}

// TestNetHTTP: the guest fetches dom0's 16 MiB file over HTTP, then its
// net/http server answers 1,000 sequential requests from curl and 100
// concurrent ones from ab in dom0, and sends 16 MiB to curl over IPv4
// and over IPv6 (link-local), which dom0 checksums. dom0's vif counters
// show the transfers went as frames of many segments (GSO both ways). ab also checks every answer's length:
// that is how dom0's FPU state leak showed (TestDom0FPUIsolation).
// dom0 ends the guest with /stop once ab is done (the guest leaving on
// its 1,100th answer raced ab's last reads: 1 run in 5-6), so it must
// have served exactly 1,103 requests. It runs with one vCPU and with two:
// with two, netfront's queues are filled and drained from both.
func TestNetHTTP(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "nethttp")
	for _, vcpus := range []int{1, 2} {
		t.Run(strconv.Itoa(vcpus)+"vcpu", func(t *testing.T) { testNetHTTP(t, tc, bin, vcpus) })
	}
}

func testNetHTTP(t *testing.T, tc toolchainPaths, bin string, vcpus int) {
	r := runWithDom0(t, tc, bin, []string{"http://10.88.0.1/big.bin", "1000000"}, []peerStep{{
		on: `^READY http`,
		script: func([]string) string {
			return `cd /tmp && echo "dom0 sha256=$(cut -d' ' -f1 /srv/www/big.bin.sha256)"
vifsum() { cat /sys/class/net/vif*/statistics/$1 | awk '{s+=$1} END {print s}'; }
echo "vif frames to the guest: $(vifsum tx_packets)"
i=0; : >urls; while [ $i -lt 1000 ]; do printf 'url = "http://10.88.0.2:8080/s%d"\noutput = "/dev/null"\n' $i >>urls; i=$((i+1)); done
curl -s -m 10 -w '%{http_code}\n' -K urls >codes; echo "sequential: $(grep -c '^200$' codes) of 1000"
ab -q -n 100 -c 100 http://10.88.0.2:8080/c >ab.out 2>&1; echo "ab exit $?"
grep -E '^(Complete|Failed|Non-2xx) ' ab.out; rm -f urls codes ab.out
from=$(vifsum rx_packets)
echo "dom0 got ipv4 sha256=$(curl -s -m 120 http://10.88.0.2:8080/big | sha256sum | cut -d' ' -f1)"
echo "dom0 got ipv6 sha256=$(curl -s -m 120 -g 'http://[fe80::216:3eff:fe00:2%25xenbr0]:8080/big' | sha256sum | cut -d' ' -f1)"
echo "vif frames from the guest: $(( $(vifsum rx_packets) - from ))"
curl -s -o /dev/null http://10.88.0.2:8080/stop`
		},
	}}, withStaticNet, withGuest(vcpus, 256))
	dom0 := r.dom0[0]
	if want := field(dom0, `dom0 sha256=([0-9a-f]{64})`); want == "" || field(r.out, `sha256=([0-9a-f]{64})`) != want {
		t.Errorf("the guest fetched a file with sha256 %q, dom0 has %q", field(r.out, `sha256=([0-9a-f]{64})`), want)
	}
	if got := field(dom0, `sequential: (\d+) of 1000`); got != "1000" {
		t.Errorf("sequential requests answered: %s of 1000", got)
	}
	if got, exit := field(dom0, `Complete requests: +(\d+)`), field(dom0, `ab exit (\d+)`); got != "100" || exit != "0" {
		t.Errorf("concurrent requests completed: %q of 100 (ab's exit status %q)", got, exit)
	}
	if failed := field(dom0, `Failed requests: +(\d+)`); failed != "0" {
		t.Errorf("concurrent requests failed: %q", failed)
	}
	if bad := field(dom0, `Non-2xx responses: +(\d+)`); bad != "" {
		t.Errorf("concurrent requests answered with a status other than 2xx: %s", bad)
	}
	// The guest's 16 MiB answers are its largest transmissions, which
	// netback segments (TSO), over IPv4 and IPv6.
	sent := field(r.out, `sent 16 MiB sha256=([0-9a-f]{64})`)
	for _, proto := range []string{"ipv4", "ipv6"} {
		if got := field(dom0, `dom0 got `+proto+` sha256=([0-9a-f]{64})`); sent == "" || got != sent {
			t.Errorf("over %s dom0 received 16 MiB with sha256 %q, the guest sent %q", proto, got, sent)
		}
	}
	// Segmentation offload both ways makes frames of many segments: the
	// vif counts 16 MiB to the guest (its fetch) and 32 MiB from it in
	// fewer than a quarter of the 1448-byte segments they take.
	const segments = 16 << 20 / 1448
	if n, _ := strconv.Atoi(field(dom0, `vif frames to the guest: (\d+)`)); n == 0 || n > segments/4 {
		t.Errorf("dom0 sent the guest %d frames (16 MiB and a few requests); rx GSO would take fewer than %d", n, segments/4)
	}
	if n, _ := strconv.Atoi(field(dom0, `vif frames from the guest: (\d+)`)); n == 0 || n > 2*segments/4 {
		t.Errorf("the guest sent dom0 %d frames for 32 MiB; TSO would take fewer than %d", n, 2*segments/4)
	}
	checkRun(t, r, `fetched 16777216 bytes`, `(?m)^served 1103 requests$`)
	if !t.Failed() {
		t.Logf("guest: %s; dom0: %s; %s; %s", field(r.out, `(fetched .*)`), field(dom0, `(sequential: .*)`),
			field(dom0, `(vif frames to the guest: \d+)`), field(dom0, `(vif frames from the guest: \d+)`))
	}
}

// TestNetLoad: wrk in dom0 keeps ten connections busy against the
// guest's net/http server for four rounds, and the guest must answer
// in every round and afterwards. Under such load the vCPU once went to
// sleep for good when an upcall slipped in between STI and HLT
// (xenSkipHalt); it stalled within a few rounds.
func TestNetLoad(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "nethttp")
	r := runWithDom0(t, tc, bin, []string{"", "0"}, []peerStep{{
		on: `^READY http`,
		script: func([]string) string {
			return `for i in 1 2 3 4; do ip neigh flush dev xenbr0 >/dev/null 2>&1
wrk -t1 -c10 -d10s --timeout 10s http://10.88.0.2:8080/ >wrk.out 2>&1
echo "round $i: $(grep -o '[0-9]* requests in' wrk.out) $(grep -o 'Socket errors:.*' wrk.out)"; done
echo "after: $(curl -s -m 30 http://10.88.0.2:8080/stop)"`
		},
	}}, withStaticNet)
	dom0 := r.dom0[0]
	for i := 1; i <= 4; i++ {
		n, _ := strconv.Atoi(field(dom0, fmt.Sprintf(`round %d: (\d+) requests in`, i)))
		if n < 100 {
			t.Errorf("round %d: %d requests answered, want at least 100", i, n)
		}
	}
	if !strings.Contains(dom0, "after: hello from 10.88.0.2:8080") {
		t.Errorf("the guest did not answer after the load")
	}
	checkRun(t, r, `(?m)^served \d+ requests$`)
	if t.Failed() || testing.Verbose() {
		t.Logf("dom0:\n%s", dom0)
	}
}

// TestNetDHCP: with no settings the guest takes its address from dom0's
// DHCP server (dnsmasq pins MAC 00:16:3e:00:00:02 to 10.88.0.2), has an
// IPv6 link-local address, resolves dom0's name through the DNS server
// DHCP gave it, and reaches dom0 over IPv6 with the address and route
// dnsmasq's router advertisements gave it (SLAAC).
func TestNetDHCP(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "nethttp")
	r := runWithDom0(t, tc, bin, []string{"http://dom0.xen.test/big.bin http://[fd88::1]/", "1"}, []peerStep{{
		on: `^READY http`,
		script: func([]string) string {
			return `echo "dom0 sha256=$(cut -d' ' -f1 /srv/www/big.bin.sha256)"; curl -s -m 30 http://10.88.0.2:8080/`
		},
	}}, func(cmd *exec.Cmd) {
		cmd.Env = append(cmd.Env, "XEN_GUEST_CONFIG=vif=['mac=00:16:3e:00:00:02,bridge=xenbr0,script=/etc/harness/vif-bridge']")
	})
	if want := field(r.dom0[0], `dom0 sha256=([0-9a-f]{64})`); want == "" || field(r.out, `sha256=([0-9a-f]{64})`) != want {
		t.Errorf("the guest fetched a file with sha256 %q, dom0 has %q", field(r.out, `sha256=([0-9a-f]{64})`), want)
	}
	checkRun(t, r, `(?m)^interface lo mtu \d+ .*addrs \[127\.0\.0\.1/8 ::1/128\]$`,
		`(?m)^interface eth0 mtu 1500 mac 00:16:3e:00:00:02 flags up\|broadcast\|multicast\|running addrs \[10\.88\.0\.2/24 .*fe80::216:3eff:fe00:2/64\]$`,
		`fetched 16777216 bytes`, `fetched \d+ bytes .* from http://\[fd88::1\]/`, `(?m)^served 1 requests$`)
	if !strings.Contains(r.dom0[0], "hello from 10.88.0.2:8080") {
		t.Errorf("dom0's request was not answered")
		logRun(t, r)
	}
}

// TestNetPeers: DNS through dnsmasq, Linux's errors for a refused and a
// silent peer, UDP echo with dom0's udp-echo, and a datagram with a wrong
// checksum from dom0's udp-raw dropped.
func TestNetPeers(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "netpeer")
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY udp`,
		script: func([]string) string {
			return `timeout 120 udp-echo 7007 3`
		},
	}, {
		on: `^READY csum`,
		script: func([]string) string {
			return `sleep 1; udp-raw 10.88.0.1 10.88.0.2 7010`
		},
	}}, withStaticNetDNS)
	checkRun(t, r, `(?m)^multi\.xen\.test: 10\.88\.0\.1 10\.88\.0\.250 fd88::1$`,
		`missing\.xen\.test: lookup missing\.xen\.test on 10\.88\.0\.1:53: no such host`,
		`(?m)^10\.88\.0\.1 is dom0\.xen\.test\.$`,
		`refused: dial tcp 10\.88\.0\.1:9: connect: connection refused`,
		`timeout: dial tcp 10\.88\.0\.250:80: i/o timeout`,
		`cancelled: dial tcp 10\.88\.0\.250:80: operation was canceled`,
		`(?m)^echo 2 ok$`, `(?m)^checksums: received \["intact"\], the corrupt datagram was dropped$`, `(?m)^netpeer ok$`)
	if testing.Verbose() {
		logRun(t, r)
	}
	if !strings.Contains(r.dom0[0], "udp-echo: echoed 10 bytes to ::ffff:10.88.0.2") {
		t.Errorf("dom0's echo server did not hear from the guest")
		logRun(t, r)
	}
}

func withStaticNetDNS(cmd *exec.Cmd) {
	withStaticNet(cmd)
	for i, e := range cmd.Env {
		if strings.HasPrefix(e, "XEN_GUEST_NET=") {
			cmd.Env[i] = e + " dns=10.88.0.1"
		}
	}
}

// TestNetReattach: dom0 detaches the guest's vif while its net/http
// server runs, then attaches it again. The guest must remove eth0 (and
// free the device) when the backend goes, bring it back with its
// command-line address when the toolstack offers the vif again, and
// answer through it, with the same listener.
func TestNetReattach(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "nethttp")
	r := runWithDom0(t, tc, bin, []string{"", "1000000"}, []peerStep{{
		on: `^READY http`,
		script: func([]string) string {
			return `dom=$(for d in $(xl list | awk 'NR>2 {print $2}'); do xl network-list $d 2>/dev/null | grep -q 00:16:3e:00:00:02 && echo $d; done)
echo "before: $(curl -s -m 10 http://10.88.0.2:8080/before)"
timeout 60 xl network-detach $dom 0; echo "detach status $?"
curl -s -m 3 -o /dev/null http://10.88.0.2:8080/detached; echo "while detached: curl exit $?"
timeout 60 xl network-attach $dom mac=00:16:3e:00:00:02 bridge=xenbr0 script=/etc/harness/vif-bridge; echo "attach status $?"
ip neigh flush dev xenbr0 >/dev/null 2>&1
i=0; until out=$(curl -s -m 2 http://10.88.0.2:8080/after); do i=$((i+1)); [ $i -ge 60 ] && break; sleep 1; done
echo "after: $out (after $i retries)"
curl -s -m 10 -o /dev/null http://10.88.0.2:8080/stop`
		},
	}}, withStaticNet)
	dom0 := r.dom0[0]
	checkDom0Said(t, dom0, "before: hello from 10.88.0.2:8080", "detach status 0", "attach status 0", "after: hello from 10.88.0.2:8080")
	if exit := field(dom0, `while detached: curl exit (\d+)`); exit == "0" || exit == "" {
		t.Errorf("a request while the vif was detached: curl exit %q, want a failure", exit)
	}
	checkRun(t, r, `(?m)^netstack: eth0: backend gone, interface removed$`, `(?m)^netstack: eth0: attached$`, `(?m)^served \d+ requests$`)
	if t.Failed() || testing.Verbose() {
		t.Logf("dom0:\n%s", dom0)
	}
}

// TestNetDHCPRenewal: the guest's lease from dnsmasq lasts 2 minutes
// (dnsmasq's shortest), so it renews after one. dom0 pairs its MAC with
// another address meanwhile: dnsmasq refuses the renewal (NAK), and the
// guest must drop the old address, ask again, and serve on the new one.
func TestNetDHCPRenewal(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "nethttp")
	const hosts = "/run/harness/dhcp-hosts/renewal-test"
	sh := exec.Command(tc.repo+"/scripts/harness/dom0-sh",
		`echo 00:16:3e:00:00:e0,10.88.0.224,2m >`+hosts+` && kill -HUP $(pidof dnsmasq)`)
	if out, err := sh.CombinedOutput(); err != nil {
		t.Fatalf("pairing the guest's MAC in dom0: %v\n%s", err, out)
	}
	r := runWithDom0(t, tc, bin, []string{"", "1000000"}, []peerStep{{
		on: `^READY http`,
		script: func([]string) string {
			return `echo "before: $(curl -s -m 10 http://10.88.0.224:8080/before)"
echo 00:16:3e:00:00:e0,10.88.0.225,2m >` + hosts + `; kill -HUP $(pidof dnsmasq)
i=0; until out=$(curl -s -m 2 http://10.88.0.225:8080/after); do i=$((i+1)); [ $i -ge 150 ] && break; sleep 1; done
echo "after: $out"
grep -oE 'DHCP(REQUEST|NAK|ACK)\(xenbr0\) 10\.88\.0\.22[45].*' /run/harness/dnsmasq.log | tail -6
rm -f ` + hosts + `; kill -HUP $(pidof dnsmasq)
curl -s -m 10 -o /dev/null http://10.88.0.225:8080/stop`
		},
	}}, func(cmd *exec.Cmd) {
		cmd.Env = append(cmd.Env, "XEN_GUEST_CONFIG=vif=['mac=00:16:3e:00:00:e0,bridge=xenbr0,script=/etc/harness/vif-bridge']")
	})
	dom0 := r.dom0[0]
	checkDom0Said(t, dom0, "before: hello from 10.88.0.224:8080", "DHCPNAK(xenbr0) 10.88.0.224", "after: hello from 10.88.0.225:8080")
	checkRun(t, r, `(?m)^netstack: eth0: lease of 10\.88\.0\.224/24 refused by the server; asking for another$`,
		`(?m)^netstack: eth0: 10\.88\.0\.225/24 from DHCP for 2m0s$`, `(?m)^served \d+ requests$`)
	if t.Failed() || testing.Verbose() {
		t.Logf("dom0:\n%s", dom0)
	}
}
