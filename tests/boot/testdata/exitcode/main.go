// exitcode exits with the status given as its argument, after writing
// to standard output and standard error.
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad argument:", err)
		os.Exit(100)
	}
	fmt.Println("to stdout")
	fmt.Fprintln(os.Stderr, "to stderr")
	os.Exit(n)
}
