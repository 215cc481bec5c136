package main

import (
	"fmt"
	"math"
)

const smpHeading = "SMP: 1 and 2 vCPUs"

// Goals of the smp section: xen's speed-up from the second vCPU at least the Linux domU's, and
// xen's requests/s at 2 vCPUs at least the Linux domU's.
const (
	goalSpeedup = 1.0 // xen speed-up / linux-domU speed-up
	goalRPS     = 1.0 // xen req/s / linux-domU req/s, 2 vCPUs
)

// reportSMP writes the smp section: parallel's times and speed-ups, then the network metrics,
// each at 1 and 2 vCPUs, medians with the range of the runs.
func (b *bench) reportSMP(p printer) {
	s := b.smp
	p("## %s", smpHeading)
	p("")
	p("The xen and linux-domU guests of the sections above (%d MB) with `vcpus = 1` and with", guestMem)
	p("`vcpus = 2`; the programs see `runtime.NumCPU()` and `GOMAXPROCS` equal to the vCPUs (checked")
	p("on every run). dom0's job runner pins a 1-vCPU guest to one physical CPU; a 2-vCPU guest runs")
	p("on both of the machine's 2 physical CPUs, which it shares with dom0 (2 vCPUs: the job runner,")
	p("xenconsoled, and wrk for the network rows). dom0 as a target takes no part. Runs go xen 1 vCPU,")
	p("xen 2, linux-domU 1, linux-domU 2 for `parallel`, then the same for the network, then the")
	p("next repetition; %d repetitions; cells are the median and, in brackets, the smallest and", b.reps)
	p("largest run.")
	p("")
	p("**Goals:** xen's speed-up from the second vCPU at least the Linux domU's (the last column")
	p("of the first table, xen/linux-domU, at least %.2fx), and xen's HTTP requests/s at 2 vCPUs at", goalSpeedup)
	p("least %.1fx the Linux domU's.", goalRPS)
	p("")
	xsp := median(speedups(s[sElapsed][smpKey{tXen, 1}], s[sElapsed][smpKey{tXen, 2}]))
	dsp := median(speedups(s[sElapsed][smpKey{tDomU, 1}], s[sElapsed][smpKey{tDomU, 2}]))
	x2, d2 := median(valid(s[mRPS][smpKey{tXen, 2}])), median(valid(s[mRPS][smpKey{tDomU, 2}]))
	p("- speed-up (whole run): xen %s, linux-domU %s: xen/linux-domU %s, %s.",
		times(xsp), times(dsp), ratio(xsp, dsp), goalVerdict(xsp/dsp, goalSpeedup))
	p("- requests/s at 2 vCPUs: xen %s, linux-domU %s: xen/linux-domU %s, %s.",
		num(x2), num(d2), ratio(x2, d2), goalVerdict(x2/d2, goalRPS))
	p("")
	p("### Parallel CPU and GC work")
	p("")
	p("`bench/progs/parallel` splits a fixed amount of work evenly over GOMAXPROCS goroutines, in")
	p("two phases timed by the program: **CPU**, 32 items of 2^24 rounds of an xorshift mix (no")
	p("memory traffic), then **allocation**, 32 items of two binary trees of 32 Ki nodes each built")
	p("and counted beside a long-lived tree of 128 Ki nodes (the collector runs often and marks")
	p("with every P). The **speed-up** is t(1 vCPU)/t(2 vCPUs) of the runs of the same repetition;")
	p("2.00x would be perfect. Times in ms.")
	p("")
	p("| median (min-max) | 1 vCPU | 2 vCPUs | speed-up | xen/linux-domU speed-up |")
	p("|---|---:|---:|---:|---:|")
	for _, t := range smpTargets {
		c := func(v int) string {
			return fmt.Sprintf("%d of %d", len(valid(s[sElapsed][smpKey{t, v}])), b.reps)
		}
		p("| %s: runs that completed | %s | %s | | |", t, c(1), c(2))
		for _, r := range []struct{ metric, label string }{{sElapsed, "whole run"}, {sCPU, "CPU phase"}, {sGC, "allocation phase"}} {
			t1, t2 := s[r.metric][smpKey{t, 1}], s[r.metric][smpKey{t, 2}]
			sp := speedups(t1, t2)
			vs := ""
			if t == tXen {
				d := speedups(s[r.metric][smpKey{tDomU, 1}], s[r.metric][smpKey{tDomU, 2}])
				vs = ratio(median(sp), median(d))
			}
			p("| %s: %s | %s | %s | %s | %s |", t, r.label, spread(valid(t1)), spread(valid(t2)), spreadX(sp), vs)
		}
		p("| %s: collections in the allocation phase | %s | %s | | |", t,
			spreadCount(valid(s[sNumGC][smpKey{t, 1}])), spreadCount(valid(s[sNumGC][smpKey{t, 2}])))
	}
	p("")
	p("### HTTP")
	p("")
	p("The network section's server (`bench/progs/netserve`, on the bridge with the same addresses)")
	p("and load (`%s`, one warm-up request, then the %d MiB download and the", wrkCmd, netSendMiB)
	p("guest's 16 MiB fetch), with 1 and 2 vCPUs. For requests/s and MiB/s a ratio above 1.00x means")
	p("the unikernel is faster; for latency, below 1.00x.")
	p("")
	p("| median (min-max) | xen 1 vCPU | xen 2 vCPUs | linux-domU 1 vCPU | linux-domU 2 vCPUs | xen/linux-domU, 1 vCPU | xen/linux-domU, 2 vCPUs |")
	p("|---|---:|---:|---:|---:|---:|---:|")
	cols := []smpKey{{tXen, 1}, {tXen, 2}, {tDomU, 1}, {tDomU, 2}}
	row := "| runs that completed |"
	for _, k := range cols {
		row += fmt.Sprintf(" %d of %d |", len(valid(s[mRPS][k])), b.reps)
	}
	p("%s | |", row)
	for _, r := range netRows() {
		row := "| " + r.label + " |"
		for _, k := range cols {
			row += " " + spread(valid(s[r.metric][k])) + " |"
		}
		for _, v := range smpVCPUs {
			row += " " + ratio(median(valid(s[r.metric][smpKey{tXen, v}])), median(valid(s[r.metric][smpKey{tDomU, v}]))) + " |"
		}
		p("%s", row)
	}
	p("")
}

// goalVerdict says whether a ratio meets its goal (at least goal).
func goalVerdict(r, goal float64) string {
	switch {
	case math.IsNaN(r) || math.IsInf(r, 0):
		return "goal not measured"
	case r >= goal:
		return "goal met"
	}
	return "**goal not met**"
}

// times formats a speed-up as "1.23x" ("-" when undefined).
func times(x float64) string { return ratio(x, 1) }

// spreadX is spread for ratios: "1.50x (1.40x-1.60x)".
func spreadX(xs []float64) string {
	if len(xs) == 0 {
		return "-"
	}
	if len(xs) == 1 {
		return times(xs[0])
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	return fmt.Sprintf("%s (%s-%s)", times(median(xs)), times(lo), times(hi))
}

// spreadCount is spread for counts: "9 (8-10)".
func spreadCount(xs []float64) string {
	if len(xs) == 0 {
		return "-"
	}
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = min(lo, x), max(hi, x)
	}
	if lo == hi {
		return fmt.Sprintf("%.0f", median(xs))
	}
	return fmt.Sprintf("%.0f (%.0f-%.0f)", median(xs), lo, hi)
}
