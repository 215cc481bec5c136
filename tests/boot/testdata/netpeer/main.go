// Netpeer checks the guest's network against dom0's peers: DNS lookups
// through dnsmasq, dom0's UDP echo server, and the errors Linux gives for a
// refused connection and a host that does not answer, and that a datagram
// with a wrong checksum, which netback does not vouch for, is dropped.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	lookups()
	refusedAndTimeout()
	udpEcho()
	checksums()
	fmt.Println("netpeer ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func lookups() {
	addrs, err := net.LookupHost("multi.xen.test")
	if err != nil {
		fail("lookup multi.xen.test: %v", err)
	}
	slices.Sort(addrs)
	fmt.Println("multi.xen.test:", strings.Join(addrs, " "))
	_, err = net.LookupHost("missing.xen.test")
	var dnsErr *net.DNSError
	if !errors.As(err, &dnsErr) || !dnsErr.IsNotFound {
		fail("lookup missing.xen.test: %v, want not found", err)
	}
	fmt.Println("missing.xen.test:", err)
	names, err := net.LookupAddr("10.88.0.1")
	if err != nil || len(names) == 0 {
		fail("reverse lookup of 10.88.0.1: %v %v", names, err)
	}
	fmt.Println("10.88.0.1 is", names[0])
}

func refusedAndTimeout() {
	_, err := net.Dial("tcp", "10.88.0.1:9")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		fail("dial dom0's closed port: %v, want ECONNREFUSED", err)
	}
	fmt.Println("refused:", err)
	// Nobody has 10.88.0.250's MAC: the dial cannot complete.
	start := time.Now()
	_, err = net.DialTimeout("tcp", "10.88.0.250:80", time.Second)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		fail("dial a silent host: %v, want a timeout", err)
	}
	fmt.Printf("timeout: %v (after %v)\n", err, time.Since(start).Round(100*time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(300 * time.Millisecond); cancel() }()
	_, err = (&net.Dialer{}).DialContext(ctx, "tcp", "10.88.0.250:80")
	if !errors.Is(err, context.Canceled) {
		fail("dial cancelled: %v, want context.Canceled", err)
	}
	fmt.Println("cancelled:", err)
}

func udpEcho() {
	fmt.Println("READY udp")
	c, err := net.Dial("udp", "10.88.0.1:7007")
	if err != nil {
		fail("dial udp: %v", err)
	}
	defer c.Close()
	buf := make([]byte, 2048)
	for i := 0; i < 3; i++ {
		msg := fmt.Sprintf("datagram %d", i)
		// dom0's server may not be up yet: resend until it answers.
		for try := 0; ; try++ {
			c.Write([]byte(msg))
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
			n, err := c.Read(buf)
			if err == nil && string(buf[:n]) == msg {
				break
			}
			if try == 30 {
				fail("no echo of %q: %v", msg, err)
			}
		}
		fmt.Printf("echo %d ok\n", i)
	}
}

// checksums receives dom0's udp-raw datagrams: "corrupt" has a wrong UDP
// checksum and must be dropped, "intact" must arrive.
func checksums() {
	c, err := net.ListenPacket("udp4", ":7010")
	if err != nil {
		fail("listen udp: %v", err)
	}
	defer c.Close()
	fmt.Println("READY csum")
	buf := make([]byte, 2048)
	var got []string
	c.SetReadDeadline(time.Now().Add(60 * time.Second))
	for !slices.Contains(got, "intact") {
		n, _, err := c.ReadFrom(buf)
		if err != nil {
			fail("datagrams from udp-raw: got %q, then %v", got, err)
		}
		got = append(got, string(buf[:n]))
	}
	// Anything sent before "intact" has arrived by now.
	c.SetReadDeadline(time.Now().Add(time.Second))
	if n, _, err := c.ReadFrom(buf); err == nil {
		got = append(got, string(buf[:n]))
	}
	if slices.Contains(got, "corrupt") {
		fail("a datagram with a wrong checksum was delivered: %q", got)
	}
	fmt.Printf("checksums: received %q, the corrupt datagram was dropped\n", got)
}
