// hostname prints os.Hostname, which is the domain's name in xenstore,
// then checks it against what package xen/xenstore reads.
package main

import (
	"fmt"
	"os"

	"xen/xenstore"
)

func main() {
	h, err := os.Hostname()
	if err != nil {
		fmt.Println("FAIL: Hostname:", err)
		os.Exit(1)
	}
	fmt.Println("hostname=" + h)
	c, err := xenstore.Open()
	if err != nil {
		fmt.Println("FAIL: xenstore:", err)
		os.Exit(1)
	}
	name, err := c.Read("name")
	if err != nil || string(name) != h {
		fmt.Printf("FAIL: xenstore name %q, %v\n", name, err)
		os.Exit(1)
	}
	if h2, _ := os.Hostname(); h2 != h {
		fmt.Printf("FAIL: second Hostname %q\n", h2)
		os.Exit(1)
	}
	fmt.Println("hostname matches xenstore")
}
