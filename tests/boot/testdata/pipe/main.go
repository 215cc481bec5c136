// Pipe checks os.Pipe: data crosses between goroutines, a full pipe makes
// the writer wait, closing the write end is end of file, closing the read
// end makes writes fail with EPIPE, and stdout can be captured as the
// testing package does for examples.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"
)

func main() {
	r, w, err := os.Pipe()
	if err != nil {
		fail("Pipe: %v", err)
	}
	want := bytes.Repeat([]byte("0123456789"), 100000) // 1 MB: more than the pipe holds
	go func() {
		if _, err := w.Write(want); err != nil {
			fail("Write: %v", err)
		}
		w.Close()
	}()
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, want) {
		fail("ReadAll: %d bytes, %v", len(got), err)
	}
	fmt.Printf("1 MB through the pipe, then EOF\n")
	r.Close()

	r, w, _ = os.Pipe()
	r.Close()
	if _, err := w.Write([]byte("x")); !errors.Is(err, syscall.EPIPE) {
		fail("Write after the reader closed: %v, want EPIPE", err)
	}
	w.Close()
	fmt.Println("EPIPE after the reader closed")

	// As testing.runExample does.
	stdout := os.Stdout
	r, w, _ = os.Pipe()
	os.Stdout = w
	done := make(chan string)
	go func() {
		var buf bytes.Buffer
		io.Copy(&buf, r)
		done <- buf.String()
	}()
	fmt.Println("captured line")
	w.Close()
	os.Stdout = stdout
	if s := <-done; s != "captured line\n" {
		fail("captured %q", s)
	}
	if fi, err := r.Stat(); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		fail("Stat of a pipe: %v %v", fi, err)
	}
	fmt.Println("pipe ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}
