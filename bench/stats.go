package main

import (
	"fmt"
	"math"
	"sort"
)

// median of xs (NaN when empty).
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// percentile is the p-th percentile (0 < p <= 100) of xs by the nearest-rank method: the
// smallest x such that at least p% of xs are at most x (NaN when empty).
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 || p <= 0 || p > 100 {
		return math.NaN()
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[int(math.Ceil(p*float64(len(s))/100))-1] // p*n is exact for whole p and n
}

// geomean of the positive, finite xs (NaN when none).
func geomean(xs []float64) float64 {
	sum, n := 0.0, 0
	for _, x := range xs {
		if x > 0 && !math.IsInf(x, 0) && !math.IsNaN(x) {
			sum += math.Log(x)
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return math.Exp(sum / float64(n))
}

// num formats a measurement with 3 significant digits ("-" for NaN).
func num(x float64) string {
	switch {
	case math.IsNaN(x):
		return "-"
	case math.Abs(x) >= 100:
		return fmt.Sprintf("%.0f", x)
	case math.Abs(x) >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.3g", x)
}

// ratio formats a/b as "1.23x" ("-" when undefined).
func ratio(a, b float64) string {
	r := a / b
	if math.IsNaN(r) || math.IsInf(r, 0) || b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2fx", r)
}

// addMetric appends v to the values of metric for target t in *m (metric -> target -> values),
// making the maps as needed.
func addMetric(m *map[string]map[string][]float64, metric, t string, v float64) {
	if *m == nil {
		*m = map[string]map[string][]float64{}
	}
	if (*m)[metric] == nil {
		(*m)[metric] = map[string][]float64{}
	}
	(*m)[metric][t] = append((*m)[metric][t], v)
}
