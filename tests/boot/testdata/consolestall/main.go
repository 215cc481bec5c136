// consolestall runs while dom0's xenconsoled is stopped, so that nothing
// drains the console ring: a goroutine writing standard output blocks
// until the console drains and loses nothing, the runtime's own output
// is dropped (and counted) after a second instead of freezing the
// vCPU, and meanwhile a heartbeat goroutine keeps writing a xenstore
// counter that dom0 reads.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"xen/xenstore"
)

const lines = 2000

func main() {
	c, err := xenstore.Open()
	if err != nil {
		fail("Open: %v", err)
	}
	domid, err := c.Read("domid")
	if err != nil {
		fail("domid: %v", err)
	}
	home := "/local/domain/" + string(domid) + "/data/"
	go func() {
		for i := 0; ; i++ {
			if err := c.Write(home+"beat", []byte(strconv.Itoa(i))); err != nil {
				fail("heartbeat: %v", err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	w, err := c.Watch(home+"stalled", "stalled")
	if err != nil {
		fail("Watch: %v", err)
	}
	<-w.C // the event every new watch gets
	fmt.Printf("READY stall %s\n", domid)
	<-w.C // dom0 stopped xenconsoled

	done := make(chan struct{})
	go func() {
		for i := range lines {
			fmt.Printf("line %04d %s\n", i, strings.Repeat("x", 40))
		}
		close(done)
	}()
	time.Sleep(500 * time.Millisecond) // the writer is blocked by now
	for i := range 100 {
		println("runtime output", i, strings.Repeat("y", 40))
	}
	<-done
	fmt.Println("consolestall done")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}
