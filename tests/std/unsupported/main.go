// unsupported checks that what a xen guest cannot do fails with a clear
// error instead of pretending to work, then exits with status 3.
package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"syscall"
)

func check(name string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("PASS %s\n", name)
}

func fails(err error, target error) error {
	if err == nil {
		return errors.New("succeeded")
	}
	fmt.Printf("  (%v)\n", err)
	if target != nil && !errors.Is(err, target) {
		return fmt.Errorf("error %v is not %v", err, target)
	}
	return nil
}

func main() {
	check("exec", fails(exec.Command("/bin/true").Run(), nil))
	check("startprocess", fails(func() error {
		_, err := os.StartProcess("/bin/true", nil, &os.ProcAttr{})
		return err
	}(), errors.ErrUnsupported))
	check("executable", fails(func() error { _, err := os.Executable(); return err }(), nil))
	// Sockets are package net's; a family it has not (AF_PACKET) is refused.
	check("socket-family", fails(func() error { _, err := syscall.Socket(17, syscall.SOCK_RAW, 0); return err }(), syscall.EAFNOSUPPORT))
	// No vif, so no route: as Linux without a network.
	check("dial", fails(func() error { _, err := net.Dial("tcp", "192.0.2.1:80"); return err }(), syscall.ENETUNREACH))
	fmt.Println("PASS all")
	os.Exit(3)
}
