//go:build linux

// guestinit is /init of the Linux guests the benchmarks boot: it runs the program named by its
// arguments (the kernel command line after "--") with the console as standard output and
// error, then writes the harness's exit marker ("\x00go-xen-exit:N\n", as the xen runtime does)
// and powers the domain off, so go_xen_amd64_exec treats both kinds of guest alike. With
// benchnet=ADDR/LEN on the kernel command line it first configures eth0 (net.go), with
// benchdisk=DISK:DIR it mounts an ext4 disk at DIR and unmounts it after the program (disk.go).
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	// Some benchmarks want a /proc and a /tmp, the network setup a /sys; no failure is fatal.
	os.MkdirAll("/proc", 0o755)
	syscall.Mount("proc", "/proc", "proc", 0, "")
	os.MkdirAll("/tmp", 0o1777)
	os.MkdirAll("/sys", 0o755)
	syscall.Mount("sysfs", "/sys", "sysfs", 0, "")
	rawConsole()
	if err := loopbackUp(); err != nil {
		fmt.Fprintln(os.Stderr, "guestinit: lo:", err)
	}
	if err := netUp(); err != nil {
		fmt.Fprintln(os.Stderr, "guestinit: eth0:", err)
	}
	status := 125
	dir, err := diskUp()
	if err != nil {
		// The program must not run on the initramfs in place of the disk.
		fmt.Fprintln(os.Stderr, "guestinit: disk:", err)
	} else {
		status = run(os.Args[1:])
	}
	if dir != "" {
		if err := syscall.Unmount(dir, 0); err != nil {
			fmt.Fprintf(os.Stderr, "guestinit: unmounting %s: %v\n", dir, err)
		}
	}
	fmt.Printf("\x00go-xen-exit:%d\n", status)
	syscall.Sync()
	syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	select {} // init must not exit
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "guestinit: no program to run")
		return 125
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			fmt.Fprintf(os.Stderr, "guestinit: %s: %v\n", args[0], ws.Signal())
			return 128 + int(ws.Signal())
		}
		return ee.ExitCode()
	default:
		fmt.Fprintf(os.Stderr, "guestinit: %v\n", err)
		return 125
	}
}
