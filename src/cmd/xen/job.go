// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A job is one guest run, in either mode: the same directory layout (image, files, config,
// then xl.log, xen.log, hang.log), the same xl config and the same mapping of its end to an
// exit status. Only who runs xl differs (spool.go: the harness's dom0; local.go: this machine).

type job struct {
	opt                  *options
	id, dir, name, spool string
	pidfile, console     string
	// Where xl finds the image and the files: dom0's copies (harness) or dir's (local).
	kernel, ramdisk string
	// What xl does when the domain ends: "preserve" for a run (the runner records how it
	// ended, lets the console drain, then destroys it), "destroy" for a config of one's own.
	onEnd string
}

func (j *job) config() string {
	o := j.opt
	var b strings.Builder
	fmt.Fprintf(&b, "name = %q\n", j.name)
	fmt.Fprintf(&b, "type = %q\n", o.guestType)
	fmt.Fprintf(&b, "kernel = %q\n", j.kernel)
	fmt.Fprintf(&b, "memory = %d\nvcpus = %d\n", o.memory, o.vcpus)
	b.WriteString("tsc_mode = \"native\"\n") // PVH under TCG: RDTSCP must not trap (see notes)
	fmt.Fprintf(&b, "cmdline = \"%s\"\n", j.cmdline())
	if o.files != nil || o.ramdisk != "" {
		fmt.Fprintf(&b, "ramdisk = %q\n", j.ramdisk)
	}
	writeList(&b, "vif", o.vifs)
	writeList(&b, "disk", o.disks)
	// A guest never restarts: Go programs end, and a triple fault shows up as a reboot.
	fmt.Fprintf(&b, "on_poweroff = %[1]q\non_reboot = %[1]q\non_crash = %[1]q\n", j.onEnd)
	if o.extraConfig != "" {
		b.WriteString(o.extraConfig + "\n")
	}
	return b.String()
}

// writeList writes an xl list setting, unless it is empty.
func writeList(b *strings.Builder, key string, items []string) {
	if len(items) == 0 {
		return
	}
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s)
	}
	fmt.Fprintf(b, "%s = [%s]\n", key, strings.Join(q, ", "))
}

// cmdline is the guest's command line; it starts in the host's working directory when files
// are shipped.
func (j *job) cmdline() string {
	o := j.opt
	cwd := o.guestCwd
	if cwd == "" && o.files != nil {
		cwd = o.cwd
	}
	return encodeCmdline(argv0(o.binary, o.cwd, o.files), o.env, slices.Concat(o.net, o.mounts), cwd, o.args, o.stdin == stdinEOF)
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

// checkCmdline refuses a command line that Xen would cut.
func (j *job) checkCmdline() error {
	if cmd := j.cmdline(); j.opt.guestType == "pv" && len(cmd) > 1023 {
		return fmt.Errorf("command line of %d bytes is too long for a PV guest (1023 at most)", len(cmd))
	}
	return nil
}

// prepare writes the job's directory: a copy of the image, the files archive (or the given
// ramdisk) and the xl config.
func (j *job) prepare() error {
	o := j.opt
	if err := j.checkCmdline(); err != nil {
		return err
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
	return os.WriteFile(filepath.Join(j.dir, "config"), []byte(j.config()), 0o644)
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

// timings are the moments a run reports (XEN_EXEC_VERBOSE, XEN_EXEC_TIMINGS).
type timings struct {
	submit, start, first, result, end time.Time // start: xl create begins
}

// finish maps the run's result to the exit status and reports its timings.
func (j *job) finish(res map[string]string, f *markerFilter, sig os.Signal, killReason string, t timings) int {
	o := j.opt
	status := j.status(res, f, sig, killReason)
	ms := func(from, to time.Time) string {
		if to.IsZero() || from.IsZero() {
			return "-"
		}
		return strconv.FormatInt(to.Sub(from).Milliseconds(), 10)
	}
	// Times in ms: submit->create (queueing), create->first console byte, create->domain gone
	// (the runner's clock), create->result, submit->exit.
	summary := fmt.Sprintf("job=%s domid=%s end=%s status=%d ms_queued=%s ms_first_output=%s ms_gone=%s ms_result=%s ms_total=%s",
		j.id, res["domid"], res["end"], status, ms(t.submit, t.start), ms(t.start, t.first), orDash(res["ms_to_gone"]),
		ms(t.start, t.result), ms(t.submit, t.end))
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

func (j *job) status(res map[string]string, f *markerFilter, sig os.Signal, killReason string) int {
	end := res["end"]
	if f.found {
		return f.status
	}
	xenLog := func() {
		b, _ := os.ReadFile(filepath.Join(j.dir, "xen.log"))
		if b = domainLog(b, res["domid"]); len(b) > 0 {
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
		b, _ := os.ReadFile(filepath.Join(j.dir, "hang.log"))
		if b = hangRegisters(b); len(b) > 0 {
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
