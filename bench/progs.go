package main

import (
	"fmt"
	"strings"
	"time"
)

// Programs whose whole run is measured: hello (boot), gcheavy and httpserver (their own
// elapsed_ms, printed by the program).
var programs = []string{"hello", "gcheavy", "httpserver"}

var programWant = map[string]string{"hello": "hello, world", "gcheavy": "gcheavy ok", "httpserver": "httpserver ok"}

// runPrograms boots each program reps times on every target, interleaved (xen, linux-domU,
// dom0, xen, ...), with guestMem MB for the domUs.
func (b *bench) runPrograms() error {
	for _, name := range programs {
		if err := b.h.stage(b.progs[name].files()); err != nil {
			return err
		}
	}
	for rep := 1; rep <= b.reps; rep++ {
		for _, name := range programs {
			p := b.progs[name]
			for _, t := range targets {
				r, err := b.run(t, p, nil, guestMem, 2*time.Minute, programWant[name])
				if err != nil {
					return err
				}
				if !r.ok(programWant[name]) {
					b.failf("%s on %s (rep %d): status %d\n%s%s", name, t, rep, r.status, tail(r.out), tail(r.stderr))
					continue
				}
				if name == "hello" {
					if t != tDom0 {
						b.boot[t+"/line"] = append(b.boot[t+"/line"], r.lineMs)
					}
					b.boot[t+"/gone"] = append(b.boot[t+"/gone"], r.goneMs)
				} else {
					b.addProgMs(name, t, atof(fields(lineWith(r.out, programWant[name]))["elapsed_ms"]))
				}
				b.progress("programs rep %d/%d: %s on %s: %s", rep, b.reps, name, t, describe(r))
			}
		}
	}
	return nil
}

func (b *bench) addProgMs(name, t string, ms float64) {
	if b.progMs[name] == nil {
		b.progMs[name] = map[string][]float64{}
	}
	b.progMs[name][t] = append(b.progMs[name][t], ms)
}

func describe(r *result) string {
	s := fmt.Sprintf("status %d, gone %s ms", r.status, num(r.goneMs))
	if r.lineMs >= 0 {
		s += fmt.Sprintf(", output %s ms", num(r.lineMs))
	}
	return s
}

func lineWith(out, s string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// tail is the last lines of s (for failure reports).
func tail(s string) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > 15 {
		l = l[len(l)-15:]
	}
	if len(l) == 1 && l[0] == "" {
		return ""
	}
	return strings.Join(l, "\n") + "\n"
}
