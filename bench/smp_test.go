package main

import (
	"math"
	"slices"
	"testing"
)

func TestSpeedups(t *testing.T) {
	nan := math.NaN()
	got := speedups([]float64{200, nan, 300, 100}, []float64{100, 50, 0, 80, 70})
	if want := []float64{2, 1.25}; !slices.Equal(got, want) {
		t.Errorf("speedups = %v, want %v", got, want)
	}
	if v := valid([]float64{1, nan, 3}); !slices.Equal(v, []float64{1, 3}) {
		t.Errorf("valid = %v", v)
	}
}

func TestSMPResultsSet(t *testing.T) {
	s := smpResults{}
	k := smpKey{tXen, 2}
	s.set(sElapsed, k, 2, 3, 42)
	xs := s[sElapsed][k]
	if len(xs) != 3 || !math.IsNaN(xs[0]) || xs[1] != 42 || !math.IsNaN(xs[2]) {
		t.Errorf("after set(rep 2 of 3) = %v", xs)
	}
	s.set(sElapsed, k, 1, 3, 7)
	if xs := s[sElapsed][k]; xs[0] != 7 || xs[1] != 42 {
		t.Errorf("after set(rep 1 of 3) = %v", xs)
	}
}

func TestParseParallel(t *testing.T) {
	line := "boot noise\nparallel ok procs=2 ncpu=2 elapsed_ms=2996 cpu_ms=213 gc_ms=2780 num_gc=17\n"
	m, err := parseParallel(&result{status: 0, out: line}, 2)
	if err != nil || m[sElapsed] != 2996 || m[sCPU] != 213 || m[sGC] != 2780 || m[sNumGC] != 17 {
		t.Errorf("parseParallel = %v, %v", m, err)
	}
	if _, err := parseParallel(&result{status: 0, out: line}, 1); err == nil {
		t.Error("GOMAXPROCS=2 in a 1-vCPU domain was accepted")
	}
	if _, err := parseParallel(&result{status: 2, out: line}, 2); err == nil {
		t.Error("a failed run was accepted")
	}
	if _, err := parseParallel(&result{status: 0, out: "parallel ok procs=2 ncpu=2 elapsed_ms=5\n"}, 2); err == nil {
		t.Error("a line without the phases was accepted")
	}
}

func TestGoalVerdict(t *testing.T) {
	for _, c := range []struct {
		r    float64
		want string
	}{{1.2, "goal met"}, {1, "goal met"}, {0.99, "**goal not met**"}, {math.NaN(), "goal not measured"}, {math.Inf(1), "goal not measured"}} {
		if got := goalVerdict(c.r, 1); got != c.want {
			t.Errorf("goalVerdict(%v) = %q, want %q", c.r, got, c.want)
		}
	}
	if got := spreadX([]float64{1.5, 1.4, 1.6}); got != "1.50x (1.40x-1.60x)" {
		t.Errorf("spreadX = %q", got)
	}
	if got := spreadCount([]float64{10, 9, 8}); got != "9 (8-10)" {
		t.Errorf("spreadCount = %q", got)
	}
	if got := spreadCount([]float64{8, 8}); got != "8" {
		t.Errorf("spreadCount = %q", got)
	}
}
