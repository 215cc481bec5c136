// shutdown waits for the toolstack's request (xl shutdown, xl reboot).
// With "notify" it asks os/signal for SIGTERM, and exits 0 once it has
// it; "sleepmax" does the same beside a goroutine in
// time.Sleep(math.MaxInt64); with "net" it is a network program that asks for no signal, which
// the request ends; "evtchn" is "notify" holding an event channel of its
// own, which cannot follow a suspend.
package main

import (
	"fmt"
	"math"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"xen/evtchn"
)

func main() {
	name, err := os.Hostname()
	if err != nil {
		fmt.Println("FAIL hostname:", err)
		os.Exit(1)
	}
	switch mode := os.Args[1]; mode {
	case "notify":
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		fmt.Println("READY shutdown", name)
		fmt.Println("got", <-c, "and finished")
	case "evtchn":
		if _, err := evtchn.AllocUnbound(0); err != nil {
			fmt.Println("FAIL AllocUnbound:", err)
			os.Exit(1)
		}
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		fmt.Println("READY shutdown", name)
		fmt.Println("got", <-c, "and finished")
	case "sleepmax":
		// The only timer is at the end of time: the vCPU must sleep,
		// not spin, until the toolstack's request.
		go time.Sleep(math.MaxInt64)
		c := make(chan os.Signal, 1)
		signal.Notify(c, syscall.SIGTERM)
		fmt.Println("READY shutdown", name)
		fmt.Println("got", <-c, "and finished")
	case "net":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Println("FAIL listen:", err)
			os.Exit(1)
		}
		fmt.Println("READY shutdown", name)
		ln.Accept() // until the request ends the program
		fmt.Println("FAIL accepted")
		os.Exit(1)
	default:
		fmt.Println("FAIL unknown mode", mode)
		os.Exit(1)
	}
}
