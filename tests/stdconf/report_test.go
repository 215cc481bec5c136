// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import "testing"

func TestIsRegression(t *testing.T) {
	ok := Result{Outcome: outOK}
	fail := Result{Outcome: outFail, Kind: "test", Failed: []string{"TestX"}}
	for _, c := range []struct {
		name    string
		results map[string]Result
		want    bool
	}{
		{"xen fails, linux passes", map[string]Result{"linux": ok, "xen": fail}, true},
		{"both fail", map[string]Result{"linux": fail, "xen": fail}, false},
		{"xen fails, linux not run", map[string]Result{"xen": fail}, true},
		{"xen passes, linux not run", map[string]Result{"xen": ok}, false},
		{"only the examples fail", map[string]Result{"xen": {Outcome: outFail, Kind: "examples"}}, false},
	} {
		if got := isRegression(&PkgResult{Pkg: "p", Results: c.results}); got != c.want {
			t.Errorf("%s: isRegression = %v, want %v", c.name, got, c.want)
		}
	}
}
