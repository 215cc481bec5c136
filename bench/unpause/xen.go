//go:build linux

package main

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

// Xen 4.17's domctl ABI (xen/include/public/domctl.h) and Linux's privcmd ioctl.
const (
	hypervisorDomctl        = 36
	domctlInterfaceVersion  = 0x15
	domctlUnpausedomain     = 4
	domctlSize              = 16 + 128 // header, then the union
	ioctlPrivcmdHypercall   = 0x305000 // _IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
	privcmdHypercallArgsLen = 5
)

type privcmdHypercall struct {
	op   uint64
	args [privcmdHypercallArgsLen]uint64
}

// unpauseDomain makes the XEN_DOMCTL_unpausedomain hypercall, as `xl unpause` ends up doing
// for a PVH guest (which has no device model to resume).
func unpauseDomain(domid uint16) error {
	f, err := os.OpenFile("/dev/xen/privcmd", os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	// Xen reads the domctl from this process's memory: a locked page.
	buf, err := syscall.Mmap(-1, 0, 4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return err
	}
	defer syscall.Munmap(buf)
	if err := syscall.Mlock(buf); err != nil {
		return err
	}
	le := func(off int, v uint32) {
		buf[off], buf[off+1], buf[off+2], buf[off+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
	}
	le(0, domctlUnpausedomain)
	le(4, domctlInterfaceVersion)
	buf[8], buf[9] = byte(domid), byte(domid>>8)
	h := privcmdHypercall{op: hypervisorDomctl}
	h.args[0] = uint64(uintptr(unsafe.Pointer(&buf[0])))
	r, _, errno := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), ioctlPrivcmdHypercall, uintptr(unsafe.Pointer(&h)))
	if errno != 0 {
		return fmt.Errorf("domctl unpausedomain: %v", errno)
	}
	if int64(r) != 0 {
		return fmt.Errorf("domctl unpausedomain: Xen returned %d", int64(r))
	}
	return nil
}

// openConsole opens domain domid's console pty, which xenconsoled publishes in xenstore, in
// raw mode (no echo back to the guest, no line editing).
func openConsole(domid int) (*os.File, error) {
	var tty string
	for i := 0; ; i++ {
		out, err := exec.Command("xenstore-read", fmt.Sprintf("/local/domain/%d/console/tty", domid)).Output()
		if tty = strings.TrimSpace(string(out)); err == nil && tty != "" {
			break
		}
		if i == 50 {
			return nil, fmt.Errorf("no console pty for domain %d: %v", domid, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	f, err := os.OpenFile(tty, os.O_RDONLY|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, err
	}
	var t syscall.Termios
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCGETS, uintptr(unsafe.Pointer(&t))); e != 0 {
		f.Close()
		return nil, fmt.Errorf("%s: TCGETS: %v", tty, e)
	}
	t.Iflag &^= syscall.IGNBRK | syscall.BRKINT | syscall.PARMRK | syscall.ISTRIP | syscall.INLCR | syscall.IGNCR | syscall.ICRNL | syscall.IXON
	t.Oflag &^= syscall.OPOST
	t.Lflag &^= syscall.ECHO | syscall.ECHONL | syscall.ICANON | syscall.ISIG | syscall.IEXTEN
	t.Cflag = t.Cflag&^(syscall.CSIZE|syscall.PARENB) | syscall.CS8
	t.Cc[syscall.VMIN], t.Cc[syscall.VTIME] = 1, 0
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), syscall.TCSETS, uintptr(unsafe.Pointer(&t))); e != 0 {
		f.Close()
		return nil, fmt.Errorf("%s: TCSETS: %v", tty, e)
	}
	return f, nil
}
