package main

import (
	"maps"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestImportReportRoundTrip(t *testing.T) {
	run := &StdRun{
		Meta:    Meta{Date: "2026-11-23 18:48 UTC", Toolchain: "go1.27.4-xen.1", Secs: 2733, Load: "5.34 12.03 13.65 -> 4.84 5.10 6.10"},
		Mode:    "all std packages with test files",
		Timeout: "2m0s",
		Mem:     512,
		Updates: []Update{{Meta: Meta{Date: "2026-11-24 01:08 UTC", Toolchain: "go1.27.4-xen.1", Secs: 1924, Load: "0.85 -> 1.03"}, Mode: "packages matching ^(a|b)$", Count: 2}},
		Packages: []*PkgResult{
			{Pkg: "bytes", Results: map[string]Result{
				"linux": {Outcome: outOK, Secs: 0.3},
				"xen":   {Outcome: outOK, Secs: 41.7, Pass: 159},
			}},
			{Pkg: "crypto/cipher", Results: map[string]Result{
				"linux": {Outcome: outOK, Secs: 43.2},
				"xen":   {Outcome: outFail, Secs: 194.8, Pass: 14, Kind: "timeout", Reason: "timeout in TestCTRStream (1s); a|b <c> *d* e_f"},
			}},
			{Pkg: "net", Expected: "no network device", Results: map[string]Result{
				"linux": {Outcome: outOK, Secs: 10.9},
				"xen":   {Outcome: outNotRun, Reason: "not run: the run's -deadline had passed"},
			}},
			{Pkg: "syscall", Expected: "no kernel", Results: map[string]Result{
				"linux": {Outcome: outFail, Secs: 120, Kind: "test", Reason: "failed: TestPidFD (x)"},
				"xen":   {Outcome: outNotRun, Reason: "not run"},
			}},
			{Pkg: "reflect", Results: map[string]Result{
				"linux": {Outcome: outOK, Secs: 2.5},
				"xen":   {Outcome: outFail, Secs: 15, Pass: 2, Kind: "crash", Reason: "exit status 2: fatal error"},
			}},
			{Pkg: "internal/copyright", Results: map[string]Result{
				"linux": {Outcome: outFail, Secs: 0.4, Reason: "failed: TestCopyright"},
				"xen":   {Outcome: outOK, Secs: 2.9, Pass: 1},
			}},
			{Pkg: "embed", Results: map[string]Result{
				"linux": {Outcome: outNoTests, Secs: 0},
				"xen":   {Outcome: outNoTests, Secs: 3.4},
			}},
		},
	}
	sortRows(run.Packages)
	got, err := importReport(report(run, nil, "", nil))
	if err != nil {
		t.Fatal(err)
	}
	// The report shows the linux failure's reason but not its class.
	want := *run
	want.Packages = nil
	for _, row := range run.Packages {
		row := &PkgResult{Pkg: row.Pkg, Expected: row.Expected, Results: maps.Clone(row.Results)}
		want.Packages = append(want.Packages, row)
		if row.Pkg == "syscall" {
			l := row.Results["linux"]
			l.Kind = ""
			row.Results["linux"] = l
		}
	}
	if !reflect.DeepEqual(got.Meta, want.Meta) || got.Mode != want.Mode || got.Timeout != want.Timeout || got.Mem != want.Mem ||
		!reflect.DeepEqual(got.Updates, want.Updates) {
		t.Errorf("run: got %+v\nwant %+v", got, want)
	}
	if len(got.Packages) != len(want.Packages) {
		t.Fatalf("%d rows, want %d", len(got.Packages), len(want.Packages))
	}
	for i, row := range got.Packages {
		if !reflect.DeepEqual(row, want.Packages[i]) {
			t.Errorf("row %d:\ngot  %+v\nwant %+v", i, *row, *want.Packages[i])
		}
	}
	// Rendering the imported run gives the same report.
	if a, b := report(got, nil, "", nil), report(run, nil, "", nil); a != b {
		t.Errorf("report of the imported run differs:\n%s\n---\n%s", a, b)
	}
}

// The committed report must stay importable, or -merge breaks.
func TestImportCommittedReport(t *testing.T) {
	md, err := os.ReadFile("../../docs/std-conformance.md")
	if err != nil {
		t.Fatal(err)
	}
	run, err := importReport(string(md))
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Packages) < 200 {
		t.Errorf("%d packages imported, want the whole table", len(run.Packages))
	}
	patched, err := readTestPatches("../../patches")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(report(run, nil, "", patched), "\n")
	want := strings.Split(string(md), "\n")
	for i := range got {
		if i >= len(want) || got[i] != want[i] {
			t.Fatalf("line %d of the re-rendered report differs:\ngot  %q\nwant %q", i+1, got[i], want[min(i, len(want)-1)])
		}
	}
}
