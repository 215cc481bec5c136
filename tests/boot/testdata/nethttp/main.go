// Nethttp is an unmodified net/http program on the guest's vif: it lists
// its interfaces, fetches the URLs of its first argument (space-separated)
// from dom0's web server, then serves requests from dom0 until it has
// answered the number given as its second argument, or a request for
// /stop. /big answers 16 MiB of pseudo-random bytes and prints their
// sha256.
package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	want := 1000
	if len(os.Args) > 2 {
		want, _ = strconv.Atoi(os.Args[2])
	}
	ifaces, err := net.Interfaces()
	if err != nil {
		fmt.Println("FAIL: interfaces:", err)
		os.Exit(1)
	}
	for _, ifi := range ifaces {
		addrs, _ := ifi.Addrs()
		fmt.Printf("interface %s mtu %d mac %v flags %v addrs %v\n", ifi.Name, ifi.MTU, ifi.HardwareAddr, ifi.Flags, addrs)
	}
	for _, url := range strings.Fields(os.Args[1]) {
		fetch(url)
	}
	var served atomic.Int64
	done := make(chan struct{})
	ln, err := net.Listen("tcp", ":8080")
	if err != nil {
		fmt.Println("FAIL: listen:", err)
		os.Exit(1)
	}
	var stop sync.Once
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/big" {
			served.Add(1)
			serveBig(w)
			return
		}
		body := fmt.Sprintf("hello from %s\n", r.Host)
		// A set length keeps the flushed last answer like the others
		// (not chunked): ab counts a different length as a failure.
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		io.WriteString(w, body)
		if served.Add(1) == int64(want) || r.URL.Path == "/stop" {
			// Answer before main exits: the response must reach dom0.
			w.(http.Flusher).Flush()
			time.Sleep(200 * time.Millisecond)
			stop.Do(func() { close(done) })
		}
	}))
	fmt.Println("READY http", ln.Addr())
	select {
	case <-done:
		fmt.Println("served", served.Load(), "requests")
	case <-time.After(5 * time.Minute):
		fmt.Println("FAIL: served", served.Load(), "of", want)
		os.Exit(1)
	}
}

func fetch(url string) {
	start := time.Now()
	resp, err := http.Get(url)
	if err != nil {
		fmt.Println("FAIL: GET:", err)
		os.Exit(1)
	}
	h := sha256.New()
	n, err := io.Copy(h, resp.Body)
	resp.Body.Close()
	if err != nil {
		fmt.Println("FAIL: body:", err)
		os.Exit(1)
	}
	d := time.Since(start)
	fmt.Printf("fetched %d bytes sha256=%x in %v (%.1f MiB/s) from %s\n", n, h.Sum(nil), d.Round(time.Millisecond), float64(n)/(1<<20)/d.Seconds(), url)
}

// serveBig sends 16 MiB that dom0 checksums: the guest's largest
// transmissions, which the backend segments (TSO) when it offers to.
func serveBig(w http.ResponseWriter) {
	const size = 16 << 20
	w.Header().Set("Content-Length", strconv.Itoa(size))
	src := rand.NewChaCha8([32]byte{'n', 'e', 't', 'h', 't', 't', 'p'})
	h := sha256.New()
	buf := make([]byte, 256<<10)
	for sent := 0; sent < size; sent += len(buf) {
		src.Read(buf)
		h.Write(buf)
		if _, err := w.Write(buf); err != nil {
			fmt.Println("FAIL: sending /big:", err)
			return
		}
	}
	fmt.Printf("sent 16 MiB sha256=%x\n", h.Sum(nil))
}
