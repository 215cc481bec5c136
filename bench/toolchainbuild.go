package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// The toolchain stage times toolchain/build.sh from scratch (-f, no cache) against upstream's
// own make.bash on the same upstream tree, on this machine in the same run, interleaved. Both
// use the same bootstrap Go and the upstream distribution already in the module cache, so
// neither pays for a download, and each starts with an empty build cache of its own.

const toolchainHeading = "Toolchain build"

// Metrics of a toolchain build, in seconds.
const (
	tbWhole    = "whole"     // staging the tree and building it (build.sh: every step)
	tbMakeBash = "make.bash" // make.bash alone
	tbOwnSteps = "port"      // build.sh's own steps: patches, overlay, network stack vendoring
	tbCPU      = "cpu"       // user and system CPU time of the whole build, its processes summed
)

// Targets of the toolchain stage.
const (
	tbXen      = "toolchain/build.sh"
	tbUpstream = "upstream make.bash"
)

// bootstrapGoroot is the Go that bootstraps both builds: GOROOT_BOOTSTRAP, else /usr/local/go
// (not the go on PATH, which is the port's own toolchain during a benchmark).
func bootstrapGoroot() string {
	if d := os.Getenv("GOROOT_BOOTSTRAP"); d != "" {
		return d
	}
	return "/usr/local/go"
}

func (b *bench) runToolchainBuild() error {
	b.tc = map[string]map[string][]float64{}
	dir := filepath.Join(b.work, "toolchain")
	defer os.RemoveAll(dir)
	boot := bootstrapGoroot()
	version, err := os.ReadFile(filepath.Join(b.repo, "VERSION"))
	if err != nil {
		return err
	}
	tag, _, _ := strings.Cut(string(version), "\n")
	fetch := exec.Command(filepath.Join(b.repo, "toolchain", "fetch-upstream.sh"), tag)
	fetch.Env = append(os.Environ(), "PATH="+filepath.Join(boot, "bin")+":"+os.Getenv("PATH"))
	fetch.Stderr = os.Stderr
	out, err := fetch.Output()
	if err != nil {
		return fmt.Errorf("fetch-upstream.sh %s: %v", tag, err)
	}
	src := strings.TrimSpace(string(out))
	for i := range b.buildReps {
		b.progress("toolchain build %d of %d: toolchain/build.sh -f", i+1, b.buildReps)
		if err := b.timeXenBuild(filepath.Join(dir, "xen"), boot); err != nil {
			b.failf("toolchain/build.sh -f: %v", err)
		}
		b.progress("toolchain build %d of %d: upstream make.bash", i+1, b.buildReps)
		if err := b.timeUpstreamBuild(src, filepath.Join(dir, "upstream"), boot); err != nil {
			b.failf("upstream make.bash: %v", err)
		}
		os.RemoveAll(dir)
	}
	return nil
}

// addToolchainTime keeps d, in seconds, as a value of metric for target.
func (b *bench) addToolchainTime(target, metric string, d time.Duration) {
	addMetric(&b.tc, metric, target, d.Seconds())
}

// timeXenBuild runs toolchain/build.sh -f into dir, timing its steps from the progress lines
// it prints ("[toolchain HH:MM:SS] step") as they arrive.
func (b *bench) timeXenBuild(dir, boot string) error {
	cmd := exec.Command(filepath.Join(b.repo, "toolchain", "build.sh"), "-f")
	cmd.Env = append(os.Environ(), "GOXEN_BUILD_DIR="+dir, "GOXEN_TOOLCHAIN_CACHE=", "GOROOT_BOOTSTRAP="+boot,
		"GOCACHE="+filepath.Join(dir, "gocache"),
		"PATH="+filepath.Join(boot, "bin")+":"+os.Getenv("PATH"))
	cmd.Stdout = os.Stderr
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err
	}
	var makeStart, makeEnd time.Time
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		line := sc.Text()
		fmt.Fprintln(os.Stderr, line)
		switch {
		case strings.Contains(line, "] make.bash"):
			makeStart = time.Now()
		case strings.Contains(line, "] installed "):
			makeEnd = time.Now()
		}
	}
	io.Copy(io.Discard, pipe)
	if err := cmd.Wait(); err != nil {
		return err
	}
	whole := time.Since(start)
	b.addToolchainTime(tbXen, tbCPU, cpuTime(cmd))
	if makeStart.IsZero() || makeEnd.IsZero() {
		return fmt.Errorf("build.sh printed no make.bash or installed step")
	}
	b.addToolchainTime(tbXen, tbWhole, whole)
	b.addToolchainTime(tbXen, tbMakeBash, makeEnd.Sub(makeStart))
	b.addToolchainTime(tbXen, tbOwnSteps, whole-makeEnd.Sub(makeStart))
	return nil
}

// timeUpstreamBuild stages the upstream tree src into dir as build.sh does and runs its
// make.bash.
func (b *bench) timeUpstreamBuild(src, dir, boot string) error {
	start := time.Now()
	stage := exec.Command(filepath.Join(b.repo, "toolchain", "stage-upstream.sh"), src, dir)
	stage.Stdout, stage.Stderr = os.Stderr, os.Stderr
	if err := stage.Run(); err != nil {
		return fmt.Errorf("stage-upstream.sh: %v", err)
	}
	staged := time.Now()
	cpu := cpuTime(stage)
	mk := exec.Command("./make.bash", "-v=0")
	mk.Dir = filepath.Join(dir, "src")
	mk.Env = append(os.Environ(), "GOROOT_BOOTSTRAP="+boot, "GOROOT=", "GOROOT_FINAL=", "GOCACHE="+filepath.Join(dir, "gocache"))
	mk.Stdout, mk.Stderr = os.Stderr, os.Stderr
	if err := mk.Run(); err != nil {
		return err
	}
	b.addToolchainTime(tbUpstream, tbWhole, time.Since(start))
	b.addToolchainTime(tbUpstream, tbCPU, cpu+cpuTime(mk))
	b.addToolchainTime(tbUpstream, tbMakeBash, time.Since(staged))
	b.addToolchainTime(tbUpstream, tbOwnSteps, staged.Sub(start))
	return nil
}

// cpuTime is the user and system time of cmd, which has ended, and of the descendants it
// waited for (wait4's rusage): unlike the elapsed time it hardly depends on what else the
// machine runs.
func cpuTime(cmd *exec.Cmd) time.Duration {
	return cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// reportToolchainBuild writes the toolchain stage's section.
func (b *bench) reportToolchainBuild(p printer) {
	p("## %s", toolchainHeading)
	p("")
	p("`toolchain/build.sh -f` (no toolchain cache, an empty Go build cache: it fetches nothing new, stages upstream's tree, applies the")
	p("patches, overlays the port's files, vendors the network stack into std and runs make.bash)")
	p("against upstream's own `make.bash` on the same upstream tree, staged the same way, with an")
	p("empty Go build cache too, on the host")
	p("(not in a guest), same bootstrap Go (`%s`), %d run(s) each, interleaved; cells are the", bootstrapGoroot(), b.buildReps)
	p("median and, in brackets, the smallest and largest run, in seconds. The CPU time (user and")
	p("system, every process of the build) depends far less on what else the 2-core host runs than")
	p("the elapsed times do; load average at the start of the run: %s.", b.loadStart)
	p("")
	p("| seconds, median (min-max) | %s | %s | ratio |", tbXen, tbUpstream)
	p("|---|---:|---:|---:|")
	for _, r := range []struct{ metric, label string }{
		{tbWhole, "whole build"},
		{tbCPU, "whole build, CPU time"},
		{tbMakeBash, "make.bash"},
		{tbOwnSteps, "the rest: staging (and the port's steps)"},
	} {
		m := b.tc[r.metric]
		p("| %s | %s | %s | %s |", r.label, spread(m[tbXen]), spread(m[tbUpstream]), ratio(median(m[tbXen]), median(m[tbUpstream])))
	}
	p("")
}
