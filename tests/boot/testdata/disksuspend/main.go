// Disksuspend writes to its ext4 disk (mounted at /data) through the
// toolstack's suspends (xl save and restore, xl save -c, xl migrate):
// a writer appends checksummed records to /data/log, fsyncing each and
// printing "SYNCED SEQ", and every tenth record also writes a file
// /data/files/SEQ of 64 KiB and fsyncs it. Each move to a new domain
// shows as a gap (wall time runs ahead of monotonic time) and prints
// "RESUMED N". At SIGTERM (xl shutdown) the writer stops, and the
// program reads everything back and reports what it verified, with the
// log's SHA-256 for dom0 to compare with the image.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const (
	magic     = 0x676f786e // "goxn"
	headerLen = 16
	logPath   = "/data/log"
	filesDir  = "/data/files"
	fileSize  = 64 << 10
)

func main() {
	name, err := os.Hostname()
	must(err, "hostname")
	must(os.MkdirAll(filesDir, 0o755), "mkdir files")
	log, err := os.OpenFile(logPath, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o644)
	must(err, "open log")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)

	stop, written := make(chan struct{}), make(chan int)
	go func() { written <- write(log, stop) }()
	fmt.Println("READY disksuspend", name)

	gaps := 0
	last := time.Now()
	check := time.NewTicker(50 * time.Millisecond)
	for done := false; !done; {
		select {
		case <-check.C:
			now := time.Now()
			if now.Round(0).Sub(last.Round(0))-now.Sub(last) > 500*time.Millisecond {
				gaps++
				fmt.Printf("RESUMED %d\n", gaps)
			}
			last = now
		case <-sig:
			done = true
		}
	}
	close(stop)
	n := <-written
	size, sum := verify(log, n)
	must(log.Close(), "close log")
	fmt.Printf("disksuspend verified %d records, %d bytes, sha256 %x, %d files, gaps %d\n", n, size, sum, n/10, gaps)
}

// write appends records until stop, and returns how many it synced.
func write(log *os.File, stop chan struct{}) int {
	var end int64
	for seq := 1; ; seq++ {
		select {
		case <-stop:
			return seq - 1
		default:
		}
		r := record(seq)
		_, err := log.WriteAt(r, end)
		must(err, "append")
		must(log.Sync(), "fsync log")
		end += int64(len(r))
		if seq%10 == 0 {
			p := fmt.Sprintf("%s/%d", filesDir, seq)
			f, err := os.Create(p)
			must(err, "create "+p)
			_, err = f.Write(fileData(seq))
			must(err, "write "+p)
			must(f.Sync(), "fsync "+p)
			must(f.Close(), "close "+p)
		}
		fmt.Printf("SYNCED %d\n", seq)
		time.Sleep(20 * time.Millisecond)
	}
}

// verify reads back n records and their files, and returns the log's
// size and SHA-256.
func verify(log *os.File, n int) (int64, [32]byte) {
	var end int64
	for seq := 1; seq <= n; seq++ {
		want := record(seq)
		got := make([]byte, len(want))
		_, err := log.ReadAt(got, end)
		must(err, fmt.Sprintf("read record %d", seq))
		if !bytes.Equal(got, want) {
			fail("record %d at %d differs", seq, end)
		}
		end += int64(len(want))
		if seq%10 == 0 {
			b, err := os.ReadFile(fmt.Sprintf("%s/%d", filesDir, seq))
			must(err, "read file")
			if !bytes.Equal(b, fileData(seq)) {
				fail("file %d differs", seq)
			}
		}
	}
	st, err := log.Stat()
	must(err, "stat log")
	if st.Size() != end {
		fail("the log has %d bytes, want %d", st.Size(), end)
	}
	all := make([]byte, end)
	_, err = log.ReadAt(all, 0)
	must(err, "read log")
	return end, sha256.Sum256(all)
}

// record is record seq: a header (magic, seq, payload length, CRC-32 of
// the payload) and a payload of 100 to 9099 bytes derived from seq.
func record(seq int) []byte {
	size := 100 + seq*7919%9000
	b := make([]byte, headerLen+size)
	fill(b[headerLen:], uint32(seq))
	binary.LittleEndian.PutUint32(b[0:], magic)
	binary.LittleEndian.PutUint32(b[4:], uint32(seq))
	binary.LittleEndian.PutUint32(b[8:], uint32(size))
	binary.LittleEndian.PutUint32(b[12:], crc32.ChecksumIEEE(b[headerLen:]))
	return b
}

func fileData(seq int) []byte {
	b := make([]byte, fileSize)
	fill(b, uint32(seq)*97+1)
	return b
}

func fill(b []byte, seed uint32) {
	x := seed * 2654435761
	for i := range b {
		x = x*1664525 + 1013904223
		b[i] = byte(x >> 24)
	}
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func must(err error, what string) {
	if err != nil {
		fail("%s: %v", what, err)
	}
}
