// netserve is the program of the network benchmarks: it fetches the URL given as its argument
// (dom0's 16 MiB file) and reports the rate, then serves HTTP on :8080 until dom0 asks for
// /quit: "/" answers "hello, world" (the request-rate load) and "/bytes/N" sends N MiB (the
// guest -> dom0 throughput).
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) > 1 {
		fetch(os.Args[1])
	}
	ln, err := net.Listen("tcp", ":8080")
	if err != nil {
		fmt.Println("netserve: listen:", err)
		os.Exit(1)
	}
	quit := make(chan struct{})
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = byte(i * 7)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello, world\n") })
	mux.HandleFunc("/bytes/", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/bytes/"))
		if err != nil || n < 1 || n > 1024 {
			http.Error(w, "bad size", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(n<<20))
		for i := 0; i < n<<20/len(chunk); i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/quit", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "bye\n")
		close(quit)
	})
	go http.Serve(ln, mux)
	fmt.Println("netserve ready", ln.Addr())
	select {
	case <-quit:
		time.Sleep(100 * time.Millisecond) // let the answer to /quit go out
		fmt.Println("netserve ok")
	case <-time.After(5 * time.Minute):
		fmt.Println("netserve: no /quit within 5 minutes")
		os.Exit(1)
	}
}

// fetch GETs url, discards the body and prints its size and rate (MiB/s, the guest's clock).
func fetch(url string) {
	start := time.Now()
	resp, err := http.Get(url)
	if err != nil {
		fmt.Println("netserve: fetch:", err)
		os.Exit(1)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	el := time.Since(start)
	if err != nil || resp.StatusCode != http.StatusOK {
		fmt.Println("netserve: fetch:", resp.Status, err)
		os.Exit(1)
	}
	fmt.Printf("netserve fetch bytes=%d ms=%d mibps=%.2f\n", n, el.Milliseconds(), float64(n)/(1<<20)/el.Seconds())
}
