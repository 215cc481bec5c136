//go:build linux

package main

import (
	"syscall"
	"unsafe"
)

// rawConsole turns off output post-processing on the console, so "\n" is not sent as "\r\n"
// (the harness's exit marker must end in a bare newline).
func rawConsole() {
	var t syscall.Termios
	if ioctl(1, syscall.TCGETS, unsafe.Pointer(&t)) == nil {
		t.Oflag &^= syscall.OPOST
		ioctl(1, syscall.TCSETS, unsafe.Pointer(&t))
	}
}

// loopbackUp brings the loopback interface up (for programs that talk to 127.0.0.1).
func loopbackUp() error {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	var req struct {
		name  [syscall.IFNAMSIZ]byte
		flags uint16
		_     [22]byte
	}
	copy(req.name[:], "lo")
	if err := ioctl(fd, syscall.SIOCGIFFLAGS, unsafe.Pointer(&req)); err != nil {
		return err
	}
	req.flags |= syscall.IFF_UP | syscall.IFF_RUNNING
	return ioctl(fd, syscall.SIOCSIFFLAGS, unsafe.Pointer(&req))
}

func ioctl(fd int, req uintptr, arg unsafe.Pointer) error {
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, uintptr(arg)); e != 0 {
		return e
	}
	return nil
}
