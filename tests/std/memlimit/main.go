// memlimit checks the default soft memory limit of a xen domain: when
// GOMEMLIMIT is unset it is the domain's memory after the image less one
// heap arena, and the program lives with it: garbage many times the
// domain's memory is collected. Run in a domain of MEMLIMIT_MB megabytes
// (guest environment); with GOMEMLIMIT set, the limit is what it says.
package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
)

func check(name string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("PASS %s\n", name)
}

var sink [][]byte

func main() {
	mb, err := strconv.Atoi(os.Getenv("MEMLIMIT_MB"))
	check("MEMLIMIT_MB", err)
	domain := int64(mb) << 20
	limit := debug.SetMemoryLimit(-1)
	fmt.Printf("limit %d bytes in a %d MB domain (GOMEMLIMIT=%q)\n", limit, mb, os.Getenv("GOMEMLIMIT"))
	switch env := os.Getenv("GOMEMLIMIT"); env {
	case "":
		// Image, ramdisk and page tables take a few MB, the arena 4.
		check("default limit", want(limit > domain/2 && limit < domain-4<<20, "limit %d in a domain of %d", limit, domain))
	case "off":
		check("GOMEMLIMIT=off", want(limit == math.MaxInt64, "limit %d", limit))
	default:
		check("GOMEMLIMIT="+env, want(limit == 12<<20, "limit %d", limit))
	}
	// Garbage: 8 times the domain in 64 KiB pieces, 16 of them live.
	for i := range int(8 * domain / (64 << 10)) {
		if len(sink) < 16 {
			sink = append(sink, nil)
		}
		sink[i%16] = make([]byte, 64<<10)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("%d collections, %d MB from the runtime\n", ms.NumGC, ms.Sys>>20)
	check("garbage collected", want(ms.NumGC > 0 && int64(ms.Sys) < domain, "NumGC %d, Sys %d", ms.NumGC, ms.Sys))
	fmt.Println("PASS all")
}

func want(cond bool, format string, args ...any) error {
	if cond {
		return nil
	}
	return fmt.Errorf(format, args...)
}
