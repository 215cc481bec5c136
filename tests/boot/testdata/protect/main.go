// protect checks the memory protection the runtime sets up at boot, by
// breaking it as its argument says; each must end in a Go-style fatal
// error (or, for page 0, a recoverable panic), as on linux/amd64:
//
//	text   write to the program's machine code (read-only)
//	heap   jump into a heap object (not executable)
//	data   jump into a global variable (not executable)
//	rodata write to read-only data
//	page0  read from page 0, past the first word (not mapped)
package main

import (
	"fmt"
	"os"
	"unsafe"
)

// ret is x86's RET: harmless if the jump were allowed.
var code = [16]byte{0xc3}

var greeting = "read-only"

//go:noinline
func target() int { return 42 }

// call jumps to p as if it were a Go function.
func call(p unsafe.Pointer) {
	fv := &struct{ fn uintptr }{uintptr(p)}
	f := *(*func())(unsafe.Pointer(&fv))
	f()
}

func main() {
	mode := os.Args[1]
	fmt.Println("breaking", mode)
	switch mode {
	case "text":
		f := target
		pc := **(**uintptr)(unsafe.Pointer(&f))
		*(*byte)(unsafe.Pointer(pc)) = 0xcc
	case "heap":
		b := make([]byte, 64)
		copy(b, code[:])
		call(unsafe.Pointer(&b[0]))
	case "data":
		call(unsafe.Pointer(&code[0]))
	case "rodata":
		*(*byte)(unsafe.Pointer(unsafe.StringData(greeting))) = 'R'
	case "page0":
		defer func() { fmt.Println("page0 recovered:", recover()) }()
		fmt.Println(*(*byte)(unsafe.Pointer(uintptr(0x800))))
		return
	}
	fmt.Println("FAIL: nothing stopped it")
}
