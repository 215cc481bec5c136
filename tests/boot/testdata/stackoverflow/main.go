// stackoverflow recurses without end.
package main

func f(n int) int {
	var pad [64]byte
	pad[n%64] = 1
	return f(n+1) + int(pad[0])
}

func main() { println(f(0)) }
