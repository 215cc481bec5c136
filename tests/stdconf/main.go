// Command stdconf measures how much of the Go standard library's own test
// suite, and of the Go distribution's test/ programs, passes under Xen
// compared with linux/amd64, and writes the table to
// docs/std-conformance.md.
//
// Run it from the tests module with the port's toolchain first on PATH:
//
//	cd tests && go run ./stdconf                 # every std package with tests, then test/
//	go run ./stdconf -short                      # the CI subset only (no test/ programs)
//	go run ./stdconf -pkgs '^(strings|sync)$' -progs=false
//	go run ./stdconf -std=false -progs-match 'ken/'
//	go run ./stdconf -pkgs '^net(/.*)?$' -progs=false -merge  # update those rows of the full table
//
// For every std package with test files it builds the test binary with
// `go test -c` for linux/amd64 and xen/amd64 (-j at a time), runs the
// linux one on the host and the xen one through go_xen_amd64_exec (one
// guest at a time), both with -test.short and a time limit. Raw logs go
// to build/stdconf/. Each part saves its results as JSON there, and the
// report is written from the saved results of both parts. The full run's
// results are also kept in docs/std-conformance.json, so that -merge
// works on a clean checkout (failing that, it reads the committed report).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

type config struct {
	repo, work  string
	goBin       string
	xenExec     string
	goos        []string
	jobs        int
	timeout     time.Duration
	progTimeout time.Duration
	mem         int
}

// Meta describes a run for the report.
type Meta struct {
	Date      string  `json:"date"`
	Toolchain string  `json:"toolchain"`
	Secs      float64 `json:"secs"`
	Load      string  `json:"load"` // load averages at the start and end
}

func main() {
	var cfg config
	shortMode := flag.Bool("short", false, "run only the CI subset of std packages (implies -progs=false)")
	pkgs := flag.String("pkgs", "", "regexp: run only the std packages it matches")
	doStd := flag.Bool("std", true, "run the std packages' tests")
	doProgs := flag.Bool("progs", true, "run the Go distribution's test/ programs marked // run")
	progsMatch := flag.String("progs-match", "", "regexp on the test/ program's path (e.g. ^ken/)")
	progsDir := flag.String("progs-dir", "", "test/ directory (default GOROOT/test, else /usr/local/go/test)")
	progsResume := flag.Bool("progs-resume", false, "run only the test/ programs the saved full run did not run (its -deadline passed), and merge them into it")
	goosList := flag.String("goos", "linux,xen", "GOOS values to run")
	out := flag.String("o", "", "markdown output (default docs/std-conformance.md for a full run, else build/stdconf/report.md)")
	runFor := flag.Duration("deadline", 0, "start no test after this long (0: no limit); the rest are recorded as not run")
	reparseLogs := flag.Bool("reparse", false, "with -std=false: classify the saved std results again from their logs")
	mergeRun := flag.Bool("merge", false, "with -pkgs: put the results into the saved full run's table, replacing those packages' rows, and rewrite docs/std-conformance.md")
	flag.StringVar(&cfg.xenExec, "xenexec", "", "go_xen_amd64_exec to run xen binaries with (default scripts/go_xen_amd64_exec)")
	flag.IntVar(&cfg.jobs, "j", 2, "builds at a time")
	flag.DurationVar(&cfg.timeout, "timeout", 3*time.Minute, "time limit of one std package's tests (-test.timeout; XEN_EXEC_TIMEOUT is 30 s more)")
	flag.DurationVar(&cfg.progTimeout, "prog-timeout", time.Minute, "time limit of one test/ program")
	flag.IntVar(&cfg.mem, "mem", 512, "guest memory in MB (XEN_GUEST_MEMORY)")
	flag.Parse()
	if *shortMode {
		*doProgs = false
	}
	cfg.goos = strings.Split(*goosList, ",")
	if *runFor > 0 {
		deadline = time.Now().Add(*runFor)
	}

	var err error
	if cfg.repo, err = findRepo(); err != nil {
		fatalf("%v", err)
	}
	cfg.work = filepath.Join(cfg.repo, "build", "stdconf")
	if cfg.goBin, err = exec.LookPath("go"); err != nil {
		fatalf("no go on PATH: %v", err)
	}
	if cfg.xenExec == "" {
		cfg.xenExec = filepath.Join(cfg.repo, "scripts", "go_xen_amd64_exec")
	}
	if err := os.MkdirAll(cfg.work, 0o755); err != nil {
		fatalf("%v", err)
	}
	version := toolchainVersion(cfg.goBin)
	progress("toolchain %s (%s); logs in %s", version, cfg.goBin, cfg.work)

	// Each part saves its results (a partial selection under another
	// name); a part not run is reported from its saved results.
	stdFull, progsFull := *pkgs == "" && !*shortMode, *progsMatch == ""
	var std *StdRun
	var progs *ProgsRun
	var keptProgs string // the committed report's test/ section, when there are no progs results
	var flaky []string   // -short: packages that failed, then passed when run again
	if *doStd {
		all, hasTests, err := stdPackages(cfg.goBin)
		if err != nil {
			fatalf("%v", err)
		}
		sel, err := selectPackages(all, *pkgs, *shortMode)
		if err != nil {
			fatalf("-pkgs: %v", err)
		}
		mode := "all std packages with test files"
		switch {
		case *shortMode:
			mode = "CI subset (-short)"
		case *pkgs != "":
			mode = "packages matching " + *pkgs
		}
		if *runFor > 0 {
			mode += fmt.Sprintf(", none started after -deadline %s", *runFor)
		}
		progress("std: %d packages (%s), GOOS %s", len(sel), mode, *goosList)
		std = &StdRun{Mode: mode, Timeout: cfg.timeout.String(), Mem: cfg.mem}
		start := begin(&std.Meta, version)
		std.Packages = runStd(&cfg, sel, hasTests)
		if *shortMode {
			flaky = rerunRegressions(&cfg, std.Packages, hasTests)
		}
		sortRows(std.Packages)
		end(&std.Meta, start)
		save(filepath.Join(cfg.work, jsonName("std", stdFull)), std)
		progress("std: %s in %s", stdSummary(std.Packages).line(), time.Duration(std.Secs)*time.Second)
		if *mergeRun && !stdFull {
			full, from, err := loadFullStd(&cfg)
			if err != nil {
				fatalf("-merge: %v", err)
			}
			full.merge(std)
			save(filepath.Join(cfg.work, jsonName("std", true)), full)
			std, stdFull = full, true
			progress("std: merged into the full run (from %s): %s", from, stdSummary(std.Packages).line())
		}
	} else {
		loadEither(cfg.work, "std", &std)
		if std != nil && *reparseLogs {
			for _, row := range std.Packages {
				for goos, r := range row.Results {
					row.Results[goos] = reparse(r)
				}
			}
		}
	}
	var progsBase *ProgsRun // -progs-resume: the full run to complete
	if *doProgs && *progsResume {
		if *progsMatch != "" {
			fatalf("-progs-resume chooses the programs itself: no -progs-match")
		}
		if progsBase, _ = loadFullProgs(&cfg); progsBase == nil {
			fatalf("-progs-resume: no saved full test/ run")
		}
		if *progsMatch = progsBase.notRunMatch(); *progsMatch == "" {
			fatalf("-progs-resume: the saved full test/ run has no program left to run")
		}
		*progsDir = progsBase.Dir
	}
	if *doProgs {
		dir := *progsDir
		if dir == "" {
			dir = defaultProgsDir(cfg.goBin)
		}
		progs = &ProgsRun{Dir: dir, Match: *progsMatch}
		if *runFor > 0 {
			progs.Deadline = runFor.String()
		}
		start := begin(&progs.Meta, version)
		progs.Progs = runProgs(&cfg, dir, *progsMatch)
		end(&progs.Meta, start)
		save(filepath.Join(cfg.work, jsonName("progs", progsFull)), progs)
		progress("test/: %s in %s", progsSummary(progs.Progs), time.Duration(progs.Secs)*time.Second)
		if progsBase != nil {
			mode := "those the run had not run"
			if *runFor > 0 {
				mode += ", none started after -deadline " + runFor.String()
			}
			progsBase.merge(progs, mode)
			progs, progsFull = progsBase, true
			save(filepath.Join(cfg.work, jsonName("progs", true)), progs)
			progress("test/: merged into the full run: %s", progsSummary(progs.Progs))
		}
	} else if stdFull {
		progs, keptProgs = loadFullProgs(&cfg)
	} else {
		loadEither(cfg.work, "progs", &progs)
	}
	if *out == "" {
		*out = filepath.Join(cfg.work, "report.md")
		if stdFull && progsFull {
			*out = filepath.Join(cfg.repo, "docs", "std-conformance.md")
		}
	}
	patched, err := readTestPatches(filepath.Join(cfg.repo, "patches"))
	if err != nil {
		fatalf("%v", err)
	}
	if err := os.WriteFile(*out, []byte(report(std, progs, keptProgs, patched)), 0o644); err != nil {
		fatalf("%v", err)
	}
	if stdFull && progsFull {
		saveCommitted(cfg.repo, std, progs)
	}
	progress("wrote %s", *out)
	if *shortMode && std != nil {
		if bad := regressions(std.Packages); len(bad) > 0 {
			fatalf("std -short: %d packages fail on xen outside the known failures: %s", len(bad), strings.Join(bad, "; "))
		}
		if len(flaky) > 0 {
			progress("std -short: FLAKY on xen, failed and then passed: %s", strings.Join(flaky, "; "))
		}
		if stale := staleKnown(std.Packages); len(stale) > 0 {
			progress("std -short: known failures that passed (remove them from knownFailures): %s", strings.Join(stale, ", "))
		}
		progress("std -short: no failures on xen beyond the known ones")
	}
}

func jsonName(part string, full bool) string {
	if full {
		return part + ".json"
	}
	return part + "-partial.json"
}

func begin(m *Meta, version string) time.Time {
	now := time.Now()
	m.Date = now.UTC().Format("2006-01-02 15:04 MST")
	m.Toolchain = version
	m.Load = loadavg()
	return now
}

func end(m *Meta, start time.Time) {
	m.Secs = time.Since(start).Round(time.Second).Seconds()
	m.Load += " -> " + loadavg()
}

func save(file string, v any) {
	b, err := json.MarshalIndent(v, "", "\t")
	if err == nil {
		err = os.WriteFile(file, b, 0o644)
	}
	if err != nil {
		fatalf("%v", err)
	}
}

// loadEither loads the saved results of a full run of part, else of a
// partial one.
func loadEither(dir, part string, v any) {
	for _, full := range []bool{true, false} {
		if load(filepath.Join(dir, jsonName(part, full)), v) {
			return
		}
	}
}

func load(file string, v any) bool {
	b, err := os.ReadFile(file)
	if err != nil {
		return false
	}
	if err := json.Unmarshal(b, v); err != nil {
		fatalf("%s: %v", file, err)
	}
	return true
}

// goEnv is the environment for go commands and linux test binaries.
func goEnv(goos string) []string {
	var env []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "GOOS", "GOARCH", "GOROOT", "GOTOOLCHAIN":
		default:
			env = append(env, kv)
		}
	}
	return append(env, "GOOS="+goos, "GOARCH=amd64", "GOTOOLCHAIN=local")
}

func findRepo() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "scripts", "go_xen_amd64_exec")); err == nil {
			return d, nil
		}
		if d == filepath.Dir(d) {
			return "", fmt.Errorf("no scripts/go_xen_amd64_exec above %s", dir)
		}
	}
}

func toolchainVersion(goBin string) string {
	out, err := exec.Command(goBin, "env", "GOVERSION").Output()
	if err != nil {
		return runtime.Version() + "?"
	}
	return strings.TrimSpace(string(out))
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "stdconf %s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "stdconf: "+format+"\n", args...)
	os.Exit(1)
}
