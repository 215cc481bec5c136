// vchanclient connects to a vchan that dom0's vchan-socket-proxy serves
// (libxenvchan's server: it grants the pages, the guest maps them),
// sends a line and reads dom0's.
package main

import (
	"bufio"
	"fmt"
	"os"
	"time"

	"xen/vchan"
	"xen/xenstore"
)

func main() {
	xs, err := xenstore.Open()
	if err != nil {
		fail("xenstore: %v", err)
	}
	domid, err := xs.Read("domid")
	if err != nil {
		fail("domid: %v", err)
	}
	path := "/local/domain/0/data/vchan-" + string(domid)
	fmt.Printf("READY vchanclient %s %s\n", domid, path)
	var c *vchan.Conn
	for deadline := time.Now().Add(90 * time.Second); ; {
		if c, err = vchan.Dial(0, path); err == nil {
			break
		}
		if time.Now().After(deadline) {
			fail("Dial: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	fmt.Println("connected")
	if _, err := fmt.Fprintf(c, "hello from the guest %s\n", domid); err != nil {
		fail("Write: %v", err)
	}
	c.SetReadDeadline(time.Now().Add(60 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		fail("Read: %v", err)
	}
	fmt.Printf("received: %s", line)
	if err := c.Close(); err != nil {
		fail("Close: %v", err)
	}
	fmt.Println("vchanclient ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}
