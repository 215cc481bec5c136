//go:build linux

// unpause times a guest's boot from the unpause, in dom0: it creates the domain paused
// (`xl -vvv -t create -p CONFIG`, timed, its log kept), waits for dom0 to settle, unpauses it
// with the domctl hypercall itself (forking `xl unpause` costs 0.1-0.5 s in this dom0 under
// TCG, more than what is measured), and times the first console line holding the awaited text,
// read from the domain's console pty as xenconsoled passes it on. It prints the console output,
// then one line:
//
//	BENCH-UNPAUSE create_ms=... call_ms=... line_ms=... alone=1
//
// create_ms is `xl create -p`, and xl_*_ms when its log showed each step (create.go); call_ms the unpause hypercall; line_ms from just before the
// hypercall to the line; alone says whether no other domU ran when it started. The bench stage
// "unpause" (bench/unpause.go) runs it through the harness's spool.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

func main() {
	config := flag.String("config", "", "xl config of the guest")
	name := flag.String("name", "", "the guest's name in the config")
	await := flag.String("await", "", "console text to time")
	xllog := flag.String("xllog", "/tmp/unpause-xl.log", "where xl create's verbose log goes")
	timeout := flag.Duration("timeout", 2*time.Minute, "how long to wait for the guest's end")
	flag.Parse()
	if err := run(*config, *name, *await, *xllog, *timeout); err != nil {
		fmt.Println("BENCH-UNPAUSE error:", err)
		exec.Command("xl", "destroy", *name).Run()
		os.Exit(1)
	}
}

func run(config, name, await, xllog string, timeout time.Duration) error {
	alone := waitAlone(2 * time.Minute)
	marks, err := createPaused(config, xllog)
	if err != nil {
		return err
	}
	defer exec.Command("xl", "destroy", name).Run()
	out, err := exec.Command("xl", "domid", name).Output()
	if err != nil {
		return fmt.Errorf("xl domid: %v", err)
	}
	domid, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		return fmt.Errorf("xl domid: %q", out)
	}
	con, err := openConsole(domid)
	if err != nil {
		return err
	}
	defer con.Close()
	lines := make(chan chunk, 64)
	go readChunks(con, lines)
	// Let the toolstack's and xenconsoled's work after the create end: under TCG dom0's
	// activity slows the guest's emulated CPU too.
	time.Sleep(time.Second)
	tu := time.Now()
	if err := unpauseDomain(uint16(domid)); err != nil {
		return err
	}
	callMs := ms(time.Since(tu))
	var console bytes.Buffer
	lineMs := -1.0
	deadline := time.After(timeout)
	for done := false; !done; {
		select {
		case c, ok := <-lines:
			if !ok {
				done = true
				break
			}
			console.Write(c.b)
			if lineMs < 0 && await != "" && bytes.Contains(console.Bytes(), []byte(await)) {
				lineMs = ms(c.t.Sub(tu))
			}
			done = bytes.Contains(console.Bytes(), []byte("\x00go-xen-exit:"))
		case <-deadline:
			done = true
		}
	}
	os.Stdout.Write(bytes.ReplaceAll(console.Bytes(), []byte{0}, nil))
	fmt.Printf("\nBENCH-UNPAUSE %s call_ms=%.2f line_ms=%.1f alone=%d domid=%d\n",
		marks, callMs, lineMs, b2i(alone), domid)
	return nil
}

type chunk struct {
	b []byte
	t time.Time
}

// readChunks sends what the console gives, with the time it came, until it fails.
func readChunks(f *os.File, c chan<- chunk) {
	defer close(c)
	for {
		buf := make([]byte, 4096)
		n, err := f.Read(buf)
		if n > 0 {
			c <- chunk{buf[:n], time.Now()}
		}
		if err != nil {
			return
		}
	}
}

// waitAlone waits up to max for dom0 to be the only domain, and says whether it was.
func waitAlone(max time.Duration) bool {
	for end := time.Now().Add(max); ; time.Sleep(time.Second) {
		out, err := exec.Command("xl", "list").Output()
		if err == nil && liveDomUs(string(out)) == 0 {
			return true
		}
		if time.Now().After(end) {
			return false
		}
	}
}

// liveDomUs counts the domains of `xl list` but dom0 and those dying (a zombie holds no CPU).
func liveDomUs(list string) int {
	n := 0
	for _, l := range strings.Split(list, "\n") {
		f := strings.Fields(l)
		if len(f) >= 6 && f[1] != "0" && f[1] != "ID" && !strings.Contains(f[len(f)-2], "d") {
			n++
		}
	}
	return n
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
