// bigalloc uses most of a 256 MiB domain and checks every byte.
package main

var keep [][]byte

func main() {
	const mib = 200
	for i := 0; i < mib; i++ {
		b := make([]byte, 1<<20)
		for j := range b {
			b[j] = byte(i + j)
		}
		keep = append(keep, b)
	}
	for i, b := range keep {
		for j := range b {
			if b[j] != byte(i+j) {
				println("FAIL: corrupt byte at", i, j)
				return
			}
		}
	}
	println("held and verified MiB:", mib)
}
