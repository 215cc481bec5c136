// The debug test's guest: a known variable (answer), a function to break
// in, and a panic on request, in a function the core's backtrace must name.

package main

import (
	"fmt"
	"os"
	"time"
)

var answer = 42

//go:noinline
func crashHere(n int) {
	if n > 0 {
		panic(fmt.Sprintf("crash requested %d", n))
	}
}

func main() {
	greeting := "hello, debugger"
	fmt.Println(greeting, answer)
	if len(os.Args) > 1 && os.Args[1] == "sleep" {
		time.Sleep(60 * time.Second)
	}
	if len(os.Args) > 1 && os.Args[1] == "crash" {
		crashHere(answer)
	}
	fmt.Println("done")
}
