package main

import (
	"slices"
	"strings"
	"testing"
)

func TestParseTest(t *testing.T) {
	cases := []struct {
		name, out      string
		code           int
		outcome, kind  string
		pass, skip     int
		reasonContains string
	}{
		{"ok", "=== RUN   TestA\n--- PASS: TestA (0.00s)\n=== RUN   TestB\n    b_test.go:3: short\n--- SKIP: TestB (0.00s)\nPASS\n",
			0, outOK, "", 1, 1, ""},
		{"all skipped", "=== RUN   TestB\n    b_test.go:3: needs exec\n--- SKIP: TestB (0.00s)\nPASS\n",
			0, outSkip, "", 0, 1, "TestB: b_test.go:3: needs exec"},
		{"nothing", "testing: warning: no tests to run\nPASS\n", 0, outNoTests, "", 0, 0, ""},
		{"fail", "=== RUN   TestA\n    a_test.go:9: got 1, want 2\n--- FAIL: TestA (0.00s)\n    --- FAIL: TestA/sub (0.00s)\nFAIL\n",
			1, outFail, "test", 0, 0, "TestA: a_test.go:9: got 1, want 2"},
		{"testdata", "=== RUN   TestR\n    r_test.go:9: open testdata/x.png: no such file or directory\n--- FAIL: TestR (0.00s)\nFAIL\n",
			1, outFail, "testdata", 0, 0, "TestR"},
		{"examples", "--- PASS: TestA (0.00s)\n=== RUN   ExampleA\npipe: function not implemented\n",
			1, outFail, "examples", 1, 0, "1 passed"},
		{"timeout panic", "=== RUN   TestSlow\npanic: test timed out after 3m0s\n\trunning tests:\n\t\tTestSlow (3m0s)\n\ngoroutine 1\n",
			2, outFail, "timeout", 0, 0, "in TestSlow (3m0s)"},
		{"guest killed", "=== RUN   TestSlow\ngo_xen_amd64_exec: timed out after 3m30s (XEN_EXEC_TIMEOUT); domain destroyed\nrip 0x416fff is in runtime.xenUpcall+0x3f\n",
			124, outFail, "timeout", 0, 0, "last started: TestSlow); 0 passed, 0 skipped; guest vCPU at runtime.xenUpcall+0x3f"},
		{"silent guest", "go_xen_amd64_exec: timed out after 3m30s (XEN_EXEC_TIMEOUT); domain destroyed\n",
			124, outFail, "timeout", 0, 0, "no test started"},
		{"crash", "=== RUN   TestX\nfatal error: unexpected signal\n\ngoroutine 1 [running]:\n",
			2, outFail, "crash", 0, 0, "fatal error: unexpected signal (in TestX)"},
	}
	for _, c := range cases {
		r := parseTest(c.out, c.code)
		if r.Outcome != c.outcome || r.Kind != c.kind || r.Pass != c.pass || r.Skip != c.skip ||
			!strings.Contains(r.Reason, c.reasonContains) {
			t.Errorf("%s: got %+v; want outcome %q kind %q pass %d skip %d reason containing %q",
				c.name, r, c.outcome, c.kind, c.pass, c.skip, c.reasonContains)
		}
	}
}

func TestRecipeOf(t *testing.T) {
	src := "// run cmplxdivide1.go\n\n//go:build !js\n\n// Copyright\n\npackage main\n"
	recipe, header := recipeOf(src)
	if strings.Join(recipe, " ") != "run cmplxdivide1.go" || !strings.Contains(header, "//go:build !js") {
		t.Errorf("got %q, header %q", recipe, header)
	}
	j := &progJob{target: "xen"}
	if why := j.parse(recipe[1:], header); why != "" || len(j.files) != 1 || len(j.args) != 0 {
		t.Errorf("parse: %q, files %q, args %q", why, j.files, j.args)
	}
	j = &progJob{target: "xen"}
	if why := j.parse(nil, "//go:build linux\n"); why == "" {
		t.Errorf("a linux-only program is not skipped for xen")
	}
}

func TestSplitQuoted(t *testing.T) {
	for in, want := range map[string][]string{
		` run -gcflags="-d=checkptr"`: {"run", "-gcflags=-d=checkptr"},
		` run -gcflags='all=-N -l'`:   {"run", "-gcflags=all=-N -l"},
		`run  a\ b "c d"e ''`:         {"run", "a b", "c de", ""},
		` run`:                        {"run"},
		"\trun\t-x":                   {"run", "-x"},
	} {
		if got := splitQuoted(in); !slices.Equal(got, want) {
			t.Errorf("splitQuoted(%q) = %q, want %q", in, got, want)
		}
	}
}
