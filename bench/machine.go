package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/klauspost/cpuid/v2"
)

// hostFacts describes the host machine (CPU from CPUID, memory, QEMU) and the versions of the
// pieces under test, as "name: value" lines for the report.
func (b *bench) hostFacts() [][2]string {
	c := cpuid.CPU
	var feats []string
	for _, f := range []cpuid.FeatureID{cpuid.SSE4, cpuid.AVX, cpuid.AVX2, cpuid.AVX512F, cpuid.BMI2,
		cpuid.AESNI, cpuid.SHA, cpuid.RDRAND, cpuid.RDSEED, cpuid.VMX, cpuid.SVM, cpuid.HYPERVISOR} {
		if c.Supports(f) {
			feats = append(feats, f.String())
		}
	}
	facts := [][2]string{
		{"host CPU", fmt.Sprintf("%s (vendor %s, family %d model %d)", c.BrandName, c.VendorString, c.Family, c.Model)},
		{"host cores", fmt.Sprintf("%d logical CPUs visible to Go (CPUID: %d physical cores, %d threads per core)", runtime.NumCPU(), c.PhysicalCores, c.ThreadsPerCore)},
		{"host CPU features (selected)", strings.Join(feats, " ")},
		{"host memory", meminfo()},
		{"emulator", b.qemuVersion() + " with `-accel tcg` (no KVM): every guest instruction is translated in software"},
		{"hypervisor", pkgVersion(b.h.dir, "xen-hypervisor-4.17-amd64")},
		{"Xen command line", b.xenCommandLine()},
		{"dom0 and linux-domU kernel", "Debian " + kernelRelease(b.h.dir) + " (the same vmlinux for both)"},
		{"Go toolchain", firstLine(exec.Command("go", "version"))},
	}
	return facts
}

// xenCommandLine is the running Xen's boot options (xl info), which
// include the FPU switching mode (scripts/harness/README.md, "dom0").
func (b *bench) xenCommandLine() string {
	out, err := b.h.dom0("xl info | sed -n 's/^xen_commandline *: //p'", 30*time.Second)
	if line := strings.TrimSpace(out); err == nil && line != "" {
		return "`" + line + "`"
	}
	return fmt.Sprintf("unknown (xl info: %v)", err)
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

func meminfo() string {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return "?"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

func firstLine(cmd *exec.Cmd) string {
	out, err := cmd.Output()
	if err != nil {
		return "?"
	}
	l, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return l
}

// pkgVersion is the Debian package version recorded by the harness's setup.
func pkgVersion(hdir, pkg string) string {
	b, _ := os.ReadFile(filepath.Join(hdir, "artefacts", "versions"))
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == pkg {
			return pkg + " " + f[1]
		}
	}
	return pkg
}

func kernelRelease(hdir string) string {
	m, _ := filepath.Glob(filepath.Join(hdir, "sysroot", "lib", "modules", "*"))
	if len(m) == 0 {
		return "?"
	}
	return filepath.Base(m[0])
}

// qemuProc is the /proc directory of the harness's running QEMU.
func (b *bench) qemuProc() string {
	pid, _ := os.ReadFile(filepath.Join(b.h.dir, "run", "qemu.pid"))
	return "/proc/" + strings.TrimSpace(string(pid))
}

// qemuAccel is the -accel argument of the harness's running QEMU ("tcg": a host thread per
// emulated CPU; "tcg,thread=single": one for all), or "" if it cannot be read.
func (b *bench) qemuAccel() string {
	args, err := os.ReadFile(b.qemuProc() + "/cmdline")
	if err != nil {
		return ""
	}
	f := strings.Split(string(args), "\x00")
	for i, a := range f {
		if a == "-accel" && i+1 < len(f) {
			return f[i+1]
		}
	}
	return ""
}

// qemuVersion is the version of the QEMU on PATH, or a warning when the harness's running QEMU
// was started from a binary that has since been replaced (an upgrade while it ran).
func (b *bench) qemuVersion() string {
	v := firstLine(exec.Command("qemu-system-x86_64", "--version"))
	exe, err := os.Readlink(b.qemuProc() + "/exe")
	if err == nil && strings.HasSuffix(exe, " (deleted)") {
		return "the running QEMU's binary was replaced after it started (now installed: " + v + ")"
	}
	return v
}
