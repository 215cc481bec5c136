package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

// ciSubset is the -short set: packages that exercise the runtime
// (scheduler, GC, maps, reflection, interfaces, memory), the OS layer
// (files, pipes, time), the network stack and the common libraries, and
// that take well under the time limit under TCG (about 5 minutes of
// guests in all). Left out although they matter: crypto/cipher (4
// minutes under TCG) and encoding/gob (a 1 GB guest).
var ciSubset = []string{
	"archive/tar",
	"bufio",
	"bytes",
	"compress/flate",
	"container/heap",
	"container/list",
	"container/ring",
	"context",
	"crypto/sha256",
	"encoding/binary",
	"encoding/hex",
	"encoding/json",
	"errors",
	"fmt",
	"hash/crc32",
	"internal/poll",
	"io",
	"io/fs",
	"log/slog",
	"maps",
	"math",
	"math/big",
	"net",
	"net/http",
	"net/netip",
	"net/url",
	"os",
	"os/signal", // the signals a program sends itself
	"reflect",   // caught the collector marking a stray pointer's target
	"regexp",
	"runtime",       // caught timed waits that never ended while Ms were busy
	"runtime/debug", // heap dumps are spooled while the world is stopped
	"runtime/pprof", // CPU profiles come from the tick; caught an M that starved
	"slices",
	"sort",
	"strconv",
	"strings",
	"sync",
	"sync/atomic",
	"testing",
	"time",
	"unicode/utf16",
	"unicode/utf8",
	"xen/netstack", // loopback TCP in a synctest bubble
}

// knownFailures lists, for packages of the CI subset, the tests known to
// fail under Xen, each for a reason the port states (README, "Known
// limits"); -short fails on any other failure, and says when a package
// listed here passes.
var knownFailures = map[string][]string{}

// noTestsOnXen says why packages with tests on linux have none to run
// on xen, where build constraints alone do not say it.
var noTestsOnXen = map[string]string{
	"crypto/internal/fips140/nistec": "its tests build for linux and darwin only: they mmap guard pages, and xen has no mmap (only benchmarks are left)",
}

// bigMemory gives the guest memory (MB) of packages whose tests need more
// than -mem, measured as the linux test binary's maximum resident set
// (GNU time -v); the guest's memory is all the RAM its program has.
var bigMemory = map[string]int{
	"encoding/gob": 1024, // TestLargeSlice: 707 MB on linux
}

func guestMemory(cfg *config, pkg string) int {
	return max(cfg.mem, bigMemory[pkg])
}

// extraFiles are the paths below GOROOT/src, beyond a package's own
// directory and testdata, that its tests read: other packages' sources,
// a subpackage's testdata. On Linux they are on disk; the guest gets them
// in its ramdisk (XEN_EXEC_FILES).
var extraFiles = map[string][]string{
	"go/build":                 {"cmd/internal/objfile"},                     // TestImportCmd
	"go/parser":                {"go/printer"},                               // ../printer/nodes.go
	"go/types":                 {"cmd/compile/internal/types2"},              // TestGenerate
	"internal/trace":           {"internal/trace/internal/tracev1/testdata"}, // TestTraceV1
	"io/ioutil":                {"io"},                                       // ReadDir("..")
	"math/big/internal/asmgen": {"math/big"},                                 // ../../arith_*.s
	"path/filepath":            {"unicode"},                                  // TestBug3486 walks it
}

// readsItself lists packages whose tests open their own binary
// (os.Args[0]); the guest gets it too, at its host path, which then is
// its os.Args[0] (src/cmd/xen, job.go).
var readsItself = map[string]bool{
	"debug/elf": true, // TestNoSectionOverlaps
}

// guestFiles is XEN_EXEC_FILES for pkg's test binary bin, whose package
// directory is dir.
func guestFiles(pkg, dir, bin string) string {
	src := strings.TrimSuffix(filepath.Clean(dir), filepath.FromSlash(pkg))
	var paths []string
	for _, p := range extraFiles[pkg] {
		paths = append(paths, filepath.Join(src, filepath.FromSlash(p)))
	}
	if readsItself[pkg] {
		if abs, err := filepath.Abs(bin); err == nil {
			paths = append(paths, abs)
		}
	}
	return strings.Join(paths, " ")
}

// slowUnderTCG gives the xen time limit of packages whose tests need more
// than -timeout when QEMU's TCG emulates every instruction (the linux
// binary runs natively, so it keeps -timeout).
var slowUnderTCG = map[string]time.Duration{
	"crypto/cipher": 8 * time.Minute, // 43 s on linux; TestCTRStream alone ran past 2 minutes
}

func xenTimeout(cfg *config, pkg string) time.Duration {
	return max(cfg.timeout, slowUnderTCG[pkg])
}

// expected lists packages whose subject does not exist in a unikernel
// (or not yet in this port). They are run and recorded like the others;
// the report marks them.
var expected = map[string]string{
	"os/exec":               "no processes",
	"os/user":               "no user database",
	"plugin":                "no dynamic loading",
	"runtime/race":          "the race detector needs cgo",
	"runtime/cgo":           "no cgo",
	"syscall":               "no kernel: processes and raw system calls return ENOSYS",
	"internal/cgrouptest":   "no cgroups",
	"internal/syscall/unix": "no kernel",
}

// stdPackages lists the std packages with test files for linux or xen,
// with whether each GOOS has test files.
func stdPackages(goBin string) (pkgs []string, hasTests map[string]map[string]bool, err error) {
	hasTests = map[string]map[string]bool{"linux": {}, "xen": {}}
	for _, goos := range []string{"linux", "xen"} {
		cmd := exec.Command(goBin, "list", "-e", "-f", "{{.ImportPath}} {{len .TestGoFiles}} {{len .XTestGoFiles}}", "std")
		cmd.Env = goEnv(goos)
		out, err := cmd.Output()
		if err != nil {
			return nil, nil, fmt.Errorf("go list std (GOOS=%s): %v", goos, err)
		}
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			var p string
			var t, x int
			if _, err := fmt.Sscan(sc.Text(), &p, &t, &x); err != nil {
				return nil, nil, fmt.Errorf("go list std: %q: %v", sc.Text(), err)
			}
			if t+x > 0 {
				hasTests[goos][p] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, goos := range []string{"linux", "xen"} {
		for p := range hasTests[goos] {
			if !seen[p] {
				seen[p] = true
				pkgs = append(pkgs, p)
			}
		}
	}
	sort.Strings(pkgs)
	return pkgs, hasTests, nil
}

// selectPackages keeps the packages matched by re (all when re is empty)
// or, in short mode, the CI subset.
func selectPackages(all []string, re string, short bool) ([]string, error) {
	var keep func(string) bool
	switch {
	case short:
		in := map[string]bool{}
		for _, p := range ciSubset {
			in[p] = true
		}
		keep = func(p string) bool { return in[p] }
	case re != "":
		rx, err := regexp.Compile(re)
		if err != nil {
			return nil, err
		}
		keep = rx.MatchString
	default:
		keep = func(string) bool { return true }
	}
	// The CI subset first, so that a run cut short by -deadline has it.
	var first, rest []string
	for _, p := range all {
		switch {
		case !keep(p) || strings.HasPrefix(p, "vendor/"):
		case slices.Contains(ciSubset, p):
			first = append(first, p)
		default:
			rest = append(rest, p)
		}
	}
	return append(first, rest...), nil
}
