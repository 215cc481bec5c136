// xenstore talks to the real xenstored in dom0 over the domain's ring:
// it reads what the toolstack wrote about this domain, writes and reads
// back under its own data/ directory, watches a node and sees its own
// write fire the watch, and commits a transaction.
package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"xen/xenstore"
)

func main() {
	c, err := xenstore.Open()
	if err != nil {
		fail("Open: %v", err)
	}
	domid, err := c.Read("domid")
	if err != nil {
		fail("read domid: %v", err)
	}
	name, err := c.Read("name")
	if err != nil {
		fail("read name: %v", err)
	}
	fmt.Printf("domid=%s name=%s\n", domid, name)
	if h, err := os.Hostname(); err != nil || h != string(name) {
		fail("os.Hostname after Open = %q, %v; want the domain's name", h, err)
	}
	home, err := c.GetDomainPath(uint32(atoi(string(domid))))
	if err != nil {
		fail("GetDomainPath: %v", err)
	}
	fmt.Println("home:", home)
	if vm, err := c.Read(home + "/vm"); err == nil {
		fmt.Println("vm:", string(vm))
	}

	if _, err := c.Read("data/no-such-node"); !errors.Is(err, xenstore.ErrNotExist) {
		fail("reading a missing node: %v, want ErrNotExist", err)
	}
	fmt.Println("missing node: ErrNotExist")

	w, err := c.Watch(home+"/data/greeting", "tok")
	if err != nil {
		fail("Watch: %v", err)
	}
	<-w.C // the event xenstored sends when the watch is set
	if err := c.Write(home+"/data/greeting", []byte("hello from go")); err != nil {
		fail("Write: %v", err)
	}
	select {
	case ev := <-w.C:
		fmt.Printf("watch fired: %s %s\n", ev.Path, ev.Token)
	case <-time.After(10 * time.Second):
		fail("no watch event within 10s")
	}
	v, err := c.Read(home + "/data/greeting")
	if err != nil || string(v) != "hello from go" {
		fail("read back: %q, %v", v, err)
	}
	fmt.Println("read back:", string(v))

	err = c.Update(func(tx *xenstore.Tx) error {
		old, err := tx.Read(home + "/data/greeting")
		if err != nil {
			return err
		}
		return tx.Write(home+"/data/counted", []byte(strings.ToUpper(string(old))))
	})
	if err != nil {
		fail("transaction: %v", err)
	}
	v, _ = c.Read(home + "/data/counted")
	fmt.Println("transaction wrote:", string(v))
	names, err := c.Directory(home + "/data")
	if err != nil {
		fail("Directory: %v", err)
	}
	fmt.Println("data:", strings.Join(names, ","))
	if err := c.Remove(home + "/data/counted"); err != nil {
		fail("Remove: %v", err)
	}
	fmt.Println("xenstore ok")
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}
