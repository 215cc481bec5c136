// diskio is the program of the storage benchmarks. It works, through package os alone, in
// the directory given as its first argument, where the guest has mounted an ext4 disk (xen:
// the mount: token; Linux: bench/guestinit), in five phases, each timed by the program:
//
//	write      a new file of MIB MiB in 1 MiB writes, then f.Sync (included in the time)
//	read       the file again in 1 MiB reads, each MiB checked; first, where the kernel has a
//	           page cache to drop (/proc/sys/vm/drop_caches exists), syscall.Sync and
//	           "3" into it, so the data comes from the disk
//	overwrite  4 KiB written at offset 0 of a file, then f.Sync, SYNCS times (each timed)
//	append     4 KiB appended to a new file, then f.Sync, SYNCS times (each timed)
//	files      FILES new files, each created, written (4 KiB), synced and closed
//
// Usage: diskio DIR MIB SYNCS FILES. It prints one line per phase and "diskio ok" at the end;
// the latencies are in microseconds.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	chunk = 1 << 20 // bytes per write and read of the sequential phases
	block = 4 << 10 // bytes per write of the other phases
)

func main() {
	if len(os.Args) != 5 {
		fail("usage: diskio DIR MIB SYNCS FILES")
	}
	dir := os.Args[1]
	mib, syncs, files := atoi(os.Args[2]), atoi(os.Args[3]), atoi(os.Args[4])
	name := filepath.Join(dir, "seq.bin")
	ms := seqWrite(name, mib)
	fmt.Printf("diskio write bytes=%d ms=%.3f\n", mib*chunk, ms)
	dropped := dropCache()
	ms = seqRead(name, mib)
	fmt.Printf("diskio read bytes=%d ms=%.3f dropcache=%d\n", mib*chunk, ms, dropped)
	fmt.Printf("diskio overwrite us=%s\n", join(overwrite(filepath.Join(dir, "overwrite.bin"), syncs)))
	fmt.Printf("diskio append us=%s\n", join(appendSync(filepath.Join(dir, "append.bin"), syncs)))
	ms = smallFiles(filepath.Join(dir, "small"), files)
	fmt.Printf("diskio files n=%d ms=%.3f\n", files, ms)
	fmt.Println("diskio ok")
}

func fail(format string, args ...any) {
	fmt.Printf("diskio: FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		fail("bad count %q", s)
	}
	return n
}

func msSince(t time.Time) float64 { return float64(time.Since(t).Microseconds()) / 1000 }

// pattern fills b with the data every write carries, and stamp marks it with the number i in
// its first 8 bytes.
func pattern(b []byte) []byte {
	for j := range b {
		b[j] = byte(j*7 + 1)
	}
	return b
}

func stamp(b []byte, i int) { binary.LittleEndian.PutUint64(b, uint64(i)) }

// seqWrite writes mib MiB to a new file and syncs it; it returns the milliseconds taken.
func seqWrite(name string, mib int) float64 {
	buf := pattern(make([]byte, chunk))
	start := time.Now()
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	check(err)
	for i := range mib {
		stamp(buf, i)
		_, err := f.Write(buf)
		check(err)
	}
	check(f.Sync())
	ms := msSince(start)
	check(f.Close())
	return ms
}

// dropCache empties the kernel's page cache when it has one (Linux); it says whether it did.
func dropCache() int {
	const knob = "/proc/sys/vm/drop_caches"
	if _, err := os.Stat(knob); errors.Is(err, fs.ErrNotExist) {
		return 0
	}
	syscall.Sync()
	check(os.WriteFile(knob, []byte("3"), 0o644))
	return 1
}

// seqRead reads the file seqWrite wrote, checking each MiB's stamp; it returns the
// milliseconds taken.
func seqRead(name string, mib int) float64 {
	buf := make([]byte, chunk)
	last := pattern(make([]byte, chunk))[chunk-1]
	start := time.Now()
	f, err := os.Open(name)
	check(err)
	for i := range mib {
		if _, err := io.ReadFull(f, buf); err != nil {
			fail("reading MiB %d of %s: %v", i, name, err)
		}
		if got := binary.LittleEndian.Uint64(buf); got != uint64(i) || buf[chunk-1] != last {
			fail("MiB %d of %s holds other data (stamp %d)", i, name, got)
		}
	}
	if n, err := f.Read(buf); n != 0 || err != io.EOF {
		fail("%s goes on after %d MiB", name, mib)
	}
	ms := msSince(start)
	check(f.Close())
	return ms
}

// overwrite writes a block of a new file and syncs it, then overwrites that block and syncs,
// n times; it returns the time of each overwrite and sync.
func overwrite(name string, n int) []time.Duration {
	buf := pattern(make([]byte, block))
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	check(err)
	_, err = f.WriteAt(buf, 0)
	check(err)
	check(f.Sync())
	lat := make([]time.Duration, n)
	for i := range n {
		stamp(buf, i+1)
		start := time.Now()
		_, err := f.WriteAt(buf, 0)
		check(err)
		check(f.Sync())
		lat[i] = time.Since(start)
	}
	check(f.Close())
	return lat
}

// appendSync appends a block to a new file and syncs it, n times; it returns the time of each
// append and sync.
func appendSync(name string, n int) []time.Duration {
	buf := pattern(make([]byte, block))
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	check(err)
	lat := make([]time.Duration, n)
	for i := range n {
		stamp(buf, i)
		start := time.Now()
		_, err := f.Write(buf)
		check(err)
		check(f.Sync())
		lat[i] = time.Since(start)
	}
	check(f.Close())
	return lat
}

// smallFiles creates n files of one block in the new directory dir, each written, synced and
// closed before the next; it returns the milliseconds taken.
func smallFiles(dir string, n int) float64 {
	check(os.Mkdir(dir, 0o755))
	buf := pattern(make([]byte, block))
	start := time.Now()
	for i := range n {
		stamp(buf, i)
		f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("f%05d", i)), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		check(err)
		_, err = f.Write(buf)
		check(err)
		check(f.Sync())
		check(f.Close())
	}
	return msSince(start)
}

// join formats durations as comma-separated microseconds.
func join(ds []time.Duration) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = strconv.FormatInt(d.Microseconds(), 10)
	}
	return strings.Join(s, ",")
}
