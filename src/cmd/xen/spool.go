// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The harness path: the job goes through the spool that the QEMU machine shares with its dom0
// (scripts/harness/README.md, "Spool protocol"), whose job runner (scripts/harness/dom0/jobrunner)
// runs xl.

// submit writes the job into the spool and wakes dom0's job runner.
func (j *job) submit() error {
	o := j.opt
	if err := j.prepare(); err != nil {
		return err
	}
	if o.stdin == stdinStream {
		// dom0 feeds the guest from this file while it grows.
		in := filepath.Join(j.dir, "stdin")
		if err := os.WriteFile(in, nil, 0o644); err != nil {
			return err
		}
		go func() {
			if err := streamStdinFile(os.Stdin, in); err != nil {
				fmt.Fprintf(os.Stderr, "%s: forwarding standard input: %v\n", prog, err)
			}
		}()
	}
	// The queue entry tells dom0 the job is complete: "NAME MEMORY TIMEOUT NET".
	net := 0
	if strings.Contains(o.extraConfig, "vif") || len(o.vifs) > 0 {
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

	return j.finish(res, &filter, signalled, killReason,
		timings{submit: t0, start: tStart, first: tFirst, result: tResult, end: tEnd})
}
