// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// configArgs runs config's flag parsing on args and returns the config.
func configArgs(t *testing.T, args, environ []string) (string, error) {
	t.Helper()
	var f configFlags
	fs := f.flagSet()
	if err := fs.Parse(args); err != nil {
		t.Fatalf("%q: %v", args, err)
	}
	if fs.NArg() == 0 {
		t.Fatalf("%q: no image", args)
	}
	return configFor(&f, fs.Arg(0), fs.Args()[1:], environ)
}

func TestConfigFlags(t *testing.T) {
	environ := []string{"XEN_GUEST_MEMORY=128", "XEN_GUEST_VCPUS=3", "GOTRACEBACK=all", "GOGC=100",
		"XEN_GUEST_ENV_GREETING=hi there", "XEN_GUEST_NET=ip=10.88.0.9/24", "HOME=/root"}
	got, err := configArgs(t, []string{"-memory", "64", "-name", "hello-1", "-env", "GOGC=50", "-env", "EMPTY=",
		"-vif", "bridge=xenbr0,script=/etc/harness/vif-bridge", "-vif", "mac=00:16:3e:00:00:05,bridge=xenbr0",
		"-disk", "format=raw,vdev=xvda,access=rw,target=/tmp/d.img", "-mount", "xvda=/data", "-mount", "xvdb=/ref,ro",
		"-ramdisk", "/tmp/files.tar", "-cwd", "/data",
		"/img/hello.xen", "first arg", "", "-v", "100%"}, environ)
	if err != nil {
		t.Fatal(err)
	}
	want := `name = "hello-1"
type = "pvh"
kernel = "/img/hello.xen"
memory = 64
vcpus = 3
tsc_mode = "native"
cmdline = "argv0:hello.xen env:GOTRACEBACK=all env:GOGC=50 env:GREETING=hi%20there env:EMPTY= ip=10.88.0.9/24 mount:xvda=/data mount:xvdb=/ref,ro cwd:/data -- first%20arg '' -v 100%25"
ramdisk = "/tmp/files.tar"
vif = ["bridge=xenbr0,script=/etc/harness/vif-bridge", "mac=00:16:3e:00:00:05,bridge=xenbr0"]
disk = ["format=raw,vdev=xvda,access=rw,target=/tmp/d.img"]
on_poweroff = "destroy"
on_reboot = "destroy"
on_crash = "destroy"
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// Without flags, the config is exec's for the same environment, but for where the image is
// and what happens at the end; its command line is exec's with a live console.
func TestConfigIsExecs(t *testing.T) {
	environ := []string{"XEN_GUEST_MEMORY=96", "XEN_GUEST_TYPE=pv", "XEN_GUEST_CONFIG=extra = 1",
		"XEN_GUEST_ENV_A=b c", "GODEBUG=x=1", "XEN_GUEST_NET=ip=dhcp", "XEN_GUEST_MOUNT=xvda=/d"}
	args := []string{"a", "b=c", "ünï"}
	got, err := configArgs(t, append([]string{"/img/prog"}, args...), environ)
	if err != nil {
		t.Fatal(err)
	}
	o, err := optionsFromEnv("/img/prog", args, environ)
	if err != nil {
		t.Fatal(err)
	}
	o.stdin = stdinConsole
	j := &job{opt: o, name: "go-prog", kernel: "/img/prog", onEnd: "destroy"}
	if want := j.config(); got != want {
		t.Errorf("got\n%s\nwant exec's\n%s", got, want)
	}
	if !strings.Contains(got, `cmdline = "argv0:prog env:GODEBUG=x=1 env:A=b%20c ip=dhcp mount:xvda=/d -- a b=c %C3%BCn%C3%AF"`) {
		t.Errorf("unexpected command line:\n%s", got)
	}
}

func TestConfigRelativePaths(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	got, err := configArgs(t, []string{"-ramdisk", "f.tar", "sub/p.xen"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`name = "go-p.xen"`, `kernel = "` + filepath.Join(wd, "sub/p.xen") + `"`,
		`ramdisk = "` + filepath.Join(wd, "f.tar") + `"`, `cmdline = "argv0:p.xen --"`, "memory = 256\nvcpus = 1\n"} {
		if !strings.Contains(got, w) {
			t.Errorf("config lacks %q:\n%s", w, got)
		}
	}
	if regexp.MustCompile(`(?m)^(vif|disk) `).MatchString(got) {
		t.Errorf("vif or disk without flags:\n%s", got)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct {
		args    []string
		environ []string
		err     string
	}{
		{[]string{"-memory", "x", "p"}, nil, `bad -memory "x" (MB)`},
		{[]string{"-vcpus", "0", "p"}, nil, `bad -vcpus "0"`},
		{[]string{"-type", "hvm", "p"}, nil, `bad -type "hvm" (pvh or pv)`},
		{[]string{"-env", "NOVALUE", "p"}, nil, `bad -env "NOVALUE" (want KEY=VALUE)`},
		{[]string{"-env", "=x", "p"}, nil, `bad -env "=x"`},
		{[]string{"-net", "mask=1", "p"}, nil, `bad XEN_GUEST_NET setting "mask=1"`},
		{[]string{"-mount", "xvda=data", "p"}, nil, `bad XEN_GUEST_MOUNT setting "xvda=data"`},
		{[]string{"-vif", `bridge="x"`, "p"}, nil, `cannot be written in an xl config`},
		{[]string{"-disk", "target=/a\nb", "p"}, nil, `cannot be written in an xl config`},
		{[]string{"-cwd", "data", "p"}, nil, `bad -cwd "data" (an absolute path in the guest)`},
		{[]string{"-name", `a"b`, "p"}, nil, `cannot be written in an xl config`},
		{[]string{"p"}, []string{"XEN_GUEST_VCPUS=-1"}, `bad XEN_GUEST_VCPUS "-1"`},
		{[]string{"-type", "pv", "p", strings.Repeat("x", 1100)}, nil, "too long for a PV guest"},
	} {
		_, err := configArgs(t, c.args, c.environ)
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%q: error %v, want %q", c.args, err, c.err)
		}
	}
}

// -o writes the file; the command's status is 0.
func TestConfigOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "hello.cfg")
	var status int
	stdout, stderr := capture(t, func() { status = xenMain([]string{"config", "-o", out, "-vcpus", "2", "/img/hello.xen", "x"}) })
	if status != 0 || stdout != "" || stderr != "" {
		t.Fatalf("status %d, stdout %q, stderr %q", status, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "vcpus = 2\n") || !strings.Contains(string(b), `cmdline = "argv0:hello.xen -- x"`) {
		t.Errorf("config:\n%s", b)
	}
}
