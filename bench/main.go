// Command bench benchmarks the same Go programs as a xen/amd64 unikernel (PVH domU), as
// linux/amd64 in a Linux PVH domU with the same vCPUs and memory, and as linux/amd64 processes
// in dom0, all on the harness's Xen under QEMU, and writes docs/benchmarks.md (a run of some of
// the stages rewrites only their sections: merge.go). It is run by scripts/bench (which puts
// the Go for Xen toolchain on PATH); progress goes to stderr.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// guestMem is the memory (MB) of every domU in the timed runs; all domUs have one vCPU except
// in the smp stage.
const guestMem = 256

// defaultStages is every stage, in the order they run. Every run measures the image sizes;
// a run of only the size and toolchain stages needs no harness.
const defaultStages = "size,programs,unpause,memory,suites,network,smp,storage,lifecycle,toolchain"

type bench struct {
	repo, work string
	h          *harness
	reps       int
	buildReps  int // runs of each toolchain build (toolchain stage)
	benchtime  string
	suites     []suite
	stages     map[string]bool

	init, vmlinux string
	progs         map[string]*prog

	boot       map[string][]float64            // "TARGET/line" and "TARGET/gone" -> ms
	progMs     map[string]map[string][]float64 // program -> target -> its elapsed_ms
	minMem     map[string]map[string]int       // program -> target -> MB it runs in memConfirmRuns times in a row
	minMemOnce map[string]map[string]int       // program -> target -> MB it ran in once (bisection)
	sizes      []sizeRow
	parts      [2]*sizeParts                   // partsProg's xen and linux binaries
	cpu        map[string]map[string][]float64 // "pkg\tBenchmarkName" -> target -> ns/op
	cpuKeys    []string
	net        map[string]map[string][]float64 // network metric -> target -> values
	smp        smpResults
	disk       map[string]map[string][]float64 // storage metric -> target -> values
	lc         map[string]map[string][]float64 // lifecycle metric -> target -> values
	up         map[string]map[string][]float64 // unpause metric -> target -> values
	tc         map[string]map[string][]float64 // toolchain build metric -> target -> seconds

	accel              string // the harness QEMU's -accel, read once it is up
	cmdline            string // scripts/bench and the flags given
	benchstat          string
	failures           []string
	started            time.Time
	loadStart, loadEnd string
}

func main() {
	repo := flag.String("repo", ".", "repository root")
	out := flag.String("out", "docs/benchmarks.md", "report to write (relative to -repo)")
	reps := flag.Int("reps", 3, "repetitions of every measurement (interleaved across targets)")
	buildReps := flag.Int("buildreps", 1, "runs of each toolchain build in the toolchain stage (~6 minutes each)")
	benchtime := flag.String("benchtime", "100ms", "-test.benchtime of the std benchmarks")
	stages := flag.String("stages", defaultStages, "stages to run")
	only := flag.String("suites", "", "run only the suites whose name matches this regexp")
	work := flag.String("work", "", "directory for binaries and results (default REPO/build/bench)")
	flag.Parse()
	root, _ := filepath.Abs(*repo)
	if *work == "" {
		*work = filepath.Join(root, "build", "bench")
	}
	b := &bench{repo: root, work: *work, reps: *reps, buildReps: *buildReps, benchtime: *benchtime,
		stages: map[string]bool{}, progs: map[string]*prog{}, boot: map[string][]float64{},
		progMs: map[string]map[string][]float64{}, minMem: map[string]map[string]int{}, minMemOnce: map[string]map[string]int{},
		cpu: map[string]map[string][]float64{}, started: time.Now(), loadStart: loadavg()}
	b.cmdline = "scripts/bench"
	flag.Visit(func(f *flag.Flag) {
		if f.Name != "repo" && f.Name != "work" && f.Name != "out" {
			b.cmdline += fmt.Sprintf(" -%s=%s", f.Name, f.Value)
		}
	})
	for _, s := range strings.Split(*stages, ",") {
		b.stages[s] = true
	}
	re, err := regexp.Compile(*only)
	if err != nil {
		fatal(err)
	}
	for _, s := range suites {
		if re.MatchString(s.name) {
			b.suites = append(b.suites, s)
		}
	}
	hdir := os.Getenv("XEN_HARNESS_DIR")
	if hdir == "" {
		hdir = filepath.Join(root, "build", "harness")
	}
	b.h = &harness{repo: root, dir: hdir, staged: map[string]string{}}
	if !filepath.IsAbs(*out) {
		*out = filepath.Join(root, *out)
	}
	if err := b.main(*out); err != nil {
		fatal(err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench: error:", err)
	os.Exit(1)
}

func (b *bench) progress(format string, a ...any) {
	el := time.Since(b.started).Round(time.Second)
	fmt.Fprintf(os.Stderr, "bench [%s] %s\n", el, fmt.Sprintf(format, a...))
}

// failf records a failed run (reported in the document) and goes on.
func (b *bench) failf(format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	b.failures = append(b.failures, msg)
	fmt.Fprintln(os.Stderr, "bench: FAILED: "+msg)
}

func (b *bench) main(outPath string) error {
	for _, d := range []string{b.binDir(), filepath.Join(b.work, "results")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	if b.hostOnly() {
		b.progress("load average %s; building the programs for xen and linux", b.loadStart)
		if err := b.buildSizeProgs(); err != nil {
			return err
		}
		if b.stages["toolchain"] {
			b.progress("stage toolchain")
			if err := b.runToolchainBuild(); err != nil {
				return fmt.Errorf("stage toolchain: %v", err)
			}
		}
		return b.writeReport(outPath)
	}
	b.progress("load average %s; starting the Xen harness in %s", b.loadStart, b.h.dir)
	for _, s := range []string{"setup", "up"} {
		cmd := exec.Command(filepath.Join(b.repo, "scripts", "harness", s))
		cmd.Env = append(os.Environ(), "XEN_HARNESS_DIR="+b.h.dir)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("scripts/harness/%s: %v", s, err)
		}
	}
	// A harness that was already up keeps the -accel it was started with; under one TCG
	// thread the Linux domU crashes now and then (scripts/harness/README.md, "Known
	// problems"), which would pass for its failing at a memory size, or for a slow boot.
	b.accel = b.qemuAccel()
	if want := os.Getenv("XEN_HARNESS_ACCEL"); want != "" && b.accel != want {
		return fmt.Errorf("the running harness's QEMU has -accel %q, not %q as XEN_HARNESS_ACCEL asks: "+
			"stop it (scripts/harness/down) so that the bench starts its own, or set XEN_HARNESS_ACCEL=%s to use it as it is", b.accel, want, b.accel)
	}
	if _, err := b.h.dom0("rm -rf /tmp/bench /tmp/run; mkdir -p /tmp/bench", time.Minute); err != nil {
		return err
	}
	b.progress("building the guest init and the programs for xen and linux")
	if err := b.buildInit(); err != nil {
		return err
	}
	for _, name := range []string{"hello", "gcheavy", "httpserver"} {
		p, err := b.buildProg(name)
		if err != nil {
			return err
		}
		b.progs[name] = p
	}
	b.measureSizes()
	b.progress("copying the guest kernel into dom0")
	if err := b.h.stage(map[string]string{"vmlinux": b.vmlinux}); err != nil {
		return err
	}
	steps := []struct {
		name string
		run  func() error
	}{{"programs", b.runPrograms}, {"unpause", b.runUnpause}, {"memory", b.findMinMemory}, {"suites", b.runSuites}, {"network", b.runNetwork},
		{"smp", b.runSMP}, {"storage", b.runStorage}, {"lifecycle", b.runLifecycle}, {"toolchain", b.runToolchainBuild}}
	for _, s := range steps {
		if b.stages[s.name] {
			b.progress("stage %s", s.name)
			if err := s.run(); err != nil {
				return fmt.Errorf("stage %s: %v", s.name, err)
			}
		}
	}
	if b.stages["suites"] {
		b.runBenchstat()
	}
	b.h.dom0("rm -rf /tmp/bench /tmp/run", time.Minute)
	return b.writeReport(outPath)
}

// writeReport writes the report to outPath: whole after a full run, else only the sections
// of this run's stages merged into the existing file.
func (b *bench) writeReport(outPath string) error {
	b.loadEnd = loadavg()
	doc, how := b.report(), "wrote"
	if old, err := os.ReadFile(outPath); err == nil && !b.fullRun() {
		doc, how = b.merge(string(old), doc), "updated the sections of this run in"
	}
	if err := os.WriteFile(outPath, []byte(doc), 0o644); err != nil {
		return err
	}
	b.progress("%s %s (%d failed runs)", how, outPath, len(b.failures))
	return nil
}

// fullRun says whether every stage ran (the report is then written whole).
func (b *bench) fullRun() bool {
	for _, s := range strings.Split(defaultStages, ",") {
		if !b.stages[s] {
			return false
		}
	}
	return true
}

// merge puts the sections of this run's stages, its failed runs and the usage from doc into
// old, the existing report, whose other sections stay as they are; every section taken from
// doc, except the usage, says which run it comes from.
func (b *bench) merge(old, doc string) string {
	var measured []string
	for _, s := range strings.Split(defaultStages, ",") {
		if b.stages[s] {
			measured = append(measured, stageSections[s]...)
		}
	}
	measured = append(measured, failedHeading)
	note := fmt.Sprintf("*From `%s` on %s (it took %v; load average at the start %s, at the end %s),"+
		" not the run named at the top of this file.*", b.cmdline, b.started.UTC().Format("2006-01-02 15:04 MST"),
		time.Since(b.started).Round(time.Minute), b.loadStart, b.loadEnd)
	for _, s := range splitSections(old) {
		if s.heading == failedHeading && !strings.Contains(s.text, "\nNone.\n") {
			note += " The failed runs of earlier runs are in this file's git history."
		}
	}
	doc = noteAfterHeading(doc, note, measured)
	return mergeSections(old, doc, append(measured, runningHeading), failedHeading)
}

// runBenchstat formats results/TARGET.txt with benchstat (pinned in bench/go.mod as a tool).
func (b *bench) runBenchstat() {
	var args []string
	for _, t := range targets {
		args = append(args, t+"="+filepath.Join(b.work, "results", t+".txt"))
	}
	cmd := exec.Command("go", append([]string{"tool", "benchstat"}, args...)...)
	cmd.Dir = filepath.Join(b.repo, "bench")
	cmd.Env = append(os.Environ(), "GOOS=", "GOARCH=", "GOFLAGS=", "GOWORK=off")
	// Only stdout is the table: stderr has go's "downloading" lines the
	// first time the tool is built.
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		b.failf("benchstat: %v\n%s%s", err, out, stderr.String())
		return
	}
	b.benchstat = string(out)
}
