// xenexec runs a program as a Xen guest in the harness's dom0 and exits with its status.
// It is started by scripts/go_xen_amd64_exec (which sets XEN_HARNESS_DIR and boots the
// harness); see ../README.md for the environment variables and the protocols.
package main

import (
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const prog = "go_xen_amd64_exec"

func main() { os.Exit(run()) }

func fail(format string, a ...any) int {
	fmt.Fprintf(os.Stderr, prog+": "+format+"\n", a...)
	return 125
}

func run() int {
	if len(os.Args) < 2 {
		return fail("usage: %s BINARY [ARGS...]", prog)
	}
	hdir := os.Getenv("XEN_HARNESS_DIR")
	if hdir == "" {
		return fail("XEN_HARNESS_DIR is not set (run me through scripts/go_xen_amd64_exec)")
	}
	o, err := optionsFromEnv(os.Args[1], os.Args[2:], os.Environ())
	if err != nil {
		return fail("%v", err)
	}
	o.stdin = stdinModeOf(os.Stdin)
	if o.cwd, err = os.Getwd(); err != nil {
		return fail("%v", err)
	}
	if o.ramdisk = os.Getenv("XEN_EXEC_RAMDISK"); o.ramdisk != "" {
		if os.Getenv("XEN_EXEC_FILES") != "" {
			return fail("XEN_EXEC_RAMDISK and XEN_EXEC_FILES cannot be used together")
		}
	} else if o.files, err = guestFiles(o.binary, o.cwd, os.Getenv("XEN_EXEC_FILES")); err != nil {
		return fail("%v", err)
	}
	j := &job{opt: o, spool: filepath.Join(hdir, "spool"), pidfile: filepath.Join(hdir, "run", "qemu.pid")}
	j.id = fmt.Sprintf("%d-%d-%04x", time.Now().UnixNano(), os.Getpid(), rand.Intn(1<<16))
	j.dir = filepath.Join(j.spool, "jobs", j.id)
	j.name = "go-" + o.base + "-" + j.id
	if err := j.submit(); err != nil {
		os.RemoveAll(j.dir)
		return fail("cannot submit the job: %v", err)
	}
	j.console = filepath.Join(j.spool, "consoles", "guest-"+j.name+".log")
	if !o.keep {
		defer os.RemoveAll(j.dir)
		defer os.Remove(j.console)
	}
	return j.wait()
}

type options struct {
	binary, base  string
	args, env     []string
	timeout       time.Duration
	memory, vcpus int
	guestType     string
	extraConfig   string
	net           []string // network and mount settings on the command line (XEN_GUEST_NET, XEN_GUEST_MOUNT)
	verbose, keep bool
	timingsFile   string
	stdin         stdinMode
	cwd           string   // the host's working directory
	files         []string // shipped to the guest as its ramdisk (files.go)
	ramdisk       string   // or this file, as it is
	filesMax      int64
}

func optionsFromEnv(binary string, args, environ []string) (*options, error) {
	get := func(k string) string {
		for _, e := range environ {
			if strings.HasPrefix(e, k+"=") {
				return e[len(k)+1:]
			}
		}
		return ""
	}
	o := &options{binary: binary, args: args, env: guestEnv(environ), timeout: 300 * time.Second,
		memory: 256, vcpus: 1, guestType: "pvh"}
	o.base = domainSafe(filepath.Base(binary))
	if v := get("XEN_EXEC_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if n, err2 := strconv.Atoi(v); err2 == nil {
			d, err = time.Duration(n)*time.Second, nil
		}
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("bad XEN_EXEC_TIMEOUT %q (seconds, or a duration like 5m)", v)
		}
		o.timeout = d
	}
	for k, p := range map[string]*int{"XEN_GUEST_MEMORY": &o.memory, "XEN_GUEST_VCPUS": &o.vcpus} {
		if v := get(k); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("bad %s %q", k, v)
			}
			*p = n
		}
	}
	if v := get("XEN_GUEST_TYPE"); v != "" {
		if v != "pvh" && v != "pv" {
			return nil, fmt.Errorf("bad XEN_GUEST_TYPE %q (pvh or pv)", v)
		}
		o.guestType = v
	}
	o.extraConfig = get("XEN_GUEST_CONFIG")
	net, err := netSettings(get("XEN_GUEST_NET"))
	if err != nil {
		return nil, err
	}
	mounts, err := mountSettings(get("XEN_GUEST_MOUNT"))
	if err != nil {
		return nil, err
	}
	o.net = append(net, mounts...)
	o.verbose = get("XEN_EXEC_VERBOSE") != "" && get("XEN_EXEC_VERBOSE") != "0"
	o.keep = get("XEN_EXEC_KEEP") != "" && get("XEN_EXEC_KEEP") != "0"
	o.timingsFile = get("XEN_EXEC_TIMINGS")
	o.filesMax = defaultFilesMax
	if v := get("XEN_EXEC_FILES_MAX"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad XEN_EXEC_FILES_MAX %q (MB)", v)
		}
		o.filesMax = int64(n) << 20
	}
	return o, nil
}

func domainSafe(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(isSafe(c) && c != '/' && c != ':' && c != '=' && c != ',' && c != '+' && c != '@' && c != '~') {
			b[i] = '_'
		}
	}
	if len(b) > 24 {
		b = b[:24]
	}
	return string(b)
}

type job struct {
	opt                  *options
	id, dir, name, spool string
	pidfile, console     string
}

func (j *job) config() string {
	o := j.opt
	var b strings.Builder
	fmt.Fprintf(&b, "name = %q\n", j.name)
	fmt.Fprintf(&b, "type = %q\n", o.guestType)
	fmt.Fprintf(&b, "kernel = %q\n", "/tmp/img/"+j.id) // dom0 copies jobs/ID/image there
	fmt.Fprintf(&b, "memory = %d\nvcpus = %d\n", o.memory, o.vcpus)
	b.WriteString("tsc_mode = \"native\"\n") // PVH under TCG: RDTSCP must not trap (see notes)
	fmt.Fprintf(&b, "cmdline = \"%s\"\n", j.cmdline())
	if o.files != nil || o.ramdisk != "" {
		fmt.Fprintf(&b, "ramdisk = %q\n", "/tmp/img/"+j.id+".files") // dom0 copies jobs/ID/files there
	}
	// Preserve the domain at its end: dom0 records how it ended, lets the console drain,
	// then destroys it. A guest never restarts.
	b.WriteString("on_poweroff = \"preserve\"\non_reboot = \"preserve\"\non_crash = \"preserve\"\n")
	if o.extraConfig != "" {
		b.WriteString(o.extraConfig + "\n")
	}
	return b.String()
}

// cmdline is the guest's command line; it starts in the host's working directory when files
// are shipped.
func (j *job) cmdline() string {
	o := j.opt
	cwd := ""
	if o.files != nil {
		cwd = o.cwd
	}
	return encodeCmdline(argv0(o.binary, o.cwd, o.files), o.env, o.net, cwd, o.args, o.stdin == stdinEOF)
}

// argv0 is the program's name in the guest: its base name, or, when the
// binary itself is among the shipped files (XEN_EXEC_FILES), its absolute
// path, so that a program that opens os.Args[0] (debug/elf's tests) finds
// itself, as on Linux.
func argv0(binary, cwd string, files []string) string {
	abs := binary
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(cwd, abs)
	}
	if slices.Contains(files, filepath.Clean(abs)) {
		return filepath.Clean(abs)
	}
	return filepath.Base(binary)
}

func (j *job) writeFiles() error {
	f, err := os.Create(filepath.Join(j.dir, "files"))
	if err != nil {
		return err
	}
	if err := writeFilesTar(f, j.opt.files, j.opt.filesMax); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (j *job) submit() error {
	o := j.opt
	cmd := j.cmdline()
	if o.guestType == "pv" && len(cmd) > 1023 {
		return fmt.Errorf("command line of %d bytes is too long for a PV guest (1023 at most)", len(cmd))
	}
	if err := os.MkdirAll(j.dir, 0o755); err != nil {
		return err
	}
	if err := copyFile(o.binary, filepath.Join(j.dir, "image")); err != nil {
		return err
	}
	if o.ramdisk != "" {
		if err := copyFile(o.ramdisk, filepath.Join(j.dir, "files")); err != nil {
			return err
		}
	} else if o.files != nil {
		if err := j.writeFiles(); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(j.dir, "config"), []byte(j.config()), 0o644); err != nil {
		return err
	}
	if o.stdin == stdinStream {
		// dom0 feeds the guest from this file while it grows.
		in := filepath.Join(j.dir, "stdin")
		if err := os.WriteFile(in, nil, 0o644); err != nil {
			return err
		}
		go func() {
			if err := streamStdin(os.Stdin, in); err != nil {
				fmt.Fprintf(os.Stderr, "go_xen_amd64_exec: forwarding standard input: %v\n", err)
			}
		}()
	}
	// The queue entry tells dom0 the job is complete: "NAME MEMORY TIMEOUT NET".
	net := 0
	if strings.Contains(o.extraConfig, "vif") {
		net = 1
	}
	entry := fmt.Sprintf("%s %d %d %d\n", j.name, o.memory, int((o.timeout+time.Second-1)/time.Second), net)
	if err := os.WriteFile(filepath.Join(j.spool, "queue", j.id), []byte(entry), 0o644); err != nil {
		return err
	}
	j.notify()
	return nil
}

// notify wakes dom0's job runner through the virtio-serial port fed by run/notify.in.
func (j *job) notify() {
	f, err := os.OpenFile(filepath.Join(filepath.Dir(j.pidfile), "notify.in"), os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if err == nil {
		f.Write([]byte("\n"))
		f.Close()
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func (j *job) qemuAlive() bool {
	b, err := os.ReadFile(j.pidfile)
	if err != nil {
		return false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return err == nil && syscall.Kill(pid, 0) == nil
}

// wait streams the guest console to stdout until dom0 reports the end, then maps the result
// to an exit status.
func (j *job) wait() int {
	o := j.opt
	sigc := make(chan os.Signal, 2)
	signal.Notify(sigc, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	var (
		filter     markerFilter
		console    *os.File
		buf        = make([]byte, 64<<10)
		t0         = time.Now()
		tStart     time.Time // dom0 started xl create (the job's "started" file exists)
		tFirst     time.Time
		tMarker    time.Time
		tResult    time.Time
		killSent   bool
		killReason string
		signalled  os.Signal
		lastAlive  = time.Now()
	)
	kill := func(why string) {
		if !killSent {
			killSent, killReason = true, why
			os.WriteFile(filepath.Join(j.dir, "kill"), nil, 0o644)
			j.notify()
		}
	}
	drain := func() int {
		if console == nil {
			return 0
		}
		total := 0
		for {
			n, _ := console.Read(buf)
			if n == 0 {
				return total
			}
			if tFirst.IsZero() {
				tFirst = time.Now()
			}
			total += n
			os.Stdout.Write(filter.Write(buf[:n]))
			if filter.found && tMarker.IsZero() {
				tMarker = time.Now()
			}
		}
	}
	var res map[string]string
	for {
		if tStart.IsZero() {
			if _, err := os.Stat(filepath.Join(j.dir, "started")); err == nil {
				tStart = time.Now()
			}
		}
		if console == nil && !tStart.IsZero() {
			console, _ = os.Open(j.console)
		}
		drain()
		if b, err := os.ReadFile(filepath.Join(j.dir, "result")); err == nil {
			if r := parseResult(b); r["done"] == "1" {
				res, tResult = r, time.Now()
				break
			}
		}
		now := time.Now()
		select {
		case s := <-sigc:
			if signalled != nil {
				return 128 + int(s.(syscall.Signal))
			}
			signalled = s
			kill("signal " + s.String())
		default:
		}
		switch {
		case !tMarker.IsZero() && now.Sub(tMarker) > 10*time.Second:
			kill("the guest printed its exit status but did not shut down")
		case !tStart.IsZero() && now.Sub(tStart) > o.timeout+60*time.Second:
			return fail("no result from dom0 %v after the job started (harness stuck? see %s)",
				now.Sub(tStart).Round(time.Second), filepath.Dir(j.pidfile))
		case killSent && now.Sub(t0) > o.timeout+90*time.Second:
			return fail("dom0 did not end the domain after a kill request")
		}
		if now.Sub(lastAlive) > time.Second {
			lastAlive = now
			if !j.qemuAlive() {
				drain()
				return fail("the harness machine (QEMU) stopped; see %s/serial.log", filepath.Dir(j.pidfile))
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if console == nil {
		console, _ = os.Open(j.console)
	}
	drain()
	end := res["end"]
	if !filter.found && (end == "poweroff" || end == "crash" || end == "reboot") {
		// Output can trail the result over the shared folder: wait for it briefly.
		for deadline := time.Now().Add(300 * time.Millisecond); time.Now().Before(deadline) && !filter.found; {
			time.Sleep(30 * time.Millisecond)
			if drain() > 0 {
				deadline = time.Now().Add(300 * time.Millisecond)
			}
		}
	}
	os.Stdout.Write(filter.Flush())
	tEnd := time.Now()

	status := j.status(res, &filter, signalled, killReason)
	ms := func(from, t time.Time) string {
		if t.IsZero() || from.IsZero() {
			return "-"
		}
		return strconv.FormatInt(t.Sub(from).Milliseconds(), 10)
	}
	// Times in ms: submit->create (queueing), create->first console byte, create->domain gone
	// (dom0's clock), create->result on the host, submit->exit.
	summary := fmt.Sprintf("job=%s domid=%s end=%s status=%d ms_queued=%s ms_first_output=%s ms_gone=%s ms_result=%s ms_total=%s",
		j.id, res["domid"], end, status, ms(t0, tStart), ms(tStart, tFirst), orDash(res["ms_to_gone"]), ms(tStart, tResult), ms(t0, tEnd))
	if o.verbose {
		fmt.Fprintln(os.Stderr, prog+": "+summary)
	}
	if o.timingsFile != "" {
		if f, err := os.OpenFile(o.timingsFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
			fmt.Fprintf(f, "binary=%s %s\n", o.base, summary)
			f.Close()
		}
	}
	return status
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func parseResult(b []byte) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			m[k] = v
		}
	}
	return m
}

func (j *job) status(res map[string]string, f *markerFilter, sig os.Signal, killReason string) int {
	end := res["end"]
	if f.found {
		return f.status
	}
	xenLog := func() {
		b, _ := os.ReadFile(filepath.Join(j.dir, "xen.log"))
		if len(b) > 0 {
			fmt.Fprintf(os.Stderr, "Xen's log for domain %s:\n%s", res["domid"], b)
		}
	}
	msg := func(format string, a ...any) { fmt.Fprintf(os.Stderr, prog+": "+format+"\n", a...) }
	switch end {
	case "crash", "watchdog":
		msg("domain crashed without exit status")
		xenLog()
		return 2
	case "reboot":
		msg("domain crashed without exit status (it asked for a reboot: a triple fault?)")
		xenLog()
		return 2
	case "timeout":
		msg("timed out after %v (XEN_EXEC_TIMEOUT); domain destroyed", j.opt.timeout)
		if b, _ := os.ReadFile(filepath.Join(j.dir, "hang.log")); len(b) > 0 {
			fmt.Fprintf(os.Stderr, "the guest's vCPU when it timed out:\n%s", b)
			if where := symbolizeHang(j.opt.binary, b); where != "" {
				fmt.Fprintln(os.Stderr, where)
			}
		}
		return 124
	case "poweroff":
		msg("domain powered off without exit status")
		return 1
	case "killed":
		msg("domain destroyed: %s", killReason)
		if sig != nil {
			return 128 + int(sig.(syscall.Signal))
		}
		return 1
	case "error":
		b, _ := os.ReadFile(filepath.Join(j.dir, "xl.log"))
		msg("xl create failed:\n%s", b)
		return 125
	}
	msg("domain ended (%s) without exit status", end)
	return 1
}
