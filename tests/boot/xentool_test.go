package boot

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// goTool runs the toolchain's go tool with args and returns its output (stdout and stderr)
// and exit status.
func goTool(t *testing.T, tc toolchainPaths, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(tc.goBin, append([]string{"tool"}, args...)...)
	cmd.Env = append(os.Environ(), "GOROOT=", "GOFLAGS=", "XEN_EXEC_TIMEOUT=240")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ee):
		return out.String(), ee.ExitCode()
	}
	t.Fatalf("go tool %s: %v\n%s", strings.Join(args, " "), err, out.String())
	return "", -1
}

// TestXenTool: the toolchain ships go tool xen (cmd/xen). go tool lists it; run boots
// examples/hello with arguments and exits with the program's status; config writes an xl
// config that xl create boots in dom0, with the memory, vCPUs, disk, arguments and
// environment asked for.
func TestXenTool(t *testing.T) {
	tc := toolchain(t)
	if out, status := goTool(t, tc); status != 0 || !regexp.MustCompile(`(?m)^xen$`).MatchString(out) {
		t.Fatalf("go tool does not list xen (status %d):\n%s", status, out)
	}
	if out, status := goTool(t, tc, "xen", "bogus"); status != 2 || !strings.Contains(out, `go tool xen: unknown command "bogus"`) {
		t.Errorf("go tool xen bogus: status %d:\n%s", status, out)
	}

	hello := filepath.Join(t.TempDir(), "hello.xen")
	build := exec.Command(tc.goBin, "build", "-o", hello, ".")
	build.Dir = filepath.Join(tc.repo, "examples/hello")
	build.Env = append(os.Environ(), "GOOS=xen", "GOARCH=amd64", "GO111MODULE=off", "GOFLAGS=", "GOROOT=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building examples/hello: %v\n%s", err, out)
	}
	out, status := goTool(t, tc, "xen", "run", "-memory", "64", hello, "first arg", "x=%y")
	if status != 0 || !strings.Contains(out, "Hello from Go ") || !strings.Contains(out, "on xen/amd64!") ||
		!strings.Contains(out, "args: [first arg x=%y]") || !strings.Contains(out, "goroutine 3 woke up") {
		t.Errorf("go tool xen run hello: status %d:\n%s", status, out)
	}
	exitcode := buildGuest(t, tc, "exitcode")
	if out, status := goTool(t, tc, "xen", "run", exitcode, "3"); status != 3 || !strings.Contains(out, "to stdout") {
		t.Errorf("go tool xen run exitcode 3: status %d, want 3:\n%s", status, out)
	}

	t.Run("config", func(t *testing.T) { testXenToolConfig(t, tc) })
}

// testXenToolConfig boots testdata/args with xl create in dom0, from the config go tool xen
// config wrote, and reads its console from xenconsoled's log in the spool.
func testXenToolConfig(t *testing.T, tc toolchainPaths) {
	hdir := os.Getenv("XEN_HARNESS_DIR")
	if hdir == "" {
		hdir = filepath.Join(tc.repo, "build/harness")
	}
	id := fmt.Sprintf("xentool-%d", time.Now().UnixNano())
	spool := filepath.Join(hdir, "spool", id)
	if err := os.MkdirAll(spool, 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(spool)
	name := "go-" + id
	consoleLog := filepath.Join(hdir, "spool/consoles/guest-"+name+".log")
	defer os.Remove(consoleLog)
	data, err := os.ReadFile(buildGuest(t, tc, "args"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(spool, "args.xen"), data, 0o755); err != nil {
		t.Fatal(err)
	}

	// The image and the disk are dom0's paths: config does not look for them here.
	d := "/tmp/" + id
	out, status := goTool(t, tc, "xen", "config", "-o", filepath.Join(spool, "args.cfg"), "-name", name,
		"-memory", "72", "-vcpus", "2", "-env", "GREETING=hello there", "-env", "EMPTY=",
		"-disk", "format=raw,vdev=xvda,access=rw,script=/etc/harness/block-loop,target="+d+"/disk.img",
		d+"/args.xen", "two words", "", "100%")
	if status != 0 {
		t.Fatalf("go tool xen config: status %d:\n%s", status, out)
	}
	cfg, err := os.ReadFile(filepath.Join(spool, "args.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("config:\n%s", cfg)
	if want := `cmdline = "argv0:args.xen env:GREETING=hello%20there env:EMPTY= -- two%20words '' 100%25"`; !strings.Contains(string(cfg), want) {
		t.Errorf("config lacks %s", want)
	}

	dom0 := dom0Sh(t, tc, fmt.Sprintf(`d=%[1]s n=%[2]s
mkdir -p $d && dd if=/spool/%[3]s/args.xen of=$d/args.xen bs=1M 2>/dev/null && truncate -s 8M $d/disk.img
if xl create -p /spool/%[3]s/args.cfg >$d/create.log 2>&1; then
	# xl list counts the vCPUs online, only the first before the guest starts the others.
	xl list $n | tail -n 1 | { read -r name id mem rest; echo "listed mem=$mem vcpus=$(xl vcpu-list $n | tail -n +2 | wc -l)"; }
	xl block-list $n | tail -n +2 | { read -r vdev rest; echo "disk vdev=$vdev"; }
	xl unpause $n
	i=0
	while xl domid $n >/dev/null 2>&1 && [ $i -lt 600 ]; do nap 0.1; i=$((i + 1)); done
	xl domid $n >/dev/null 2>&1 && { echo "still running after 60 s"; xl destroy $n; }
	echo "domain gone"
else
	echo "xl create failed:"; cat $d/create.log
fi
rm -rf $d`, d, name, id))
	t.Logf("dom0:\n%s", dom0)
	for _, want := range []string{"listed mem=72 vcpus=2", "disk vdev=51712", "domain gone"} {
		if !strings.Contains(dom0, want) {
			t.Errorf("dom0's output lacks %q", want)
		}
	}
	if strings.Contains(dom0, "still running") || strings.Contains(dom0, "xl create failed") {
		t.Fatal("the guest did not boot and end")
	}

	// xenconsoled may write the last lines after the domain went.
	var console []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if console, _ = os.ReadFile(consoleLog); bytes.Contains(console, []byte("\x00go-xen-exit:0")) {
			break
		}
	}
	for _, want := range []string{"nargs=3\n", "arg1=\"two words\"\n", "arg2=\"\"\n", "arg3=\"100%\"\n",
		"GREETING=\"hello there\"\n", "EMPTY=\"\" set=true\n", "\x00go-xen-exit:0"} {
		if !bytes.Contains(console, []byte(want)) {
			t.Errorf("the guest's console lacks %q:\n%s", want, console)
		}
	}
}
