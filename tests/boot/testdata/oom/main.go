// oom allocates until the domain's memory runs out.
package main

var keep [][]byte

func main() {
	for {
		b := make([]byte, 1<<20)
		b[0] = 1
		keep = append(keep, b)
	}
}
