package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"time"
)

// The smp stage: the same domUs with 1 and with 2 vCPUs. bench/progs/parallel measures how a
// fixed amount of CPU and allocation work speeds up with the second vCPU, and the network
// stage's server and load (netserve, wrk) measure requests/s at each size. dom0 takes no part
// (its processes run with GOMAXPROCS=1 and share dom0's vCPUs with the job runner).
var (
	smpVCPUs   = []int{1, 2}
	smpTargets = []string{tXen, tDomU}
)

// Metrics of bench/progs/parallel, keys of bench.smp beside the network metrics (mRPS, ...).
const (
	sElapsed = "elapsed" // ms, both phases
	sCPU     = "cpu"     // ms, the pure-CPU phase
	sGC      = "gc"      // ms, the allocation phase
	sNumGC   = "num_gc"  // collections in the allocation phase
)

// smpKey is one column of the smp stage: a target with a number of vCPUs.
type smpKey struct {
	target string
	vcpus  int
}

// smpResults holds the smp stage's values: metric -> column -> one value per repetition, NaN
// where that run failed, so that runs of the same repetition pair up for speed-ups.
type smpResults map[string]map[smpKey][]float64

func (s smpResults) set(metric string, k smpKey, rep, reps int, v float64) {
	if s[metric] == nil {
		s[metric] = map[smpKey][]float64{}
	}
	xs := s[metric][k]
	for len(xs) < reps {
		xs = append(xs, math.NaN())
	}
	xs[rep-1] = v
	s[metric][k] = xs
}

// runSMP runs, reps times, parallel and then netserve on every target with 1 and 2 vCPUs
// (xen 1, xen 2, linux-domU 1, linux-domU 2, then the same for the network, then the next
// repetition), guestMem MB each.
func (b *bench) runSMP() error {
	par, err := b.buildProg("parallel")
	if err != nil {
		return err
	}
	srv, err := b.buildNetProg()
	if err != nil {
		return err
	}
	if err := b.h.stage(par.files()); err != nil {
		return err
	}
	if err := b.h.stage(srv.files()); err != nil {
		return err
	}
	b.smp = smpResults{}
	b.h.dom0("while [ ! -e /run/harness/net-ready ]; do sleep 1; done", 5*time.Minute)
	for rep := 1; rep <= b.reps; rep++ {
		for _, t := range smpTargets {
			for _, v := range smpVCPUs {
				b.smpParallel(par, smpKey{t, v}, rep)
			}
		}
		for _, t := range smpTargets {
			for _, v := range smpVCPUs {
				b.smpNetwork(srv, smpKey{t, v}, rep)
			}
		}
	}
	return nil
}

// smpParallel is one run of parallel; a failed run is recorded, with the guest's console kept
// in results/smp-parallel-TARGET-NvCPU-REP.txt.
func (b *bench) smpParallel(p *prog, k smpKey, rep int) {
	r, err := b.runDomU(k.target, p, nil, domU{mem: guestMem, vcpus: k.vcpus}, 3*time.Minute, "")
	log := filepath.Join(b.work, "results", fmt.Sprintf("smp-parallel-%s-%dvcpu-%d.txt", k.target, k.vcpus, rep))
	if err != nil {
		b.failf("smp: parallel on %s with %d vCPUs (rep %d): %v", k.target, k.vcpus, rep, err)
		return
	}
	os.WriteFile(log, []byte(r.out+"\n---- go_xen_amd64_exec ----\n"+r.stderr), 0o644)
	m, err := parseParallel(r, k.vcpus)
	if err != nil {
		b.failf("smp: parallel on %s with %d vCPUs (rep %d): %v (console: %s)\n%s%s%s", k.target, k.vcpus, rep, err, log,
			crashLines(r.out), tail(r.out), tail(r.stderr))
		return
	}
	for metric, v := range m {
		b.smp.set(metric, k, rep, b.reps, v)
	}
	b.progress("smp rep %d/%d: parallel on %s with %d vCPUs: %s ms (CPU %s, allocation %s, %.0f GCs)", rep, b.reps,
		k.target, k.vcpus, num(m[sElapsed]), num(m[sCPU]), num(m[sGC]), m[sNumGC])
}

// parseParallel checks a run of parallel (its status, and that GOMAXPROCS and NumCPU are the
// domain's vCPUs) and returns its times.
func parseParallel(r *result, vcpus int) (map[string]float64, error) {
	if !r.ok("parallel ok") {
		return nil, fmt.Errorf("status %d, no \"parallel ok\" line", r.status)
	}
	f := fields(lineWith(r.out, "parallel ok"))
	if procs, ncpu := atof(f["procs"]), atof(f["ncpu"]); procs != float64(vcpus) || ncpu != float64(vcpus) {
		return nil, fmt.Errorf("GOMAXPROCS=%s and NumCPU=%s in a domain with %d vCPUs", f["procs"], f["ncpu"], vcpus)
	}
	m := map[string]float64{}
	for metric, field := range map[string]string{sElapsed: "elapsed_ms", sCPU: "cpu_ms", sGC: "gc_ms", sNumGC: "num_gc"} {
		v := atof(f[field])
		if v < 0 {
			return nil, fmt.Errorf("no %s in %q", field, lineWith(r.out, "parallel ok"))
		}
		m[metric] = v
	}
	return m, nil
}

// smpNetwork is one run of the network load against netserve; a failed run is recorded, with
// the guest's console and dom0's output kept in results/smp-network-TARGET-NvCPU-REP.txt.
func (b *bench) smpNetwork(p *prog, k smpKey, rep int) {
	b.h.dom0("ip neigh flush dev xenbr0", time.Minute)
	out, load, err := b.netGuest(k.target, p, k.vcpus)
	log := filepath.Join(b.work, "results", fmt.Sprintf("smp-network-%s-%dvcpu-%d.txt", k.target, k.vcpus, rep))
	os.WriteFile(log, []byte(out+"\n---- dom0 ----\n"+load), 0o644)
	var m map[string]float64
	if err == nil {
		m, err = parseNet(out, load)
	}
	if err != nil {
		b.failf("smp: network on %s with %d vCPUs (rep %d): %v (full output: %s)\n%s%s%s", k.target, k.vcpus, rep, err, log,
			crashLines(out), tail(out), tail(load))
		return
	}
	for metric, v := range m {
		b.smp.set(metric, k, rep, b.reps, v)
	}
	b.progress("smp rep %d/%d: network on %s with %d vCPUs: %.0f req/s, p50 %.2f ms, p99 %.2f ms", rep, b.reps,
		k.target, k.vcpus, m[mRPS], m[mP50], m[mP99])
}

// speedups pairs the runs of the same repetition, t1[i]/t2[i], leaving out failed ones (NaN).
func speedups(t1, t2 []float64) []float64 {
	var s []float64
	for i := range min(len(t1), len(t2)) {
		if r := t1[i] / t2[i]; !math.IsNaN(r) && !math.IsInf(r, 0) && t2[i] > 0 {
			s = append(s, r)
		}
	}
	return s
}

// valid is xs without the failed runs (NaN).
func valid(xs []float64) []float64 {
	var v []float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	return v
}
