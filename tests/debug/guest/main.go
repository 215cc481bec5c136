// The debug test's guest: a known variable (answer), a function to break
// in, a panic on request, in a function the core's backtrace must name,
// and an INT3 of its own (runtime.Breakpoint).

package main

import (
	"fmt"
	"os"
	"runtime"
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
	if len(os.Args) > 1 && os.Args[1] == "trap" {
		runtime.Breakpoint() // no debugger: SIGTRAP, as on Linux
	}
	fmt.Println("done")
}
