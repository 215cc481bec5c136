// xsdom0 works with dom0 through xenstore: a watch fires when dom0 runs
// xenstore-write; a transaction whose node dom0 changed meanwhile fails
// to commit with ErrAgain; Update retries such a conflict and succeeds.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
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
		fail("domid: %v", err)
	}
	n, _ := strconv.Atoi(string(domid))
	home, err := c.GetDomainPath(uint32(n))
	if err != nil {
		fail("GetDomainPath: %v", err)
	}

	w, err := c.Watch(home+"/data/peer", "dom0")
	if err != nil {
		fail("Watch: %v", err)
	}
	<-w.C // the event every new watch gets
	fmt.Printf("READY watch %s\n", home)
	ev := next(w)
	v, err := c.Read(ev.Path)
	if err != nil {
		fail("read %s: %v", ev.Path, err)
	}
	fmt.Printf("watch fired by dom0: %s = %s (token %s)\n", ev.Path, v, ev.Token)

	counter := home + "/data/counter"
	if err := c.Write(counter, []byte("0")); err != nil {
		fail("Write: %v", err)
	}
	wc, err := c.Watch(counter, "counter")
	if err != nil {
		fail("Watch: %v", err)
	}
	<-wc.C
	tx, err := c.Begin()
	if err != nil {
		fail("Begin: %v", err)
	}
	old, err := tx.Read(counter)
	if err != nil {
		fail("tx Read: %v", err)
	}
	if err := tx.Write(counter, []byte(string(old)+"+1")); err != nil {
		fail("tx Write: %v", err)
	}
	fmt.Printf("READY conflict %s\n", counter)
	next(wc) // dom0's write
	err = tx.Commit()
	if !errors.Is(err, xenstore.ErrAgain) {
		fail("commit after dom0 changed the node: %v, want ErrAgain", err)
	}
	fmt.Printf("commit after dom0's write: %v\n", err)

	attempts := 0
	err = c.Update(func(tx *xenstore.Tx) error {
		attempts++
		v, err := tx.Read(counter)
		if err != nil {
			return err
		}
		if attempts == 1 {
			// Another writer gets in between: this attempt must fail.
			if err := c.Write(counter, []byte("200")); err != nil {
				return err
			}
		}
		n, err := strconv.Atoi(string(v))
		if err != nil {
			return err
		}
		return tx.Write(counter, []byte(strconv.Itoa(n+1)))
	})
	if err != nil {
		fail("Update: %v", err)
	}
	v, _ = c.Read(counter)
	fmt.Printf("update attempts=%d counter=%s\n", attempts, v)
	if attempts != 2 || string(v) != "201" {
		fail("update did not retry the conflict")
	}
	fmt.Println("xsdom0 ok")
}

func next(w *xenstore.Watch) xenstore.WatchEvent {
	select {
	case ev := <-w.C:
		return ev
	case <-time.After(120 * time.Second):
		fail("no watch event from dom0 within 120s")
	}
	panic("unreachable")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}
