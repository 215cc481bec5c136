// netfake checks that package net works in-process until a network
// stack is attached: an HTTP server and client over the fake loopback.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:8080")
	if err != nil {
		fmt.Println("FAIL listen:", err)
		os.Exit(1)
	}
	go http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	}))
	resp, err := http.Get("http://localhost:8080/xen")
	if err != nil {
		fmt.Println("FAIL get:", err)
		os.Exit(1)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "hello /xen" {
		fmt.Printf("FAIL body %q\n", body)
		os.Exit(1)
	}
	fmt.Println("PASS http over the fake loopback")
	fmt.Println("PASS all")
}
