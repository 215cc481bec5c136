// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// The local mode: this machine is dom0 of a real Xen, so the client runs xl itself, in the
// job's own temporary directory. It creates the domain paused (`xl create -F -p`: xl stays and
// reports the shutdown reason), opens the console's pty, unpauses the domain and streams the
// console; the timeout, kill and drain rules and the exit status are the harness path's.

// consoleQuiet is how long the console must stay silent, after a shutdown without the exit
// marker, before the domain goes (its last output may still be on its way through
// xenconsoled), and consoleDrainMax bounds that wait.
const (
	consoleQuiet    = 500 * time.Millisecond
	consoleDrainMax = 3 * time.Second
)

type localRun struct {
	j  *job
	xl string

	cmd       *exec.Cmd
	xlExited  bool   // cmd was waited for
	domid     string // once xl printed it
	destroyed chan struct{}
	destroy1  sync.Once
	ended     atomic.Bool // no more console traffic is expected: stdin errors are not news
}

// runLocal runs the job with this machine's xl and returns the exit status.
func (j *job) runLocal() int {
	t0 := time.Now()
	xl, err := exec.LookPath("xl")
	if err != nil {
		return fail("local mode: xl is not on PATH")
	}
	if j.dir, err = os.MkdirTemp("", "go-xen-"); err != nil {
		return fail("%v", err)
	}
	if j.opt.keep {
		defer fmt.Fprintf(os.Stderr, "%s: job directory kept: %s\n", prog, j.dir)
	} else {
		defer os.RemoveAll(j.dir)
	}
	j.kernel, j.ramdisk = filepath.Join(j.dir, "image"), filepath.Join(j.dir, "files")
	if err := j.prepare(); err != nil {
		return fail("cannot prepare the job: %v", err)
	}
	r := &localRun{j: j, xl: xl, destroyed: make(chan struct{})}
	return r.run(t0)
}

func (r *localRun) run(t0 time.Time) int {
	j, o := r.j, r.j.opt
	sigc := make(chan os.Signal, 2)
	signal.Notify(sigc, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigc)

	domidc, outc, err := r.startXL()
	if err != nil {
		return fail("cannot run xl create: %v", err)
	}
	defer r.cleanup()
	tStart := time.Now()
	xlDone := make(chan error, 1)
	go func() { xlDone <- r.cmd.Wait() }()

	type attached struct {
		f   *os.File
		err error
	}
	var (
		filter     markerFilter
		console    *os.File
		consolec   <-chan []byte
		attachc    = make(chan attached, 1)
		timeout    = time.NewTimer(o.timeout)
		tick       = time.NewTicker(250 * time.Millisecond)
		end        string // set when the client ends the domain: timeout or killed
		killReason string
		attachErr  error
		signalled  os.Signal
		xlErr      error
		tFirst     time.Time
		tMarker    time.Time
	)
	defer tick.Stop()
	defer func() {
		if console != nil {
			console.Close()
		}
	}()
	show := func(b []byte) {
		if tFirst.IsZero() {
			tFirst = time.Now()
		}
		os.Stdout.Write(filter.Write(b))
		if filter.found && tMarker.IsZero() {
			tMarker = time.Now()
		}
	}
	kill := func(why, reason string) {
		if end == "" {
			end, killReason = why, reason
			r.stop()
		}
	}
	for !r.xlExited {
		select {
		case id := <-domidc:
			r.domid = id
			if end != "" {
				r.stop() // ended while xl was still creating it
				break
			}
			go func() {
				f, err := r.attach(id)
				attachc <- attached{f, err}
			}()
		case a := <-attachc:
			if a.err != nil {
				if end == "" { // else the domain went first, and that is the news
					attachErr = a.err
					kill("error", "")
				}
				break
			}
			console, consolec = a.f, readConsole(a.f)
			if end != "" {
				break
			}
			if o.stdin == stdinStream {
				go func() {
					if err := streamStdin(os.Stdin, a.f); err != nil && !r.ended.Load() {
						fmt.Fprintf(os.Stderr, "%s: forwarding standard input: %v\n", prog, err)
					}
				}()
			}
		case b, ok := <-consolec:
			if !ok {
				consolec = nil
				break
			}
			show(b)
		case xlErr = <-xlDone:
			r.xlExited = true
		case s := <-sigc:
			if signalled != nil {
				return 128 + int(s.(syscall.Signal)) // the deferred cleanup destroys the domain
			}
			signalled = s
			kill("killed", "signal "+s.String())
		case <-timeout.C:
			r.hangDump()
			kill("timeout", "")
		case <-tick.C:
			if !tMarker.IsZero() && time.Since(tMarker) > 10*time.Second {
				kill("killed", "the guest printed its exit status but did not shut down")
			}
		}
	}
	tGone := time.Now()
	var xlOut []byte
	select {
	case xlOut = <-outc:
	case <-time.After(2 * time.Second): // a hotplug script xl started may hold its output
	}
	domid, reason := parseXLOutput(xlOut)
	if r.domid == "" {
		r.domid = domid
	}
	if end == "" {
		end = endOfReason(reason)
	}
	if attachErr != nil {
		return fail("cannot attach to the guest's console: %v", attachErr)
	}
	// The domain is preserved: let xenconsoled pass on its last output before it goes.
	if consolec != nil && !filter.found && (end == "poweroff" || end == "crash" || end == "reboot" || end == "watchdog") {
		quiet, drainMax := time.NewTimer(consoleQuiet), time.NewTimer(consoleDrainMax)
	drain:
		for !filter.found {
			select {
			case b, ok := <-consolec:
				if !ok {
					break drain
				}
				show(b)
				quiet.Reset(consoleQuiet)
			case <-quiet.C:
				break drain
			case <-drainMax.C:
				break drain
			}
		}
	}
	if end != "poweroff" && r.domid != "" {
		if b, err := exec.Command(r.xl, "dmesg").Output(); err == nil {
			os.WriteFile(filepath.Join(j.dir, "xen.log"), domainLog(b, r.domid), 0o644)
		}
	}
	r.ended.Store(true)
	r.stop()
	<-r.destroyed
	for consolec != nil { // what the reader already had
		select {
		case b, ok := <-consolec:
			if ok {
				show(b)
			} else {
				consolec = nil
			}
		default:
			consolec = nil
		}
	}
	os.Stdout.Write(filter.Flush())
	xlStatus := 0
	var ee *exec.ExitError
	if errors.As(xlErr, &ee) {
		xlStatus = ee.ExitCode()
	}
	res := map[string]string{"end": end, "reason": reason, "domid": r.domid, "xl_status": strconv.Itoa(xlStatus),
		"ms_to_gone": strconv.FormatInt(tGone.Sub(tStart).Milliseconds(), 10)}
	return j.finish(res, &filter, signalled, killReason,
		timings{submit: t0, start: tStart, first: tFirst, result: tGone, end: time.Now()})
}

// startXL starts `xl create -F -p` in its own process group (a Ctrl-C on the terminal is the
// client's to handle, not xl's). It returns the domain's id as soon as xl prints it, and all
// of xl's output when xl is done (also kept in xl.log).
func (r *localRun) startXL() (<-chan string, <-chan []byte, error) {
	j := r.j
	logf, err := os.Create(filepath.Join(j.dir, "xl.log"))
	if err != nil {
		return nil, nil, err
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		logf.Close()
		return nil, nil, err
	}
	r.cmd = exec.Command(r.xl, "create", "-F", "-p", filepath.Join(j.dir, "config"))
	r.cmd.Stdout, r.cmd.Stderr = pw, pw
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = r.cmd.Start()
	pw.Close()
	if err != nil {
		pr.Close()
		logf.Close()
		return nil, nil, err
	}
	domidc, outc := make(chan string, 1), make(chan []byte, 1)
	go func() {
		var all []byte
		buf := make([]byte, 4096)
		sent := false
		for {
			n, err := pr.Read(buf)
			if n > 0 {
				logf.Write(buf[:n])
				all = append(all, buf[:n]...)
				if id, _ := parseXLOutput(all); !sent && id != "" {
					domidc <- id
					sent = true
				}
			}
			if err != nil {
				break
			}
		}
		pr.Close()
		logf.Close()
		outc <- all
	}()
	return domidc, outc, nil
}

// attach waits for xenconsoled to make the domain's console pty, opens it and unpauses the
// domain, so that the reader misses none of the guest's output.
func (r *localRun) attach(domid string) (*os.File, error) {
	c, err := xenstoreConn()
	if err != nil {
		return nil, fmt.Errorf("xenstore: %v", err)
	}
	defer c.Close()
	key := "/local/domain/" + domid + "/console/tty"
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		tty, err := xenstoreRead(c, key)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
		if tty != "" {
			f, err := openConsole(tty)
			if err != nil {
				return nil, err
			}
			if out, err := exec.Command(r.xl, "unpause", domid).CombinedOutput(); err != nil {
				f.Close()
				return nil, fmt.Errorf("xl unpause %s: %v: %s", domid, err, out)
			}
			return f, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("no console pty for domain %s after 20 s (%s): is xenconsoled running?", domid, key)
		}
	}
}

// readConsole passes on what the console yields until it fails (the pty hangs up when the
// domain goes).
func readConsole(f *os.File) <-chan []byte {
	c := make(chan []byte, 64)
	go func() {
		defer close(c)
		buf := make([]byte, 64<<10)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				c <- append([]byte(nil), buf[:n]...)
			}
			if err != nil {
				return
			}
		}
	}()
	return c
}

// stop destroys the domain, once, in the background; r.destroyed closes when it is done. With
// no domain id yet, xl is still creating it: xl is stopped and the domain destroyed by name.
func (r *localRun) stop() {
	r.destroy1.Do(func() {
		target := r.domid
		if target == "" {
			target = r.j.name
			if !r.xlExited {
				syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
			}
		}
		go func() {
			defer close(r.destroyed)
			exec.Command(r.xl, "destroy", target).Run() // fails when it is already gone
		}()
	})
}

// cleanup runs whatever way run returns: the domain and xl do not outlive the client.
func (r *localRun) cleanup() {
	r.ended.Store(true)
	r.stop()
	<-r.destroyed
	if !r.xlExited {
		syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	}
}

// hangDump saves the guest's vCPU registers (xen-hvmctx) for the timeout report.
func (r *localRun) hangDump() {
	if r.domid == "" {
		return
	}
	tool, err := exec.LookPath("xen-hvmctx")
	if err != nil {
		// Xen installs its helpers outside PATH.
		m, _ := filepath.Glob("/usr/lib/xen-*/bin/xen-hvmctx")
		m2, _ := filepath.Glob("/usr/lib*/xen/bin/xen-hvmctx")
		if m = append(m, m2...); len(m) == 0 {
			return
		}
		tool = m[0]
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, _ := exec.CommandContext(ctx, tool, r.domid).CombinedOutput()
	os.WriteFile(filepath.Join(r.j.dir, "hang.log"), out, 0o644)
}
