package main

import "testing"

func TestParseBench(t *testing.T) {
	out := "goos: xen\nBenchmarkChanSync \t  1000\t  1234 ns/op\nBenchmarkHash1K   50  20.5 ns/op  50.0 MB/s\nPASS\nBenchmarkBroken oops\n"
	got := parseBench(out)
	if len(got) != 2 || got[0].name != "BenchmarkChanSync" || got[0].nsPerOp != 1234 || got[1].nsPerOp != 20.5 {
		t.Fatalf("parseBench = %+v", got)
	}
	if got[1].raw != "BenchmarkHash1K\t50\t20.5\tns/op\t50.0\tMB/s" {
		t.Errorf("raw = %q", got[1].raw)
	}
}
