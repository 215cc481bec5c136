//go:build linux

package main

import (
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"time"
	"unsafe"
)

// netUp configures eth0 when the kernel command line says benchnet=ADDR/LEN (the kernel hands
// such parameters to init as environment variables): it loads /xen-netfront.ko (the Debian
// kernel has netfront as a module), waits for eth0, gives it the address and brings it up.
func netUp() error {
	cidr := os.Getenv("benchnet")
	if cidr == "" {
		return nil
	}
	ip, ipnet, err := net.ParseCIDR(cidr)
	if err != nil || ip.To4() == nil {
		return fmt.Errorf("benchnet=%s: want an IPv4 ADDR/LEN", cidr)
	}
	if err := loadModule("/xen-netfront.ko"); err != nil {
		return fmt.Errorf("loading xen-netfront: %v", err)
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer syscall.Close(fd)
	for i := 0; ; i++ {
		if _, err := ifFlags(fd, "eth0"); err == nil {
			break
		} else if i == 100 {
			return fmt.Errorf("no eth0 after 10 s: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := ifAddr(fd, "eth0", syscall.SIOCSIFADDR, ip.To4()); err != nil {
		return fmt.Errorf("SIOCSIFADDR: %v", err)
	}
	if err := ifAddr(fd, "eth0", syscall.SIOCSIFNETMASK, net.IP(ipnet.Mask).To4()); err != nil {
		return fmt.Errorf("SIOCSIFNETMASK: %v", err)
	}
	if err := ifUp(fd, "eth0"); err != nil {
		return err
	}
	// Wait for the carrier (netback connected), so the program's first packet is not lost.
	for i := 0; i < 100; i++ {
		if b, err := os.ReadFile("/sys/class/net/eth0/carrier"); err == nil && strings.TrimSpace(string(b)) == "1" {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("eth0 has no carrier after 10 s")
}

// sysFinitModule is finit_module's number on amd64 (package syscall does not define it).
const sysFinitModule = 313

// loadModule loads a kernel module from a file (finit_module(2), no parameters).
func loadModule(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	params := []byte{0}
	if _, _, e := syscall.Syscall(sysFinitModule, f.Fd(), uintptr(unsafe.Pointer(&params[0])), 0); e != 0 && e != syscall.EEXIST {
		return e
	}
	return nil
}

// ifreq is struct ifreq with an IPv4 struct sockaddr_in or the flags in its union.
type ifreq struct {
	name [syscall.IFNAMSIZ]byte
	data [24]byte
}

func ifFlags(fd int, name string) (uint16, error) {
	var req ifreq
	copy(req.name[:], name)
	err := ioctl(fd, syscall.SIOCGIFFLAGS, unsafe.Pointer(&req))
	return *(*uint16)(unsafe.Pointer(&req.data[0])), err
}

func ifUp(fd int, name string) error {
	flags, err := ifFlags(fd, name)
	if err != nil {
		return err
	}
	var req ifreq
	copy(req.name[:], name)
	*(*uint16)(unsafe.Pointer(&req.data[0])) = flags | syscall.IFF_UP | syscall.IFF_RUNNING
	return ioctl(fd, syscall.SIOCSIFFLAGS, unsafe.Pointer(&req))
}

// ifAddr sets an IPv4 address-type field of an interface (SIOCSIFADDR, SIOCSIFNETMASK).
func ifAddr(fd int, name string, op uintptr, a net.IP) error {
	var req ifreq
	copy(req.name[:], name)
	sa := (*syscall.RawSockaddrInet4)(unsafe.Pointer(&req.data[0]))
	sa.Family = syscall.AF_INET
	copy(sa.Addr[:], a)
	return ioctl(fd, op, unsafe.Pointer(&req))
}
