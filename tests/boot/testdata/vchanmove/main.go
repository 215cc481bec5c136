// vchanmove offers a vchan to dom0 and reads from it while the toolstack
// saves and restores the domain: the vchan must let the suspend happen
// and, in the new domain, end with vchan.ErrMoved rather than touch the
// pages it had shared (which would crash the domain).
package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"xen/vchan"
	"xen/xenstore"
)

func main() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGTERM) // starts xen/control, which suspends
	xs, err := xenstore.Open()
	if err != nil {
		fail("xenstore: %v", err)
	}
	domid, err := xs.Read("domid")
	if err != nil {
		fail("domid: %v", err)
	}
	name, err := os.Hostname()
	if err != nil {
		fail("hostname: %v", err)
	}
	c, err := vchan.Listen(0, "data/vchan", 4096, 4096)
	if err != nil {
		fail("Listen: %v", err)
	}
	fmt.Printf("READY vchanmove %s %s /local/domain/%s/data/vchan\n", name, domid, domid)
	c.SetReadDeadline(time.Now().Add(120 * time.Second))
	if err := c.Accept(); err != nil {
		fail("Accept: %v", err)
	}
	c.SetReadDeadline(time.Now().Add(180 * time.Second))
	fmt.Println("connected")
	total := 0
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		total += n
		if err == nil {
			continue
		}
		fmt.Printf("read %d bytes, then: %v\n", total, err)
		if !errors.Is(err, vchan.ErrMoved) {
			os.Exit(1)
		}
		break
	}
	if _, err := c.Write([]byte("x")); !errors.Is(err, vchan.ErrMoved) {
		fail("Write after the move: %v", err)
	}
	if err := c.Close(); err != nil {
		fail("Close after the move: %v", err)
	}
	fmt.Println("vchanmove ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}
