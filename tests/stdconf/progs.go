package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/build"
	"go/build/constraint"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProgsRun is a run of the Go distribution's test/ programs.
type ProgsRun struct {
	Meta
	Dir      string        `json:"dir"`
	Match    string        `json:"match,omitempty"`    // the -progs-match selection
	Deadline string        `json:"deadline,omitempty"` // -deadline
	Progs    []*ProgResult `json:"progs"`
	Updates  []Update      `json:"updates,omitempty"` // later runs merged in (-progs-resume)
}

// notRunMatch is a -progs-match expression for the programs of run that
// some GOOS did not run (its -deadline passed), or "" if there are none.
func (run *ProgsRun) notRunMatch() string {
	var names []string
	for _, r := range run.Progs {
		for _, res := range r.Results {
			if res.Outcome == outNotRun {
				names = append(names, regexp.QuoteMeta(r.Name))
				break
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "^(" + strings.Join(names, "|") + ")$"
}

// merge replaces full's rows for the programs of part and records when;
// once no program is left unrun, full's -deadline no longer applies.
func (full *ProgsRun) merge(part *ProgsRun, mode string) {
	full.Progs = mergeRows(full.Progs, part.Progs, func(r *ProgResult) string { return r.Name })
	full.Updates = append(full.Updates, Update{Meta: part.Meta, Mode: mode, Count: len(part.Progs)})
	if full.notRunMatch() == "" {
		full.Deadline = ""
	}
}

// ProgResult is one test/ program (path relative to the test/ directory).
type ProgResult struct {
	Name    string            `json:"name"`
	Results map[string]Result `json:"results"` // by GOOS
}

// The directories cmd/internal/testdir reads, that hold "// run" programs.
var progDirs = []string{".", "ken", "chan", "interface", "dwarf", "fixedbugs", "abi", "typeparam", "typeparam/mdempsky", "arenas"}

func defaultProgsDir(goBin string) string {
	if out, err := exec.Command(goBin, "env", "GOROOT").Output(); err == nil {
		d := filepath.Join(strings.TrimSpace(string(out)), "test")
		if _, err := os.Stat(filepath.Join(d, "helloworld.go")); err == nil {
			return d
		}
	}
	return "/usr/local/go/test"
}

// progJob is one program for one GOOS.
type progJob struct {
	cfg     *config
	dir     string // the test/ directory
	name    string
	target  string
	flags   []string // go build flags
	args    []string // program arguments
	files   []string // more source files
	env     []string
	timeout time.Duration
	bin     string
	res     *Result
}

// runProgs runs every program whose recipe is "run" (as testdir does:
// build with the recipe's flags, run in the test/ directory, compare the
// output with the .out file, or with nothing when there is none).
func runProgs(cfg *config, dir, match string) []*ProgResult {
	var rx *regexp.Regexp
	if match != "" {
		rx = regexp.MustCompile(match)
	}
	var rows []*ProgResult
	var jobs []*progJob
	for _, sub := range progDirs {
		files, _ := filepath.Glob(filepath.Join(dir, sub, "*.go"))
		for _, f := range files {
			name, _ := filepath.Rel(dir, f)
			if rx != nil && !rx.MatchString(name) {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				fatalf("%v", err)
			}
			recipe, header := recipeOf(string(src))
			if len(recipe) == 0 || recipe[0] != "run" {
				continue
			}
			row := &ProgResult{Name: name, Results: map[string]Result{}}
			rows = append(rows, row)
			for _, goos := range cfg.goos {
				j := &progJob{cfg: cfg, dir: dir, name: name, target: goos, timeout: cfg.progTimeout, res: new(Result)}
				if why := j.parse(recipe[1:], header); why != "" {
					row.Results[goos] = Result{Outcome: outSkip, Reason: why}
					continue
				}
				j.bin = filepath.Join(cfg.work, "progs", goos, strings.NewReplacer("/", "_", ".go", "").Replace(name))
				j.res.Log = j.bin + ".log"
				jobs = append(jobs, j)
			}
		}
	}
	for _, goos := range cfg.goos {
		if err := os.MkdirAll(filepath.Join(cfg.work, "progs", goos), 0o755); err != nil {
			fatalf("%v", err)
		}
	}
	progress("test/: %d programs marked // run in %s, GOOS %s", len(rows), dir, strings.Join(cfg.goos, ","))
	pipeline(cfg.jobs, jobs)
	byName := map[string]*ProgResult{}
	for _, r := range rows {
		byName[r.Name] = r
	}
	for _, j := range jobs {
		byName[j.name].Results[j.target] = *j.res
	}
	return rows
}

// recipeOf returns the fields of the file's recipe, the first non-empty
// comment line that is not a build constraint, and the header before the
// package clause.
func recipeOf(src string) (recipe []string, header string) {
	header, _, _ = strings.Cut(src, "\npackage")
	for _, line := range strings.Split(header, "\n") {
		if constraint.IsGoBuild(line) || constraint.IsPlusBuild(line) || strings.TrimSpace(line) == "" {
			continue
		}
		if rest, ok := strings.CutPrefix(line, "//"); ok {
			return splitQuoted(rest), header
		}
		return nil, header
	}
	return nil, header
}

// parse applies the recipe's flags and the header's build constraints; a
// non-empty result is the reason to skip the program.
func (j *progJob) parse(args []string, header string) string {
	for _, line := range strings.Split(header, "\n") {
		if expr, err := constraint.Parse(line); err == nil && !expr.Eval(j.matchTag) {
			return "excluded for " + j.target + ": " + line
		}
	}
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch a := args[0]; {
		case a == "-race":
			return "needs the race detector (cgo)"
		case (a == "-goexperiment" || a == "-godebug" || a == "-t") && len(args) > 1:
			args = args[1:]
			switch a {
			case "-goexperiment":
				j.env = append(j.env, "GOEXPERIMENT="+args[0])
			case "-godebug":
				j.env = append(j.env, "GODEBUG="+args[0])
			case "-t":
				if n, err := strconv.Atoi(args[0]); err == nil {
					j.timeout = max(j.timeout, time.Duration(n)*time.Second)
				}
			}
		default:
			j.flags = append(j.flags, a)
		}
		args = args[1:]
	}
	// As with go run, leading arguments naming .go files are more sources.
	for len(args) > 0 && strings.HasSuffix(args[0], ".go") {
		j.files = append(j.files, args[0])
		args = args[1:]
	}
	j.args = args
	return ""
}

// matchTag evaluates a build tag as cmd/internal/testdir does ("unix" is
// not set, even on linux).
func (j *progJob) matchTag(tag string) bool {
	switch {
	case slices.Contains(build.Default.ReleaseTags, tag):
		return true
	case strings.HasPrefix(tag, "goexperiment."):
		return slices.Contains(build.Default.ToolTags, tag)
	case tag == "cgo":
		return j.target == "linux" && build.Default.CgoEnabled
	}
	return tag == j.target || tag == "amd64" || tag == "gc" || tag == "test_run"
}

func (j *progJob) goos() string { return j.target }
func (j *progJob) done() string { return fmt.Sprintf("%-5s %-34s %s", j.target, j.name, short(*j.res)) }

func (j *progJob) build() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args := append([]string{"build", "-o", j.bin}, j.flags...)
	args = append(args, j.name)
	for _, f := range j.files {
		args = append(args, filepath.Join(filepath.Dir(j.name), f))
	}
	cmd := exec.CommandContext(ctx, j.cfg.goBin, args...)
	cmd.Env = append(goEnv(j.target), "GOENV=off", "GOFLAGS=")
	cmd.Env = append(cmd.Env, j.env...)
	cmd.Dir = j.dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		os.WriteFile(j.res.Log, out, 0o644)
		j.res.Outcome = outBuild
		j.res.Secs = time.Since(start).Seconds()
		j.res.Reason = buildReason(out)
		return false
	}
	return true
}

func (j *progJob) notRun(why string) {
	os.Remove(j.bin)
	*j.res = Result{Outcome: outNotRun, Reason: why}
}

func (j *progJob) run() {
	defer os.Remove(j.bin)
	ctx, cancel := context.WithTimeout(context.Background(), j.timeout+10*time.Minute)
	defer cancel()
	var cmd *exec.Cmd
	var stdout, stderr bytes.Buffer
	if j.target == "xen" {
		// The guest's stdout and stderr both come out on the client's
		// stdout; its stderr has only the harness's own messages.
		cmd = exec.CommandContext(ctx, j.cfg.xenExec, append([]string{j.bin}, j.args...)...)
		cmd.Env = append(os.Environ(), fmt.Sprintf("XEN_EXEC_TIMEOUT=%d", int(j.timeout.Seconds())),
			fmt.Sprintf("XEN_GUEST_MEMORY=%d", j.cfg.mem))
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
	} else {
		ctx, cancel = context.WithTimeout(ctx, j.timeout)
		defer cancel()
		cmd = exec.CommandContext(ctx, j.bin, j.args...)
		cmd.Env = append(goEnv("linux"), "PWD="+j.dir)
		cmd.Stdout, cmd.Stderr = &stdout, &stdout
	}
	for _, kv := range j.env {
		if strings.HasPrefix(kv, "GODEBUG=") {
			cmd.Env = append(cmd.Env, kv) // go_xen_amd64_exec passes GODEBUG on
		}
	}
	cmd.Dir = j.dir
	cmd.WaitDelay = 5 * time.Second
	start := time.Now()
	err := cmd.Run()
	j.res.Secs = time.Since(start).Seconds()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ctx.Err() != nil {
			code = 124
		} else {
			code = ee.ExitCode()
		}
	}
	got := strings.ReplaceAll(stdout.String(), "\r\n", "\n")
	want, _ := os.ReadFile(strings.TrimSuffix(filepath.Join(j.dir, j.name), ".go") + ".out")
	os.WriteFile(j.res.Log, []byte(fmt.Sprintf("%s%s\n[stdconf: exit status %d after %.1fs]\n", got, stderr.String(), code, j.res.Secs)), 0o644)
	switch {
	case code == 0 && got == string(want):
		j.res.Outcome = outOK
		return
	case code == 124:
		j.res.Reason = fmt.Sprintf("timeout (%s)", j.timeout)
		if at := vcpuAt(strings.Split(stderr.String(), "\n")); at != "" {
			j.res.Reason += "; " + at
		}
	case code != 0:
		lines := strings.Split(got+stderr.String(), "\n")
		j.res.Reason = fmt.Sprintf("exit status %d: %s", code, crashExcerpt(lines))
	default:
		j.res.Reason = "output differs: " + firstDiff(got, string(want))
	}
	j.res.Outcome = outFail
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, clip(a, 80), clip(b, 80))
		}
	}
	return "?"
}

// splitQuoted splits s into fields as cmd/internal/testdir does: at
// spaces outside single or double quotes, which are removed, a backslash
// escaping the next byte (-gcflags='all=-N -l' is one field,
// -gcflags=all=-N -l).
func splitQuoted(s string) []string {
	var fields []string
	var field []byte
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s): // escapes the next byte, quoted or not
			i++
			field, in = append(field, s[i]), true
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			field = append(field, c)
		case c == '"' || c == '\'':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				fields = append(fields, string(field))
				field, in = field[:0], false
			}
		default:
			field, in = append(field, c), true
		}
	}
	if in {
		fields = append(fields, string(field))
	}
	return fields
}
