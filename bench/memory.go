package main

import (
	"fmt"
	"strings"
	"time"
)

// memStep is the granularity of the coarse search (MB); the last step is searched by the MB.
const memStep = 4

// memProgs are the programs whose smallest domain memory is searched for.
var memProgs = []string{"hello", "gcheavy", "httpserver"}

// findMinMemory bisects, for each program and domU kind, the smallest memory (MB) in which the
// program still runs to its expected output.
func (b *bench) findMinMemory() error {
	for _, name := range memProgs {
		p := b.progs[name]
		if err := b.h.stage(p.files()); err != nil {
			return err
		}
		for _, t := range []string{tXen, tDomU} {
			works := func(mem int) (bool, error) {
				r, err := b.run(t, p, nil, mem, time.Minute, "")
				if err != nil {
					return false, err
				}
				ok := r.ok(programWant[name])
				how := "runs"
				if !ok {
					how = fmt.Sprintf("fails (status %d%s)", r.status, firstLineOf(r.stderr))
				}
				b.progress("memory: %s on %s with %d MB: %s", name, t, mem, how)
				return ok, nil
			}
			mem, err := smallestWorking(works)
			if err != nil {
				return err
			}
			if mem < 0 {
				b.failf("memory: %s on %s fails even with %d MB", name, t, guestMem)
				continue
			}
			if b.minMem[name] == nil {
				b.minMem[name] = map[string]int{}
			}
			b.minMem[name][t] = mem
		}
	}
	return nil
}

// smallestWorking finds the smallest memory (MB), up to guestMem, for which works is true,
// taking works to be monotonic; -1 when even guestMem fails. It bisects multiples of memStep
// MB (guestMem/2 first, then the upper or the lower half), then the MBs of the last step.
func smallestWorking(works func(mb int) (bool, error)) (int, error) {
	lo, hi := 1, guestMem/2/memStep // steps below lo fail (none tried), hi steps work
	ok, err := works(hi * memStep)
	if err != nil {
		return 0, err
	}
	if !ok {
		lo, hi = hi+1, guestMem/memStep
		if ok, err = works(hi * memStep); err != nil || !ok {
			return -1, err
		}
	}
	for lo < hi {
		mid := (lo + hi) / 2
		ok, err := works(mid * memStep)
		if err != nil {
			return 0, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	// (hi-1)*memStep MB fails (or was not tried, at the bottom), hi*memStep works.
	lo, hi = (hi-1)*memStep+1, hi*memStep
	for lo < hi {
		mid := (lo + hi) / 2
		ok, err := works(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi, nil
}

// firstLineOf is ": " and the first line of go_xen_amd64_exec's diagnostics other than
// warnings, or "".
func firstLineOf(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l != "" && !strings.Contains(l, "warning") {
			return ": " + l
		}
	}
	return ""
}
