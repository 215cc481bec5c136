// args prints its arguments and environment from the domain command line.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Printf("nargs=%d\n", len(os.Args)-1)
	for i, a := range os.Args[1:] {
		fmt.Printf("arg%d=%q\n", i+1, a)
	}
	fmt.Printf("GREETING=%q\n", os.Getenv("GREETING"))
	v, ok := os.LookupEnv("EMPTY")
	fmt.Printf("EMPTY=%q set=%v\n", v, ok)
	_, ok = os.LookupEnv("UNSET_VARIABLE")
	fmt.Printf("UNSET_VARIABLE set=%v\n", ok)
}
