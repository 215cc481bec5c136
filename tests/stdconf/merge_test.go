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
