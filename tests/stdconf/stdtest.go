package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// PkgResult is one std package's row.
type PkgResult struct {
	Pkg      string            `json:"pkg"`
	Results  map[string]Result `json:"results"` // by GOOS
	Expected string            `json:"expected,omitempty"`
}

// StdRun is a whole std run, saved as JSON for the report.
type StdRun struct {
	Meta
	Mode     string       `json:"mode"`
	Timeout  string       `json:"timeout"` // per package (-test.timeout)
	Mem      int          `json:"mem"`     // guest MB
	Packages []*PkgResult `json:"packages"`
	Updates  []Update     `json:"updates,omitempty"` // later runs merged in (-merge)
}

// An Update is a later run of some packages whose rows replaced the full
// run's.
type Update struct {
	Meta
	Mode  string `json:"mode"`
	Count int    `json:"count"`
}

// merge replaces full's rows for the packages of part and records when.
func (full *StdRun) merge(part *StdRun) {
	full.Packages = mergeRows(full.Packages, part.Packages, func(r *PkgResult) string { return r.Pkg })
	sortRows(full.Packages)
	full.Updates = append(full.Updates, Update{Meta: part.Meta, Mode: part.Mode, Count: len(part.Packages)})
}

// mergeRows replaces the rows of full that part has (by key) with part's,
// and adds part's others.
func mergeRows[R any](full, part []R, key func(R) string) []R {
	at := map[string]int{}
	for i, r := range full {
		at[key(r)] = i
	}
	for _, r := range part {
		if i, ok := at[key(r)]; ok {
			full[i] = r
		} else {
			full = append(full, r)
		}
	}
	return full
}

// stdJob is one package's test binary for one GOOS.
type stdJob struct {
	cfg         *config
	pkg, target string
	dir         string // package source directory
	bin         string
	res         *Result
}

func (j *stdJob) goos() string { return j.target }
func (j *stdJob) done() string { return fmt.Sprintf("%-5s %-28s %s", j.target, j.pkg, short(*j.res)) }

func (j *stdJob) notRun(why string) {
	os.Remove(j.bin)
	*j.res = Result{Outcome: outNotRun, Reason: why}
}

func (j *stdJob) run() {
	runTest(j.cfg, j)
	os.Remove(j.bin)
}

// runStd builds each package's test binary for both GOOS values (cfg.jobs
// builds at a time), then runs them: linux binaries one at a time on the
// host, xen binaries one at a time under Xen.
func runStd(cfg *config, pkgs []string, hasTests map[string]map[string]bool) []*PkgResult {
	dirs, err := pkgDirs(cfg.goBin, pkgs)
	if err != nil {
		fatalf("%v", err)
	}
	rows := make([]*PkgResult, len(pkgs))
	var jobs []*stdJob
	for i, p := range pkgs {
		rows[i] = &PkgResult{Pkg: p, Results: map[string]Result{}, Expected: expected[p]}
		for _, goos := range cfg.goos {
			if !hasTests[goos][p] {
				rows[i].Results[goos] = Result{Outcome: outNoTests, Reason: "no test files for " + goos}
				continue
			}
			name := strings.ReplaceAll(p, "/", "_")
			j := &stdJob{cfg: cfg, pkg: p, target: goos, dir: dirs[p],
				bin: filepath.Join(cfg.work, "bin", goos, name+".test"), res: new(Result)}
			j.res.Log = filepath.Join(cfg.work, "logs", goos, name+".log")
			jobs = append(jobs, j)
		}
	}
	for _, goos := range cfg.goos {
		for _, d := range []string{"bin", "logs"} {
			if err := os.MkdirAll(filepath.Join(cfg.work, d, goos), 0o755); err != nil {
				fatalf("%v", err)
			}
		}
	}
	pipeline(cfg.jobs, jobs)
	byPkg := map[string]*PkgResult{}
	for _, row := range rows {
		byPkg[row.Pkg] = row
	}
	for _, j := range jobs {
		byPkg[j.pkg].Results[j.target] = *j.res
	}
	return rows
}

func short(r Result) string {
	s := fmt.Sprintf("%s %.1fs", r.Outcome, r.Secs)
	if r.Reason != "" {
		s += "  " + clip(r.Reason, 110)
	}
	return s
}

// pkgDirs maps import paths to source directories.
func pkgDirs(goBin string, pkgs []string) (map[string]string, error) {
	cmd := exec.Command(goBin, append([]string{"list", "-e", "-f", "{{.ImportPath}} {{.Dir}}"}, pkgs...)...)
	cmd.Env = goEnv("linux")
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v", err)
	}
	dirs := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, d, ok := strings.Cut(l, " "); ok {
			dirs[p] = d
		}
	}
	return dirs, nil
}

func (j *stdJob) build() bool {
	cfg := j.cfg
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cfg.goBin, "test", "-c", "-vet=off", "-o", j.bin, j.pkg)
	cmd.Env = goEnv(j.target)
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
	if _, err := os.Stat(j.bin); err != nil {
		j.res.Outcome = outNoTests
		j.res.Reason = "no test binary built"
		return false
	}
	return true
}

// buildReason keeps the first compiler error lines.
func buildReason(out []byte) string {
	var got []string
	for _, l := range strings.Split(string(out), "\n") {
		if l == "" || strings.HasPrefix(l, "#") || strings.HasPrefix(l, "FAIL") {
			continue
		}
		got = append(got, clip(strings.TrimSpace(l), 140))
		if len(got) == 2 {
			break
		}
	}
	return "build: " + strings.Join(got, " / ")
}

// runTest runs a test binary in its package directory, as go test does:
// directly for linux, through go_xen_amd64_exec for xen.
func runTest(cfg *config, j *stdJob) {
	timeout := cfg.timeout
	if j.target == "xen" {
		timeout = xenTimeout(cfg, j.pkg)
	}
	args := []string{"-test.short", "-test.v=true", "-test.paniconexit0",
		"-test.timeout=" + timeout.String()}
	var cmd *exec.Cmd
	// The host-side limit only guards against a harness that stopped
	// answering: the guest's limit is XEN_EXEC_TIMEOUT (counted from
	// the creation of its domain), and -test.timeout panics before it.
	limit := timeout + time.Minute
	if j.target == "xen" {
		limit += 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	if j.target == "xen" {
		cmd = exec.CommandContext(ctx, cfg.xenExec, append([]string{j.bin}, args...)...)
		cmd.Env = append(os.Environ(),
			fmt.Sprintf("XEN_EXEC_TIMEOUT=%d", int((timeout+30*time.Second).Seconds())),
			fmt.Sprintf("XEN_GUEST_MEMORY=%d", guestMemory(cfg, j.pkg)),
			"XEN_EXEC_FILES="+guestFiles(j.pkg, j.dir, j.bin),
			"XEN_EXEC_VERBOSE=1")
	} else {
		cmd = exec.CommandContext(ctx, j.bin, args...)
		cmd.Env = append(goEnv("linux"), "PWD="+j.dir)
	}
	cmd.Dir = j.dir
	cmd.WaitDelay = 10 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	start := time.Now()
	err := cmd.Run()
	secs := time.Since(start).Seconds()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ctx.Err() != nil {
			code = 124
		} else {
			code = ee.ExitCode()
		}
	}
	log := j.res.Log
	fmt.Fprintf(&buf, "\n[stdconf: exit status %d after %.1fs]\n", code, secs)
	os.WriteFile(log, buf.Bytes(), 0o644)
	*j.res = parseTest(buf.String(), code)
	j.res.Secs = secs
	j.res.Log = log
	if j.target == "xen" && (code == 125 || strings.Contains(buf.String(), "harness could not be started")) {
		j.res.Kind = "harness"
	}
}

func sortRows(rows []*PkgResult) {
	sort.Slice(rows, func(a, b int) bool { return rows[a].Pkg < rows[b].Pkg })
}
