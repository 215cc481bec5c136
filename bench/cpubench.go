package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// runSuites runs each suite's test binary reps times on every target, interleaved, keeps the
// ns/op of every benchmark and appends the raw lines to results/TARGET.txt for benchstat.
func (b *bench) runSuites() error {
	raw := map[string]*os.File{}
	for _, t := range targets {
		f, err := os.Create(filepath.Join(b.work, "results", t+".txt"))
		if err != nil {
			return err
		}
		defer f.Close()
		raw[t] = f
	}
	for i, s := range b.suites {
		b.progress("suite %d/%d: building %s for xen and linux", i+1, len(b.suites), s.pkg)
		p, err := b.buildTest(s.name, s.pkg)
		if err != nil {
			return err
		}
		if err := b.h.stage(p.files()); err != nil {
			return err
		}
		args := []string{"-test.run=^$", "-test.bench=" + s.bench, "-test.benchtime=" + b.benchtime, "-test.timeout=20m"}
		for rep := 1; rep <= b.reps; rep++ {
			for _, t := range targets {
				t0 := time.Now()
				r, err := b.run(t, p, args, guestMem, 5*time.Minute, "")
				if err != nil {
					return err
				}
				lines := parseBench(r.out)
				if r.status != 0 || len(lines) == 0 {
					b.failf("suite %s on %s (rep %d): status %d, %d results\n%s%s", s.name, t, rep, r.status, len(lines), tail(r.out), tail(r.stderr))
					continue
				}
				fmt.Fprintf(raw[t], "pkg: %s\n", s.pkg)
				for _, l := range lines {
					fmt.Fprintln(raw[t], l.raw)
					b.addCPU(s.pkg, l.name, t, l.nsPerOp)
				}
				b.progress("suite %s rep %d/%d on %s: %d benchmarks in %.0fs", s.name, rep, b.reps, t, len(lines), time.Since(t0).Seconds())
			}
		}
		if err := b.h.unstage(p.stagedNames()...); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) addCPU(pkg, name, t string, ns float64) {
	k := pkg + "\t" + name
	if b.cpu[k] == nil {
		b.cpu[k] = map[string][]float64{}
		b.cpuKeys = append(b.cpuKeys, k)
	}
	b.cpu[k][t] = append(b.cpu[k][t], ns)
}

type benchLine struct {
	name    string
	nsPerOp float64
	raw     string
}

// parseBench picks the result lines ("BenchmarkX  N  V ns/op ...") out of a test binary's output.
func parseBench(out string) []benchLine {
	var res []benchLine
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		for i := 2; i+1 < len(f); i += 2 {
			if f[i+1] == "ns/op" {
				if v, err := strconv.ParseFloat(f[i], 64); err == nil {
					res = append(res, benchLine{name: f[0], nsPerOp: v, raw: strings.Join(f, "\t")})
				}
				break
			}
		}
	}
	return res
}
