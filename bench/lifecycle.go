package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The lifecycle stage: the network stage's server (bench/progs/netserve) on each domU, saved
// with xl save, restored with xl restore, then migrated to this host with xl migrate while dom0
// keeps requesting. Its metrics, keys of bench.lc.
const (
	lcSave    = "save"    // xl save, ms
	lcRestore = "restore" // xl restore, ms
	lcMigrate = "migrate" // xl migrate, ms
	lcPause   = "pause"   // the longest request during the migration, ms
	lcFailed  = "failed"  // requests that failed during the migration
)

// lcMem is the memory (MB) of the domUs the stage saves: xl save writes all of it to dom0's
// tmpfs, and dom0 has 389 MB (the first runs, at 256 MB, ran it out of memory).
const lcMem = 128

// lifecycleScript is the dom0 side of one run against the server at ip, in the domain with the
// vif of MAC address mac: a warm-up request,
// the timed save and restore, a request that must find the restored server, the timed
// migration under a loop of requests, and /quit.
func lifecycleScript(ip, mac string) string {
	return fmt.Sprintf(`. /etc/harness/env
u=http://%[1]s:8080; f=/tmp/img/lc.save; w=/tmp/lc; rm -rf $w; mkdir -p $w
n=$(for d in $(xl list | awk 'NR>2 {print $1}'); do xl network-list $d 2>/dev/null | grep -q %[2]s && echo $d; done)
curl -s -m 30 -o /dev/null $u/ || echo "BENCH-LC warm-up request failed"
now; t0=$NOW
timeout 200 xl save "$n" $f >/dev/null 2>&1 || echo "BENCH-LC save failed"
now; t1=$NOW
timeout 200 xl restore -e $f >/dev/null 2>&1 || echo "BENCH-LC restore failed"
now; t2=$NOW; rm -f $f
curl -s -m 60 -o /dev/null $u/ || echo "BENCH-LC no answer after the restore"
(ok=0 bad=0 longest=0; while [ ! -e $w/stop ]; do
	out=$(curl -s -m 60 -o /dev/null -w '%%{http_code} %%{time_total}' $u/)
	case $out in "200 "*) ok=$((ok+1)) ;; *) bad=$((bad+1)) ;; esac
	longest=$(echo "$longest ${out##* }" | awk '{print ($2 > $1) ? $2 : $1}')
done; echo "ok=$ok failed=$bad longest=$longest" >$w/loop) &
loop=$!
sleep 2
now; t3=$NOW
timeout 300 xl migrate -s '' "$n" 'xl migrate-receive -e' >/dev/null 2>&1 || echo "BENCH-LC migrate failed"
now; t4=$NOW
sleep 2; : >$w/stop; wait $loop
echo "BENCH-LC save_ms=$((t1 - t0)) restore_ms=$((t2 - t1)) migrate_ms=$((t4 - t3)) $(cat $w/loop)"
rm -rf $w
curl -s -m 30 -o /dev/null $u/quit`, ip, mac)
}

func (b *bench) runLifecycle() error {
	p, err := b.buildNetProg()
	if err != nil {
		return err
	}
	if err := b.h.stage(p.files()); err != nil {
		return err
	}
	b.h.dom0("while [ ! -e /run/harness/net-ready ]; do sleep 1; done", 5*time.Minute)
	for rep := 1; rep <= b.reps; rep++ {
		for _, t := range []string{tXen, tDomU} {
			b.h.dom0("ip neigh flush dev xenbr0", time.Minute)
			out, load, err := b.lifecycleGuest(t, p)
			log := filepath.Join(b.work, "results", fmt.Sprintf("lifecycle-%s-%d.txt", t, rep))
			os.WriteFile(log, []byte(out+"\n---- dom0 ----\n"+load), 0o644)
			var m map[string]float64
			if err == nil {
				m, err = parseLifecycle(load)
			}
			if err != nil {
				b.failf("lifecycle on %s (rep %d): %v (full output: %s)\n%s%s%s", t, rep, err, log,
					crashLines(out), tail(out), tail(load))
				continue
			}
			for k, v := range m {
				addMetric(&b.lc, k, t, v)
			}
			b.progress("lifecycle rep %d/%d on %s: save %.0f ms, restore %.0f ms, migrate %.0f ms, longest request %.0f ms, %.0f failed",
				rep, b.reps, t, m[lcSave], m[lcRestore], m[lcMigrate], m[lcPause], m[lcFailed])
		}
	}
	return nil
}

// lifecycleGuest boots netserve on target t and runs lifecycleScript once it listens.
func (b *bench) lifecycleGuest(t string, p *prog) (out, load string, err error) {
	a := netAddr[t]
	return b.serveGuest(t, p, lcMem, 1, lifecycleScript(a.ip, a.mac), 10*time.Minute, 12*time.Minute)
}

// parseLifecycle reads dom0's BENCH-LC lines.
func parseLifecycle(load string) (map[string]float64, error) {
	if l := lineWith(load, "BENCH-LC "); strings.Contains(l, " failed") && !strings.Contains(l, "save_ms=") {
		return nil, fmt.Errorf("%s", strings.TrimSpace(l))
	}
	f := fields(lineWith(load, "BENCH-LC save_ms="))
	if f["save_ms"] == "" || f["longest"] == "" {
		return nil, fmt.Errorf("no BENCH-LC result")
	}
	return map[string]float64{
		lcSave:    atof(f["save_ms"]),
		lcRestore: atof(f["restore_ms"]),
		lcMigrate: atof(f["migrate_ms"]),
		lcPause:   atof(f["longest"]) * 1000,
		lcFailed:  atof(f["failed"]),
	}, nil
}

// reportLifecycle writes the lifecycle section.
func (b *bench) reportLifecycle(p printer) {
	p("## %s", lifecycleHeading)
	p("")
	p("The network stage's server (`bench/progs/netserve`, %d MB, 1 vCPU, a vif on `xenbr0`) on each", lcMem)
	p("domU. Once it listens, dom0 sends a request, times `xl save` (to dom0's tmpfs) and `xl restore")
	p("-e`, checks that the restored server answers, then times `xl migrate -s '' DOMAIN 'xl")
	p("migrate-receive -e'` (a live migration to this same host, over a pipe) while a loop of")
	p("`curl` requests runs against the server; the longest of those requests bounds the migration's")
	p("downtime from the client's side. The guest keeps its TCP/IP state throughout: after a move its")
	p("netfront reconnects to the new backend and it announces its addresses (gratuitous ARP). The")
	p("Linux domU is Debian's kernel with `xen-netfront`. %d repetitions, interleaved; cells are the", b.reps)
	p("median and, in brackets, the smallest and largest run.")
	p("")
	p("| median (min-max) | xen | linux-domU | xen/linux-domU |")
	p("|---|---:|---:|---:|")
	runs := func(t string) string { return fmt.Sprintf("%d of %d", len(b.lc[lcSave][t]), b.reps) }
	p("| runs that completed | %s | %s | |", runs(tXen), runs(tDomU))
	for _, r := range []struct{ metric, label string }{
		{lcSave, "`xl save`, ms"},
		{lcRestore, "`xl restore`, ms"},
		{lcMigrate, "`xl migrate`, ms"},
		{lcPause, "longest request during the migration, ms"},
		{lcFailed, "requests that failed during the migration"},
	} {
		m := b.lc[r.metric]
		p("| %s | %s | %s | %s |", r.label, spread(m[tXen]), spread(m[tDomU]), ratio(median(m[tXen]), median(m[tDomU])))
	}
	p("")
}

const lifecycleHeading = "Suspend, restore and migration"
