// httpserver serves HTTP on a loopback port and fetches from itself: the net/http program of
// the image-size comparison, and an in-guest loopback request benchmark (no network device).
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("httpserver: listen:", err)
		os.Exit(1)
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello, world\n") })
	go http.Serve(ln, nil)
	url := "http://" + ln.Addr().String() + "/"
	const n = 200
	start := time.Now()
	for i := 0; i < n; i++ {
		resp, err := http.Get(url)
		if err != nil {
			fmt.Println("httpserver: get:", err)
			os.Exit(1)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	el := time.Since(start)
	fmt.Printf("httpserver ok requests=%d elapsed_ms=%d us_per_request=%d\n", n, el.Milliseconds(), el.Microseconds()/n)
}
