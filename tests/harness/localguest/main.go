// localguest is the GOOS=xen guest of the harness self-test's local_xl case (../localxl.sh),
// which runs the exec client inside dom0 in local mode. Its first argument picks what it does:
//
//	hello        print a greeting and its arguments, exit 0
//	exit N       exit with status N
//	panic        panic (the domain crashes, after the exit marker with status 2)
//	cat FILE     print FILE (shipped with XEN_EXEC_FILES)
//	stdin        print what standard input yields until end of file
//	sleep SECS   print "sleeping", then sleep
package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: localguest hello|exit N|panic|cat FILE|stdin|sleep SECS")
		os.Exit(64)
	}
	arg := func() string {
		if len(os.Args) < 3 {
			fmt.Fprintf(os.Stderr, "%s: an argument is missing\n", os.Args[1])
			os.Exit(64)
		}
		return os.Args[2]
	}
	switch os.Args[1] {
	case "hello":
		fmt.Printf("hello from xen, args %q\n", os.Args[2:])
	case "exit":
		n, _ := strconv.Atoi(arg())
		fmt.Println("exiting with", n)
		os.Exit(n)
	case "panic":
		panic("localguest panics")
	case "cat":
		b, err := os.ReadFile(arg())
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Printf("file: %s", b)
	case "stdin":
		b, err := io.ReadAll(os.Stdin)
		fmt.Printf("stdin: %q %v\n", b, err)
	case "sleep":
		s, _ := strconv.Atoi(arg())
		fmt.Println("sleeping")
		time.Sleep(time.Duration(s) * time.Second)
	default:
		fmt.Fprintf(os.Stderr, "unknown mode %q\n", os.Args[1])
		os.Exit(64)
	}
}
