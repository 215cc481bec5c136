// Netloop checks the TCP/IP stack on the loopback interface every guest
// has: an unmodified net/http server and client, UDP echo, and the errors
// and timeouts Linux gives.
package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	httpLoop()
	udpEcho()
	errorsAsOnLinux()
	fmt.Println("netloop ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func httpLoop() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("listen: %v", err)
	}
	body := strings.Repeat("0123456789abcdef", 4096) // 64 KiB
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, body)
	})}
	go srv.Serve(ln)
	url := "http://" + ln.Addr().String() + "/"
	fmt.Println("serving on", ln.Addr())
	start := time.Now()
	const sequential = 200
	for i := 0; i < sequential; i++ {
		get(url, len(body))
	}
	fmt.Printf("%d sequential GETs of 64 KiB in %v\n", sequential, time.Since(start).Round(time.Millisecond))
	start = time.Now()
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			get(url, len(body))
		}()
	}
	wg.Wait()
	fmt.Printf("50 concurrent GETs in %v\n", time.Since(start).Round(time.Millisecond))
	// Close, not Shutdown: a connection the client's transport dialed but
	// did not use stays new, and Shutdown waits 5 s for those.
	if err := srv.Close(); err != nil {
		fail("close: %v", err)
	}
	fmt.Println("http ok")
}

func get(url string, want int) {
	resp, err := http.Get(url)
	if err != nil {
		fail("GET: %v", err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || n != int64(want) {
		fail("GET body: %d bytes, %v", n, err)
	}
}

func udpEcho() {
	for _, network := range []string{"udp4", "udp6"} {
		addr := "127.0.0.1:0"
		if network == "udp6" {
			addr = "[::1]:0"
		}
		pc, err := net.ListenPacket(network, addr)
		if err != nil {
			fail("listen %s: %v", network, err)
		}
		go func() {
			buf := make([]byte, 2048)
			for {
				n, from, err := pc.ReadFrom(buf)
				if err != nil {
					return
				}
				pc.WriteTo(buf[:n], from)
			}
		}()
		c, err := net.Dial(network, pc.LocalAddr().String())
		if err != nil {
			fail("dial %s: %v", network, err)
		}
		for i := 0; i < 100; i++ {
			msg := fmt.Sprintf("datagram %d", i)
			c.Write([]byte(msg))
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			buf := make([]byte, 64)
			n, err := c.Read(buf)
			if err != nil || string(buf[:n]) != msg {
				fail("%s echo %d: %q, %v", network, i, buf[:n], err)
			}
		}
		c.Close()
		pc.Close()
		fmt.Printf("%s echo ok (local %v)\n", network, c.LocalAddr())
	}
}

func errorsAsOnLinux() {
	// A port nobody listens on.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	_, err := net.Dial("tcp", addr)
	if !errors.Is(err, syscall.ECONNREFUSED) {
		fail("dial closed port: %v, want ECONNREFUSED", err)
	}
	fmt.Println("refused:", err)

	// A read that times out.
	ln, _ = net.Listen("tcp", "[::1]:0")
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			time.Sleep(2 * time.Second)
			c.Close()
		}
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		fail("dial: %v", err)
	}
	c.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
	_, err = c.Read(make([]byte, 1))
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
		fail("read past deadline: %v, want a timeout", err)
	}
	fmt.Println("timeout:", err)
	// Then the peer closes: end of file.
	c.SetReadDeadline(time.Time{})
	if _, err := c.Read(make([]byte, 1)); err != io.EOF {
		fail("read after peer close: %v, want EOF", err)
	}
	c.Close()
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
		fail("read after close: %v, want net.ErrClosed", err)
	}
	fmt.Println("errors ok")
}
