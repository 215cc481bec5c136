// hello is the boot benchmark's program: one line of output, then exit.
package main

import "fmt"

func main() { fmt.Println("hello, world") }
