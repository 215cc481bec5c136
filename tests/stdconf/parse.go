package main

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Outcomes of one package on one GOOS.
const (
	outOK      = "ok"
	outFail    = "FAIL"
	outSkip    = "skip"     // every test skipped
	outNoTests = "no tests" // no test files for this GOOS, or nothing to run
	outBuild   = "build failure"
	outNotRun  = "not run"
)

// Result is what one test binary (or build) gave on one GOOS.
type Result struct {
	Outcome string   `json:"outcome"`
	Secs    float64  `json:"secs"`
	Pass    int      `json:"pass"`
	Skip    int      `json:"skip"`
	Fail    int      `json:"fail"`
	Kind    string   `json:"kind,omitempty"` // failure class: test, timeout, crash, examples, harness
	Reason  string   `json:"reason,omitempty"`
	Failed  []string `json:"failed,omitempty"` // top-level tests that failed
	Log     string   `json:"log,omitempty"`
}

var (
	topResult = regexp.MustCompile(`^--- (PASS|FAIL|SKIP): (\S+)`)
	logLine   = regexp.MustCompile(`^\s+\S+\.go:\d+: `)
)

// parseTest classifies the -test.v output of a test binary that exited
// with status code (124: go_xen_amd64_exec's time limit).
func parseTest(out string, code int) Result {
	lines := strings.Split(out, "\n")
	var r Result
	var failed, skipped []string
	for _, l := range lines {
		m := topResult.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		switch m[1] {
		case "PASS":
			r.Pass++
		case "FAIL":
			r.Fail++
			failed = append(failed, m[2])
		case "SKIP":
			r.Skip++
			skipped = append(skipped, m[2])
		}
	}
	r.Failed = failed
	counts := fmt.Sprintf("%d passed, %d skipped", r.Pass, r.Skip)
	switch {
	case code == 0 && r.Fail == 0:
		switch {
		case r.Pass == 0 && r.Skip == 0:
			r.Outcome = outNoTests
		case r.Pass == 0:
			r.Outcome = outSkip
			r.Reason = skipReasons(lines, skipped)
		default:
			r.Outcome = outOK
		}
		return r
	case code == 124 || strings.Contains(out, "panic: test timed out"):
		r.Kind = "timeout"
		r.Reason = "timeout" + running(lines) + "; " + counts
		if !strings.Contains(out, "=== RUN") {
			r.Reason = "timeout with no test started (no output)"
		}
		if len(failed) > 0 {
			r.Reason += "; failed before: " + strings.Join(first(failed, 5), ", ")
		}
		if at := vcpuAt(lines); at != "" {
			r.Reason += "; " + at
		}
	case len(failed) > 0:
		r.Kind = "test"
		if missingTestdata(lines) {
			r.Kind = "testdata"
		}
		r.Reason = "failed: " + strings.Join(first(failed, 5), ", ")
		if ex := excerpt(lines, failed[0]); ex != "" {
			r.Reason += ": " + ex
		}
	case examplePipe(lines):
		r.Kind = "examples"
		r.Reason = "examples cannot run: os.Pipe: function not implemented (" + counts + " before the examples)"
	default:
		r.Kind = "crash"
		if missingTestdata(lines) {
			r.Kind = "testdata"
		}
		r.Reason = fmt.Sprintf("exit status %d: %s; %s", code, crashExcerpt(lines), counts)
	}
	r.Outcome = outFail
	return r
}

// missingTestdata tells whether the tests failed to open files of the
// package directory (a guest has only its in-memory file system).
func missingTestdata(lines []string) bool {
	for _, l := range lines {
		if strings.Contains(l, "testdata") && strings.Contains(l, "no such file or directory") {
			return true
		}
	}
	return false
}

// reparse classifies a logged run again (after a change of this parser),
// keeping its duration.
func reparse(r Result) Result {
	b, err := os.ReadFile(r.Log)
	if err != nil {
		return r
	}
	out := string(b)
	i := strings.LastIndex(out, "\n[stdconf: exit status ")
	if i < 0 {
		return r
	}
	var code int
	if _, err := fmt.Sscanf(out[i:], "\n[stdconf: exit status %d", &code); err != nil {
		return r
	}
	n := parseTest(out[:i], code)
	n.Secs, n.Log = r.Secs, r.Log
	return n
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], fmt.Sprintf("... (%d in all)", len(s)))
	}
	return s
}

// excerpt gives the first log lines printed by test name (its own lines
// between "=== RUN   name" and "--- FAIL: name", subtests included).
func excerpt(lines []string, name string) string {
	in := false
	var got []string
	for _, l := range lines {
		if strings.HasPrefix(l, "=== RUN   "+name) {
			in = true
		}
		if strings.HasPrefix(l, "--- FAIL: "+name) {
			break
		}
		if in && logLine.MatchString(l) {
			got = append(got, clip(strings.TrimSpace(l), 160))
			if len(got) == 2 {
				break
			}
		}
	}
	return strings.Join(got, " / ")
}

// skipReasons gives the message of the first skipped tests: with -test.v
// the log line comes just before "--- SKIP", else just after it.
func skipReasons(lines []string, skipped []string) string {
	var got []string
	for i, l := range lines {
		name, ok := strings.CutPrefix(l, "--- SKIP: ")
		if !ok {
			continue
		}
		msg := ""
		if i > 0 && logLine.MatchString(lines[i-1]) {
			msg = lines[i-1]
		} else if i+1 < len(lines) && logLine.MatchString(lines[i+1]) {
			msg = lines[i+1]
		}
		if msg != "" {
			name, _, _ = strings.Cut(name, " ")
			got = append(got, name+": "+clip(strings.TrimSpace(msg), 120))
		}
		if len(got) == 2 {
			break
		}
	}
	if len(got) == 0 {
		return "skipped: " + strings.Join(first(skipped, 5), ", ")
	}
	return "skipped: " + strings.Join(got, " / ")
}

// running names the tests a timeout panic reports as running, else the
// last test started.
func running(lines []string) string {
	for i, l := range lines {
		if strings.TrimSpace(l) == "running tests:" {
			var names []string
			for _, n := range lines[i+1:] {
				if !strings.HasPrefix(n, "\t\t") {
					break
				}
				names = append(names, strings.TrimSpace(n))
			}
			return " in " + strings.Join(first(names, 3), ", ")
		}
	}
	if name := lastRun(lines); name != "" {
		return " (last started: " + name + ")"
	}
	return ""
}

// vcpuAt gives where go_xen_amd64_exec saw the vCPU of a guest it
// destroyed at the time limit.
func vcpuAt(lines []string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, "rip 0x") && strings.Contains(l, " is in ") {
			_, fn, _ := strings.Cut(l, " is in ")
			return "guest vCPU at " + fn
		}
	}
	return ""
}

func lastRun(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		if s, ok := strings.CutPrefix(lines[i], "=== RUN   "); ok {
			return s
		}
	}
	return ""
}

func examplePipe(lines []string) bool {
	for i, l := range lines {
		if strings.HasPrefix(l, "pipe: function not implemented") && i > 0 &&
			strings.HasPrefix(lines[i-1], "=== RUN   Example") {
			return true
		}
	}
	return false
}

// crashExcerpt finds the panic or fatal error line, the harness's own
// message, or else the last line of output.
func crashExcerpt(lines []string) string {
	for i, l := range lines {
		if strings.HasPrefix(l, "panic: ") || strings.HasPrefix(l, "fatal error: ") ||
			strings.HasPrefix(l, "go_xen_amd64_exec: ") && !strings.Contains(l, " job=") && !strings.Contains(l, ": warning: ") {
			s := clip(l, 160)
			if name := lastRun(lines[:i]); name != "" {
				s += " (in " + name + ")"
			}
			return s
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" && !strings.HasPrefix(l, "go_xen_amd64_exec: ") {
			return clip(l, 160) + lastRunSuffix(lines)
		}
	}
	return "no output"
}

func lastRunSuffix(lines []string) string {
	if name := lastRun(lines); name != "" {
		return " (last started: " + name + ")"
	}
	return ""
}

// clip shortens s to n bytes and makes it safe in a markdown table cell.
func clip(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, s)
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "…"
	}
	return s
}
