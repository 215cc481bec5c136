// hello prints with the runtime's own print, the smallest program.
package main

func main() { println("hello from xen") }
