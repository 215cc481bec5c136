package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The three ways a program runs.
const (
	tXen  = "xen"        // the GOOS=xen unikernel as a PVH domU
	tDomU = "linux-domU" // the linux/amd64 binary in a Linux PVH domU (Debian kernel, tiny initramfs)
	tDom0 = "dom0"       // the linux/amd64 binary as a process in dom0
)

var targets = []string{tXen, tDomU, tDom0}

// prog is a program built three ways, staged in dom0's /tmp/bench as NAME.xen, NAME.cpio
// (initramfs holding /init and /NAME) and NAME.linux.
type prog struct {
	name                  string
	xen, linux, initramfs string // host paths
}

func (p *prog) files() map[string]string {
	return map[string]string{p.name + ".xen": p.xen, p.name + ".linux": p.linux, p.name + ".cpio": p.initramfs}
}

func (p *prog) stagedNames() []string {
	return []string{p.name + ".xen", p.name + ".linux", p.name + ".cpio"}
}

// result is one run of a program.
type result struct {
	status int
	out    string  // standard output (the console for guests)
	stderr string  // go_xen_amd64_exec's or dom0's diagnostics
	lineMs float64 // xl create (or exec in dom0) -> first line containing the awaited text; -1 if none
	goneMs float64 // xl create -> domain gone (dom0: exec -> exit)
}

func (r *result) ok(want string) bool { return r.status == 0 && strings.Contains(r.out, want) }

// run runs p on target t with args; for guests, mem is the domain's memory in MB. await is
// the text whose first appearance is timed (empty: none).
func (b *bench) run(t string, p *prog, args []string, mem int, timeout time.Duration, await string) (*result, error) {
	if t == tDom0 {
		return b.runDom0(p, args, timeout)
	}
	return b.runGuest(t, p, args, mem, timeout, await)
}

// runGuest boots p as a domU with mem MB and one vCPU (see runDomU).
func (b *bench) runGuest(t string, p *prog, args []string, mem int, timeout time.Duration, await string) (*result, error) {
	return b.runDomU(t, p, args, domU{mem: mem, vcpus: 1}, timeout, await)
}

// domU is the shape of a guest domain: its memory (MB), its vCPUs (`vcpus = N` in its
// config; dom0's job runner pins a guest with one vCPU to one physical CPU and lets one with
// more run on all of them), an optional network interface and an optional disk.
type domU struct {
	mem, vcpus int
	net        *guestNet
	disk       *guestDisk
}

// guestNet puts a domU on dom0's bridge with a fixed MAC and a static IPv4 address; onLine
// sees each line of the guest's output as it comes.
type guestNet struct {
	mac, cidr string // "00:16:3e:00:00:20", "10.88.0.32/24"
	onLine    func(line string)
}

// vifConfig is the xl vif line of the guest.
func (n *guestNet) vifConfig() string {
	return fmt.Sprintf("vif = ['mac=%s,bridge=xenbr0,script=/etc/harness/vif-bridge']", n.mac)
}

// guestDisk gives a domU the raw image file img in dom0 as its PV disk xvda (dom0's blkback
// through a loop device, set up by the harness's block-loop script), which the guest mounts
// as ext4 at dir before the program starts: xen through the command line's mount: token
// (XEN_GUEST_MOUNT), Linux through bench/guestinit (benchdisk=).
type guestDisk struct {
	img, dir string
}

const guestDiskName = "xvda"

// diskConfig is the xl disk line of the guest.
func (d *guestDisk) diskConfig() string {
	return fmt.Sprintf("disk = ['format=raw,vdev=%s,access=rw,script=/etc/harness/block-loop,target=%s']", guestDiskName, d.img)
}

// runDomU boots p as the domU d through scripts/go_xen_amd64_exec. The kernel (and ramdisk) are
// already in dom0's tmpfs: the job's own image is a one-byte placeholder, and the config lines
// given in XEN_GUEST_CONFIG override kernel (and cmdline), so that neither kind of guest pays
// for copying its image over 9p inside the timed interval.
func (b *bench) runDomU(t string, p *prog, args []string, d domU, timeout time.Duration, await string) (*result, error) {
	if d.vcpus < 1 {
		return nil, fmt.Errorf("a domU with %d vCPUs", d.vcpus)
	}
	n := d.net
	placeholder := filepath.Join(b.work, "placeholder", p.name)
	if _, err := os.Stat(placeholder); err != nil {
		os.MkdirAll(filepath.Dir(placeholder), 0o755)
		if err := os.WriteFile(placeholder, []byte{0}, 0o644); err != nil {
			return nil, err
		}
	}
	var extra string
	cmdArgs := args
	if t == tXen {
		extra = fmt.Sprintf("kernel = %q", "/tmp/bench/"+p.name+".xen")
	} else {
		for _, a := range args {
			if strings.ContainsAny(a, " \"\\'") {
				return nil, fmt.Errorf("argument %q cannot go on a Linux command line", a)
			}
		}
		cmdline := "console=hvc0 loglevel=1"
		if n != nil {
			cmdline += " benchnet=" + n.cidr
		}
		if d.disk != nil {
			cmdline += " benchdisk=" + guestDiskName + ":" + d.disk.dir
		}
		cmdline += " -- /" + p.name
		if len(args) > 0 {
			cmdline += " " + strings.Join(args, " ")
		}
		extra = fmt.Sprintf("kernel = %q\nramdisk = %q\ncmdline = %q",
			"/tmp/bench/vmlinux", "/tmp/bench/"+p.name+".cpio", cmdline)
		cmdArgs = nil
	}
	var guestEnv []string // the Linux guest's address and disk are on its command line
	if n != nil {
		extra += "\n" + n.vifConfig()
		if t == tXen {
			guestEnv = append(guestEnv, "XEN_GUEST_NET=ip="+n.cidr+" gw=10.88.0.1")
		}
	}
	if d.disk != nil {
		extra += "\n" + d.disk.diskConfig()
		if t == tXen {
			guestEnv = append(guestEnv, "XEN_GUEST_MOUNT="+guestDiskName+"="+d.disk.dir)
		}
	}
	timings := filepath.Join(b.work, "timings.txt")
	os.Remove(timings)
	cmd := exec.Command(filepath.Join(b.repo, "scripts", "go_xen_amd64_exec"), append([]string{placeholder}, cmdArgs...)...)
	cmd.Env = append(cleanEnv(),
		"XEN_HARNESS_DIR="+b.h.dir,
		"XEN_GUEST_MEMORY="+strconv.Itoa(d.mem),
		"XEN_GUEST_VCPUS="+strconv.Itoa(d.vcpus),
		"XEN_GUEST_TYPE=pvh",
		// The guest gets no input: leave its console alone rather than closing its standard
		// input (a newer go_xen_amd64_exec than the runtime under test could confuse it).
		"XEN_EXEC_STDIN=console",
		"XEN_GUEST_CONFIG="+extra,
		"XEN_EXEC_TIMEOUT="+strconv.Itoa(int(timeout/time.Second)),
		"XEN_EXEC_TIMINGS="+timings)
	cmd.Env = append(cmd.Env, guestEnv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	var tLine time.Time
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		if tLine.IsZero() && await != "" && strings.Contains(line, await) {
			tLine = time.Now()
		}
		if n != nil && n.onLine != nil {
			n.onLine(line)
		}
		out.WriteString(line + "\n")
	}
	err = cmd.Wait()
	tExit := time.Now()
	r := &result{status: cmd.ProcessState.ExitCode(), out: out.String(), stderr: stderr.String(), lineMs: -1, goneMs: -1}
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		return nil, err
	}
	tm, _ := os.ReadFile(timings)
	f := fields(string(tm))
	r.goneMs = atof(f["ms_gone"])
	// go_xen_amd64_exec's clock starts when it submits the job; ms_queued later dom0 started
	// it (the timed interval begins), and it exited ms_total after submitting.
	if q, tot := atof(f["ms_queued"]), atof(f["ms_total"]); !tLine.IsZero() && q >= 0 && tot >= 0 {
		start := tExit.Add(-time.Duration(tot * float64(time.Millisecond))).Add(time.Duration(q * float64(time.Millisecond)))
		r.lineMs = float64(tLine.Sub(start).Microseconds()) / 1000
	}
	return r, nil
}

// runDom0 runs p's linux binary in dom0 with GOMAXPROCS=1 (the domUs have one vCPU), timed by
// dom0's clock (10 ms resolution).
func (b *bench) runDom0(p *prog, args []string, timeout time.Duration) (*result, error) {
	var q []string
	for _, a := range args {
		q = append(q, "'"+strings.ReplaceAll(a, "'", `'\''`)+"'")
	}
	script := fmt.Sprintf(`mkdir -p /tmp/run && cd /tmp/run
now; t0=$NOW
GOMAXPROCS=1 /tmp/bench/%s.linux %s >/tmp/run/out 2>&1
rc=$?
now
cat /tmp/run/out; rm -f /tmp/run/out
echo "BENCH-DOM0 status=$rc ms=$((NOW - t0))"`, p.name, strings.Join(q, " "))
	out, err := b.h.dom0(script, timeout+time.Minute)
	if err != nil {
		return nil, err
	}
	r := &result{status: -1, lineMs: -1, goneMs: -1}
	i := strings.LastIndex(out, "BENCH-DOM0 ")
	if i < 0 {
		return nil, fmt.Errorf("dom0 run of %s gave no status:\n%s", p.name, out)
	}
	f := fields(out[i+len("BENCH-DOM0 "):])
	r.out = out[:i]
	r.status = int(atof(f["status"]))
	r.goneMs = atof(f["ms"])
	return r, nil
}

// cleanEnv is the environment without variables go_xen_amd64_exec would pass to a guest.
func cleanEnv() []string {
	var env []string
	for _, e := range os.Environ() {
		k, _, _ := strings.Cut(e, "=")
		switch {
		case strings.HasPrefix(k, "XEN_"), k == "GOTRACEBACK", k == "GODEBUG", k == "GOGC",
			k == "GOMAXPROCS", k == "GOMEMLIMIT":
			continue
		}
		env = append(env, e)
	}
	return env
}

// fields parses "k=v k=v ..." (the last line that has any).
func fields(s string) map[string]string {
	m := map[string]string{}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for _, kv := range strings.Fields(lines[len(lines)-1]) {
		if k, v, ok := strings.Cut(kv, "="); ok {
			m[k] = v
		}
	}
	return m
}

func atof(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return -1
	}
	return f
}
