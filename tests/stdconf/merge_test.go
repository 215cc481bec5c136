package main

import "testing"

func TestMerge(t *testing.T) {
	row := func(pkg, xen string) *PkgResult {
		return &PkgResult{Pkg: pkg, Results: map[string]Result{"xen": {Outcome: xen}}}
	}
	full := &StdRun{Mode: "all", Packages: []*PkgResult{row("bytes", "FAIL"), row("net", "not run"), row("sort", "ok")}}
	part := &StdRun{Meta: Meta{Date: "later"}, Mode: "packages matching x", Packages: []*PkgResult{row("net", "ok"), row("bytes", "ok"), row("new", "ok")}}
	full.merge(part)
	got := map[string]string{}
	for _, r := range full.Packages {
		got[r.Pkg] = r.Results["xen"].Outcome
	}
	want := map[string]string{"bytes": "ok", "net": "ok", "sort": "ok", "new": "ok"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if len(full.Packages) != 4 || len(full.Updates) != 1 || full.Updates[0].Count != 3 || full.Updates[0].Date != "later" {
		t.Errorf("rows %d, updates %+v", len(full.Packages), full.Updates)
	}
}

func TestProgsResume(t *testing.T) {
	row := func(name, linux, xen string) *ProgResult {
		return &ProgResult{Name: name, Results: map[string]Result{"linux": {Outcome: linux}, "xen": {Outcome: xen}}}
	}
	full := &ProgsRun{Deadline: "32m", Progs: []*ProgResult{
		row("a.go", outOK, outOK), row("fixedbugs/b+1.go", outOK, outNotRun), row("c.go", outNotRun, outNotRun)}}
	match := full.notRunMatch()
	if match != `^(fixedbugs/b\+1\.go|c\.go)$` {
		t.Fatalf("notRunMatch = %q", match)
	}
	full.merge(&ProgsRun{Meta: Meta{Date: "later"}, Progs: []*ProgResult{row("fixedbugs/b+1.go", outOK, outFail)}}, "those the run had not run")
	if got := full.Progs[1].Results["xen"].Outcome; got != outFail {
		t.Errorf("merged row: xen %q, want %q", got, outFail)
	}
	if full.Deadline != "32m" || len(full.Updates) != 1 || full.Updates[0].Count != 1 {
		t.Errorf("with c.go still not run: deadline %q, updates %+v", full.Deadline, full.Updates)
	}
	full.merge(&ProgsRun{Progs: []*ProgResult{row("c.go", outOK, outOK)}}, "those the run had not run")
	if full.Deadline != "" || full.notRunMatch() != "" {
		t.Errorf("all run: deadline %q, notRunMatch %q; want both empty", full.Deadline, full.notRunMatch())
	}
}
