package main

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// harness talks to the dom0 of a running Xen harness through its spool directory (see
// scripts/harness/README.md, "Spool protocol"): queue/ID.sh runs a shell script in dom0 and
// its output appears as out/ID. Files reach dom0 as /spool/...; staged files are copied to
// dom0's tmpfs /tmp/bench, where xl and programs read them at memory speed instead of over 9p.
type harness struct {
	repo, dir string
	staged    map[string]string // name in /tmp/bench -> host file it came from
}

func (h *harness) spool(p ...string) string {
	return filepath.Join(append([]string{h.dir, "spool"}, p...)...)
}

// notify wakes dom0's job runner (the FIFO QEMU forwards to a virtio-serial port).
func (h *harness) notify() {
	f, err := os.OpenFile(filepath.Join(h.dir, "run", "notify.in"), os.O_WRONLY|syscall.O_NONBLOCK, 0)
	if err == nil {
		f.Write([]byte("\n"))
		f.Close()
	}
}

// dom0 runs script in dom0 (busybox sh, as root, with the harness's helpers such as `now`) and
// returns its combined output.
func (h *harness) dom0(script string, timeout time.Duration) (string, error) {
	id := fmt.Sprintf("bench-%d-%04x", os.Getpid(), rand.Intn(1<<16))
	q := h.spool("queue", id)
	body := ". /etc/harness/env\n" + script + "\n"
	if err := os.MkdirAll(h.spool("out"), 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(q+".tmp", []byte(body), 0o644); err != nil {
		return "", err
	}
	if err := os.Rename(q+".tmp", q+".sh"); err != nil {
		return "", err
	}
	h.notify()
	out := h.spool("out", id)
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(out); err == nil {
			os.Remove(out)
			return string(b), nil
		}
	}
	os.Remove(q + ".sh")
	return "", fmt.Errorf("dom0 did not answer within %v", timeout)
}

// stage copies host files into dom0's /tmp/bench under the given names (skipping those
// already there from the same host file).
func (h *harness) stage(files map[string]string) error {
	var cmds []string
	for name, src := range files {
		if h.staged[name] == src {
			continue
		}
		if err := copyFile(src, h.spool("bench", name)); err != nil {
			return err
		}
		cmds = append(cmds, fmt.Sprintf("cp /spool/bench/%[1]s /tmp/bench/%[1]s && chmod 755 /tmp/bench/%[1]s", name))
	}
	if len(cmds) == 0 {
		return nil
	}
	// Check the result: a dom0 script has been seen to come back without having run.
	var check []string
	for name := range files {
		check = append(check, fmt.Sprintf("[ -s /tmp/bench/%[1]s ] || echo MISSING %[1]s", name))
	}
	script := "mkdir -p /tmp/bench\n" + strings.Join(cmds, "\n") + "\n" + strings.Join(check, "\n") + "\necho STAGE-DONE"
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		var out string
		if out, err = h.dom0(script, 5*time.Minute); err != nil {
			continue
		}
		if !strings.Contains(out, "STAGE-DONE") || strings.Contains(out, "MISSING") {
			err = fmt.Errorf("copying into dom0's /tmp/bench failed (full?):\n%s", out)
			continue
		}
		break
	}
	if err != nil {
		return err
	}
	for name, src := range files {
		h.staged[name] = src
		os.Remove(h.spool("bench", name))
	}
	return nil
}

// unstage removes files from dom0's /tmp/bench.
func (h *harness) unstage(names ...string) error {
	var args []string
	for _, n := range names {
		args = append(args, "/tmp/bench/"+n)
		delete(h.staged, n)
	}
	_, err := h.dom0("rm -f "+strings.Join(args, " "), time.Minute)
	return err
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
