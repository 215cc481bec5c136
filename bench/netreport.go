package main

import (
	"fmt"
	"slices"
)

// reportNetwork writes the network section: medians with the range of the runs.
func (b *bench) reportNetwork(p printer) {
	p("## Network")
	p("")
	p("`bench/progs/netserve` on dom0's bridge `xenbr0` (dom0 is 10.88.0.1): each domU has a vif with")
	p("a fixed MAC and a static address (xen: 10.88.0.32 through `XEN_GUEST_NET`; linux-domU:")
	p("10.88.0.33, set by `bench/guestinit` after loading `xen-netfront.ko`), %d MB, 1 vCPU. A run", guestMem)
	p("boots the guest, which first fetches dom0's `/big.bin` (16 MiB, busybox httpd) and reports")
	p("the rate by its own clock (**dom0 -> guest**); when it listens on :8080, dom0 sends one")
	p("warm-up request, runs `%s http://ADDR:8080/` (a 13-byte \"hello, world\"", wrkCmd)
	p("answer; **requests/s** and wrk's latency percentiles), then `curl -o /dev/null -w")
	p("'%%{speed_download}' http://ADDR:8080/bytes/%d` (%d MiB from the guest, **guest -> dom0**),", netSendMiB, netSendMiB)
	p("then `/quit`. dom0's ARP cache is flushed before each run. The dom0 column runs the linux")
	p("binary as a dom0 process (`GOMAXPROCS=1`) under the same load over dom0's own address, so its")
	p("traffic never crosses the bridge or a vif: a reference, not a peer. Runs are interleaved")
	p("xen, linux-domU, dom0, xen, ...; %d repetitions; cells are the median and, in brackets, the", b.reps)
	p("smallest and largest run. For requests/s and MiB/s a ratio above 1.00x means the unikernel")
	p("is faster; for latency, below 1.00x.")
	p("")
	p("| median (min-max) | xen | linux-domU | dom0 (loopback) | xen/linux-domU |")
	p("|---|---:|---:|---:|---:|")
	runs := func(t string) string { return fmt.Sprintf("%d of %d", len(b.net[mRPS][t]), b.reps) }
	p("| runs that completed | %s | %s | %s | |", runs(tXen), runs(tDomU), runs(tDom0))
	for _, r := range netRows() {
		m := b.net[r.metric]
		x, d := median(m[tXen]), median(m[tDomU])
		p("| %s | %s | %s | %s | %s |", r.label, spread(m[tXen]), spread(m[tDomU]), spread(m[tDom0]), ratio(x, d))
	}
	p("")
}

// netRows are the network metrics as the tables show them.
func netRows() []struct{ metric, label string } {
	return []struct{ metric, label string }{
		{mRPS, "HTTP requests/s (wrk, 10 connections)"},
		{mP50, "HTTP latency p50, ms"},
		{mP99, "HTTP latency p99, ms"},
		{mSend, fmt.Sprintf("guest -> dom0, MiB/s (%d MiB, curl)", netSendMiB)},
		{mRecv, "dom0 -> guest, MiB/s (16 MiB, Go's http.Get in the guest)"},
	}
}

// spread is "median (min-max)" of xs, or "-" without runs.
func spread(xs []float64) string {
	if len(xs) == 0 {
		return "-"
	}
	if len(xs) == 1 {
		return num(xs[0])
	}
	return fmt.Sprintf("%s (%s-%s)", num(median(xs)), num(slices.Min(xs)), num(slices.Max(xs)))
}
