// faults checks that hardware faults in Go code are recoverable Go
// panics with linux/amd64's messages.
package main

import "runtime"

type T struct{ x int }

var (
	nilT *T
	zero = 0
	mn   = -1 << 63
	neg1 = -1
)

func try(name string, f func()) {
	defer func() {
		e := recover()
		re, ok := e.(runtime.Error)
		if !ok {
			println(name, "FAIL: not a runtime.Error")
			return
		}
		println(name, "recovered:", re.Error())
	}()
	f()
}

func main() {
	try("nil", func() { println(nilT.x) })
	try("nilwrite", func() { nilT.x = 1 })
	try("div", func() { println(10 / zero) })
	try("mod", func() { println(10 % zero) })
	try("index", func() { s := []int{1}; println(s[zero+1]) })
	var m map[string]int
	try("nilmap", func() { m["a"] = 1 })
	println("overflow ok:", mn/neg1 == mn)
	println("done")
}
