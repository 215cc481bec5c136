package main

import "strings"

// rerunRegressions runs again, once, the xen tests of the packages that
// failed outside their known failures. A package that passes the second
// time takes the second result, and is reported as flaky with its first
// failure: under TCG, tests that measure (allocations, timings) now and
// then see the rest of a slow guest at work.
func rerunRegressions(cfg *config, rows []*PkgResult, hasTests map[string]map[string]bool) (flaky []string) {
	byPkg := map[string]*PkgResult{}
	var pkgs []string
	for _, row := range rows {
		if isRegression(row) {
			byPkg[row.Pkg] = row
			pkgs = append(pkgs, row.Pkg)
		}
	}
	if len(pkgs) == 0 {
		return nil
	}
	progress("std -short: running again the xen tests of %s", strings.Join(pkgs, ", "))
	xen := *cfg
	xen.goos = []string{"xen"}
	for _, again := range runStd(&xen, pkgs, hasTests) {
		row := byPkg[again.Pkg]
		first := row.Results["xen"]
		row.Results["xen"] = again.Results["xen"]
		if isRegression(row) {
			continue
		}
		flaky = append(flaky, row.Pkg+" (first run: "+clip(first.Reason, 200)+")")
	}
	return flaky
}
