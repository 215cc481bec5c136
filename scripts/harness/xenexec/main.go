// xenexec runs a program as a Xen guest and exits with its status: on this machine's own xl
// when it is dom0 of a real Xen (local.go), else in the QEMU harness's dom0 (spool.go). It is
// started by scripts/go_xen_amd64_exec (which, for the harness, sets XEN_HARNESS_DIR and
// boots it); see ../README.md for the environment variables and the protocols.
package main

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
	mode, err := execMode(os.Getenv("XEN_EXEC_MODE"), probeDom0)
	if err != nil {
		return fail("%v", err)
	}
	if os.Args[1] == "--print-mode" {
		// go_xen_amd64_exec asks, to know whether to set the harness up.
		fmt.Println(mode)
		return 0
	}
	hdir := os.Getenv("XEN_HARNESS_DIR")
	if mode == modeHarness && hdir == "" {
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
	j := &job{opt: o}
	j.id = fmt.Sprintf("%d-%d-%04x", time.Now().UnixNano(), os.Getpid(), rand.Intn(1<<16))
	j.name = "go-" + o.base + "-" + j.id
	if mode == modeLocal {
		return j.runLocal()
	}
	j.spool, j.pidfile = filepath.Join(hdir, "spool"), filepath.Join(hdir, "run", "qemu.pid")
	j.dir = filepath.Join(j.spool, "jobs", j.id)
	// dom0 copies jobs/ID/image and jobs/ID/files into its tmpfs (../dom0/jobrunner).
	j.kernel, j.ramdisk = "/tmp/img/"+j.id, "/tmp/img/"+j.id+".files"
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
