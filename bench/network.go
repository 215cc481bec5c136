package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The network stage: bench/progs/netserve on dom0's bridge. Each guest has its own fixed MAC
// and address (xenbr0, dom0 is 10.88.0.1); the dom0 process listens on dom0's own address.
var netAddr = map[string]struct{ mac, ip string }{
	tXen:  {"00:16:3e:00:00:20", "10.88.0.32"},
	tDomU: {"00:16:3e:00:00:21", "10.88.0.33"},
	tDom0: {"", "10.88.0.1"},
}

// The load dom0 puts on the server, and the size of the guest -> dom0 transfer.
const (
	wrkCmd     = "wrk -t1 -c10 -d10s --latency"
	netSendMiB = 32
	netFetch   = "http://10.88.0.1/big.bin" // 16 MiB from dom0's busybox httpd
)

// Network metrics, keys of bench.net.
const (
	mRPS  = "rps"   // wrk requests/s
	mP50  = "p50"   // wrk latency, ms
	mP99  = "p99"   // wrk latency, ms
	mSend = "send"  // guest -> dom0, MiB/s (curl in dom0)
	mRecv = "fetch" // dom0 -> guest, MiB/s (the guest's own clock)
)

// buildNetProg builds netserve; the Linux guest's initramfs carries xen-netfront.ko.
func (b *bench) buildNetProg() (*prog, error) {
	ko, err := filepath.Glob(filepath.Join(b.h.dir, "sysroot", "lib", "modules", "*", "kernel", "drivers", "net", "xen-netfront.ko"))
	if err != nil || len(ko) == 0 {
		return nil, fmt.Errorf("no uncompressed xen-netfront.ko in the harness's sysroot")
	}
	mod, err := os.ReadFile(ko[0])
	if err != nil {
		return nil, err
	}
	return b.buildBoth("netserve", func(goos, out string) error {
		return b.goCmd(goos, "build", "-o", out, "./progs/netserve")
	}, cpioEntry{name: "sys", mode: modeDir | 0o755}, cpioEntry{name: "xen-netfront.ko", mode: modeReg | 0o644, data: mod})
}

// loadScript is the dom0 side of one run, once the server at ip listens: a warm-up request,
// wrk, a download of netSendMiB MiB, then /quit.
func loadScript(ip string) string {
	u := "http://" + ip + ":8080"
	return fmt.Sprintf(`curl -s -m 30 -o /dev/null %[1]s/ || echo "BENCH-NET warm-up request failed"
%[2]s %[1]s/
curl -s -m 120 -o /dev/null -w 'BENCH-NET send bytes=%%{size_download} speed=%%{speed_download} code=%%{http_code}\n' %[1]s/bytes/%[3]d
curl -s -m 30 -o /dev/null %[1]s/quit`, u, wrkCmd, netSendMiB)
}

func (b *bench) runNetwork() error {
	p, err := b.buildNetProg()
	if err != nil {
		return err
	}
	if err := b.h.stage(p.files()); err != nil {
		return err
	}
	b.h.dom0("while [ ! -e /run/harness/net-ready ]; do sleep 1; done", 5*time.Minute)
	for rep := 1; rep <= b.reps; rep++ {
		for _, t := range targets {
			b.h.dom0("ip neigh flush dev xenbr0", time.Minute)
			var guestOut, load string
			var err error
			if t == tDom0 {
				guestOut, err = b.netDom0(p)
				load = guestOut
			} else {
				guestOut, load, err = b.netGuest(t, p, 1)
			}
			log := filepath.Join(b.work, "results", fmt.Sprintf("network-%s-%d.txt", t, rep))
			os.WriteFile(log, []byte(guestOut+"\n---- dom0 ----\n"+load), 0o644)
			var m map[string]float64
			if err == nil {
				m, err = parseNet(guestOut, load)
			}
			if err != nil {
				b.failf("network on %s (rep %d): %v (full output: %s)\n%s%s%s", t, rep, err, log,
					crashLines(guestOut), tail(guestOut), tail(load))
				continue
			}
			for k, v := range m {
				addMetric(&b.net, k, t, v)
			}
			b.progress("network rep %d/%d on %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, send %.1f MiB/s, fetch %.1f MiB/s",
				rep, b.reps, t, m[mRPS], m[mP50], m[mP99], m[mSend], m[mRecv])
		}
	}
	return nil
}

// netGuest boots netserve as a domU with vcpus vCPUs on the bridge and runs the load from dom0
// when it is ready.
func (b *bench) netGuest(t string, p *prog, vcpus int) (out, load string, err error) {
	a := netAddr[t]
	return b.serveGuest(t, p, guestMem, vcpus, loadScript(a.ip), 3*time.Minute, 4*time.Minute)
}

// serveGuest boots netserve on target t with mem MB and vcpus vCPUs on the bridge, runs script in dom0
// (for at most scriptTimeout) once it listens, and returns the guest's and dom0's output.
func (b *bench) serveGuest(t string, p *prog, mem, vcpus int, script string, scriptTimeout, guestTimeout time.Duration) (out, load string, err error) {
	a := netAddr[t]
	done := make(chan struct{})
	started := false
	var loadErr error
	n := &guestNet{mac: a.mac, cidr: a.ip + "/24", onLine: func(line string) {
		if started || !strings.Contains(line, "netserve ready") {
			return
		}
		started = true
		go func() {
			defer close(done)
			load, loadErr = b.h.dom0(script, scriptTimeout)
		}()
	}}
	r, err := b.runDomU(t, p, []string{netFetch}, domU{mem: mem, vcpus: vcpus, net: n}, guestTimeout, "")
	if err != nil {
		return "", "", err
	}
	if !started {
		return r.out + r.stderr, "", fmt.Errorf("the server never got ready (status %d)", r.status)
	}
	<-done
	if loadErr != nil {
		return r.out, load, loadErr
	}
	if !r.ok("netserve ok") {
		return r.out + r.stderr, load, fmt.Errorf("status %d", r.status)
	}
	return r.out, load, nil
}

// netDom0 runs netserve as a dom0 process (GOMAXPROCS=1) and the same load against it; the
// traffic goes over dom0's loopback, not the bridge.
func (b *bench) netDom0(p *prog) (string, error) {
	script := fmt.Sprintf(`mkdir -p /tmp/run && cd /tmp/run
GOMAXPROCS=1 /tmp/bench/%s.linux %s >ns.out 2>&1 &
pid=$!
i=0; while ! grep -q 'netserve ready' ns.out && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
%s
wait $pid; echo "BENCH-NET status=$?"; cat ns.out; rm -f ns.out`, p.name, netFetch, loadScript(netAddr[tDom0].ip))
	out, err := b.h.dom0(script, 4*time.Minute)
	if err != nil {
		return out, err
	}
	if !strings.Contains(out, "BENCH-NET status=0") || !strings.Contains(out, "netserve ok") {
		return out, fmt.Errorf("the dom0 process failed")
	}
	return out, nil
}

var (
	reRPS     = regexp.MustCompile(`(?m)^Requests/sec:\s+([\d.]+)`)
	reLatency = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$`)
	reWrkErr  = regexp.MustCompile(`(?m)^\s*(Socket errors:.*|Non-2xx or 3xx responses:.*)$`)
)

// parseNet reads the guest's fetch rate and dom0's wrk and curl results.
func parseNet(guestOut, load string) (map[string]float64, error) {
	m := map[string]float64{}
	f := fields(lineWith(guestOut, "netserve fetch "))
	if f["bytes"] != "16777216" {
		return nil, fmt.Errorf("the guest's fetch of %s did not complete", netFetch)
	}
	m[mRecv] = atof(f["mibps"])
	rps := reRPS.FindStringSubmatch(load)
	if rps == nil {
		return nil, fmt.Errorf("no wrk result")
	}
	if e := reWrkErr.FindString(load); e != "" {
		return nil, fmt.Errorf("wrk: %s", strings.TrimSpace(e))
	}
	m[mRPS] = atof(rps[1])
	for _, l := range reLatency.FindAllStringSubmatch(load, -1) {
		v, _ := strconv.ParseFloat(l[2], 64)
		switch l[3] {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		m["p"+l[1]] = v
	}
	s := fields(lineWith(load, "BENCH-NET send "))
	if s["code"] != "200" || s["bytes"] != strconv.Itoa(netSendMiB<<20) {
		return nil, fmt.Errorf("the download of %d MiB from the guest failed", netSendMiB)
	}
	m[mSend] = atof(s["speed"]) / (1 << 20)
	return m, nil
}

// crashLines is the lines of out that say why a Go program or a Linux guest's kernel died, if
// any.
func crashLines(out string) string {
	var w strings.Builder
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "panic:") || strings.HasPrefix(l, "fatal error:") ||
			strings.HasPrefix(l, "runtime:") || strings.HasPrefix(l, "guestinit:") ||
			strings.Contains(l, "] BUG: ") || strings.Contains(l, "] Kernel panic") {
			w.WriteString(l + "\n")
		}
	}
	if w.Len() > 0 {
		w.WriteString("...\n")
	}
	return w.String()
}
