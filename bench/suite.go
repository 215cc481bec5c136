package main

// suiteNote (printed in the report) says what was left out of the suites and why.
const suiteNote = "Nothing is left out (runtime's BenchmarkStackGrowth was until 2026-12-02: " +
	"it had once hung on xen; it finished in each of 5 runs tried that day)."

// A suite is the benchmarks of one standard package that run on all three targets: none of
// them reads testdata files (a xen guest has only an in-memory file system) or starts
// processes. The selection is small so that a full run fits in about half an hour under TCG.
type suite struct {
	name, pkg, bench string
}

var suites = []suite{
	{"runtime", "runtime", `^Benchmark(ChanSync|ChanProdCons10|CreateGoroutines|PingPongHog|Malloc8|MallocLargeStruct|WriteBarrier|StackGrowth)$`},
	{"json", "encoding/json", `^Benchmark(UnicodeDecoder|UnmarshalString|UnmarshalMap|MarshalMap|EncodeMarshaler)$`},
	{"flate", "compress/flate", `^BenchmarkWriterMemUsage$/^level=(1|6|9)$`},
	{"sha256", "crypto/sha256", `^BenchmarkHash(8Bytes|1K|8K)$/^New$`},
	{"regexp", "regexp", `^Benchmark(Literal|NotLiteral|MatchClass|ReplaceAll)$`},
	{"sort", "sort", `^Benchmark(SortInt1K|StableInt1K|SortString1K)$`},
	{"strconv", "internal/strconv", `^Benchmark(FormatIntSmall|Atof64Decimal|Atof64RandomBits)$`},
	{"big", "math/big", `^Benchmark(GCD100x1000|Sqrt|QuoRem)$`},
}
