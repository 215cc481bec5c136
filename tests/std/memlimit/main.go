// memlimit checks the default soft memory limit of a xen domain: when
// GOMEMLIMIT is unset it is the domain's memory after the image less a
// sixteenth, and at least one 4 MiB heap arena (runtime/memlimit_xen.go);
// debug.SetMemoryLimit and runtime/metrics report it, and the program
// lives with it: garbage many times the domain's memory is collected.
// Run in a domain of MEMLIMIT_MB megabytes (guest environment); with
// GOMEMLIMIT set, the limit is what it says. The program links
// crypto/rand, whose 32 MiB FIPS scratch buffer once sat in the BSS and
// so took most of a small domain before the heap started.
package main

import (
	"crypto/rand"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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
	s := []metrics.Sample{{Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(s)
	check("/gc/gomemlimit:bytes", want(s[0].Value.Uint64() == uint64(limit), "metric %d, limit %d", s[0].Value.Uint64(), limit))
	key := make([]byte, 32)
	rand.Read(key)
	switch env := os.Getenv("GOMEMLIMIT"); env {
	case "":
		// Image and page tables take a few MB, the headroom at least a
		// 4 MiB arena (a 16 MB domain gets about 5.4 MB; with the 32 MiB
		// BSS, a 48 MB one got as little).
		check("default limit", want(limit > domain/4 && limit < domain-4<<20, "limit %d in a domain of %d", limit, domain))
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
