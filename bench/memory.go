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

// memConfirmRuns is how many times in a row a program must run at a memory size for it to
// count as the smallest domain it runs in: bisection finds a size that worked once, and a
// size that works only some of the time is not one a user can count on.
const memConfirmRuns = 10

// findMinMemory bisects, for each program and domU kind, the smallest memory (MB) in which the
// program runs to its expected output once, then goes up from there by the MB to the first
// size where it does so memConfirmRuns times in a row.
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
			once, err := smallestWorking(works)
			if err != nil {
				return err
			}
			if once < 0 {
				b.failf("memory: %s on %s fails even with %d MB", name, t, guestMem)
				continue
			}
			always, err := smallestReliable(works, once)
			if err != nil {
				return err
			}
			if b.minMem[name] == nil {
				b.minMem[name] = map[string]int{}
				b.minMemOnce[name] = map[string]int{}
			}
			b.minMemOnce[name][t] = once
			if always < 0 {
				b.failf("memory: %s on %s does not run %d times in a row even with %d MB", name, t, memConfirmRuns, guestMem)
				continue
			}
			b.minMem[name][t] = always
		}
	}
	return nil
}

// smallestReliable is the first memory size from mb up, by the MB, in which works holds
// memConfirmRuns times in a row; -1 when none does up to guestMem.
func smallestReliable(works func(mb int) (bool, error), mb int) (int, error) {
	for ; mb <= guestMem; mb++ {
		runs := 0
		for runs < memConfirmRuns {
			ok, err := works(mb)
			if err != nil {
				return 0, err
			}
			if !ok {
				break
			}
			runs++
		}
		if runs == memConfirmRuns {
			return mb, nil
		}
	}
	return -1, nil
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
