// stdin reads lines from standard input, which is the Xen console's
// input: dom0 writes them to the domain's console pty, then a Ctrl-D,
// which ends the input.
package main

import (
	"bufio"
	"fmt"
	"os"
)

func main() {
	fmt.Println("READY stdin")
	sc := bufio.NewScanner(os.Stdin)
	n := 0
	for sc.Scan() {
		n++
		fmt.Printf("line %d: %q\n", n, sc.Text())
	}
	if err := sc.Err(); err != nil {
		fmt.Println("FAIL:", err)
		os.Exit(1)
	}
	fmt.Printf("end of input after %d lines\n", n)
}
