package main

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestPercentile(t *testing.T) {
	xs := make([]float64, 200)
	for i := range xs {
		xs[i] = float64(200 - i) // 200, 199, ..., 1
	}
	for _, c := range []struct{ p, want float64 }{{99, 198}, {50, 100}, {100, 200}, {0.1, 1}} {
		if got := percentile(xs, c.p); got != c.want {
			t.Errorf("percentile(1..200, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile([]float64{5, 1, 3}, 99); got != 5 {
		t.Errorf("percentile of 3 values, 99 = %v, want the largest", got)
	}
	if !math.IsNaN(percentile(nil, 50)) || !math.IsNaN(percentile(xs, 0)) {
		t.Error("percentile of nothing, or the 0th, is not NaN")
	}
	if xs[0] != 200 {
		t.Error("percentile sorted its argument")
	}
}

func TestParseList(t *testing.T) {
	xs, err := parseList("3,1,2")
	if err != nil || len(xs) != 3 || xs[0] != 3 || xs[2] != 2 {
		t.Errorf("parseList = %v, %v", xs, err)
	}
	for _, bad := range []string{"", "1,,2", "1,x", "NaN"} {
		if _, err := parseList(bad); err == nil {
			t.Errorf("parseList(%q) accepted", bad)
		}
	}
}

// diskioOutput is what a run of diskio prints: writes in 1000 ms, reads in 500 ms, latencies
// 1..storageSyncs ms (overwrite) and twice that (append), 100 files in 2 s.
func diskioOutput(dropcache int) string {
	var over, app []string
	for i := 1; i <= storageSyncs; i++ {
		over = append(over, fmt.Sprint(i*1000))
		app = append(app, fmt.Sprint(i*2000))
	}
	return fmt.Sprintf("boot noise\ndiskio write bytes=%d ms=1000.000\ndiskio read bytes=%[1]d ms=500.0 dropcache=%d\n"+
		"diskio overwrite us=%s\ndiskio append us=%s\ndiskio files n=100 ms=2000\ndiskio ok\n",
		64<<20, dropcache, strings.Join(over, ","), strings.Join(app, ","))
}

func TestParseDiskio(t *testing.T) {
	m, err := parseDiskio(&result{status: 0, out: diskioOutput(1)})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{dWrite: 64, dRead: 128, dOverP50: 100.5, dOverP99: 198, dAppP50: 201, dAppP99: 396,
		dFiles: 50, dDropped: 1}
	for k, v := range want {
		if math.Abs(m[k]-v) > 1e-9 {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	if m, err := parseDiskio(&result{status: 0, out: diskioOutput(0)}); err != nil || m[dDropped] != 0 {
		t.Errorf("dropcache=0: %v, %v", m, err)
	}
	bad := map[string]*result{
		"failed":           {status: 1, out: diskioOutput(1)},
		"no ok line":       {status: 0, out: strings.Replace(diskioOutput(1), "diskio ok", "", 1)},
		"no drop flag":     {status: 0, out: strings.Replace(diskioOutput(1), " dropcache=1", "", 1)},
		"short fsync list": {status: 0, out: strings.Replace(diskioOutput(1), "us=1000,", "us=", 1)},
		"no read time":     {status: 0, out: strings.Replace(diskioOutput(1), " ms=500.0", "", 1)},
		"no files":         {status: 0, out: strings.Replace(diskioOutput(1), "diskio files n=100 ms=2000\n", "", 1)},
	}
	for name, r := range bad {
		if _, err := parseDiskio(r); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
