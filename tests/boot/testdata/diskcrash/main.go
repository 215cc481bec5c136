// Diskcrash appends checksummed records to /data/log on an ext4 disk,
// fsyncing each and printing "ACK SEQ" once it is durable, and every
// fifth record makes a file /data/names/SEQ, fsyncs it and the
// directory and prints "ACKNAME SEQ". dom0 destroys the domain at a
// random moment (storage_test.go); the next boot mounts the disk
// (replaying its journal) and checks that everything acknowledged
// before is there:
//
//	diskcrash MINRECORDS MINNAME [final]
//
// MINRECORDS records must be intact at the head of the log, and every
// name up to MINNAME must exist. Then it makes the names due for the
// records it found (a record can be durable though its fsync never
// returned), cuts a torn tail off the log and goes on writing until
// destroyed, or, with final, exits.
package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"strconv"
)

const (
	magic     = 0x676f786e // "goxn"
	headerLen = 16
	logPath   = "/data/log"
	namesDir  = "/data/names"
)

func main() {
	if len(os.Args) < 3 {
		fail("usage: diskcrash MINRECORDS MINNAME [final]")
	}
	minRecords, err1 := strconv.Atoi(os.Args[1])
	minName, err2 := strconv.Atoi(os.Args[2])
	if err1 != nil || err2 != nil {
		fail("bad arguments %q", os.Args[1:])
	}
	must(os.MkdirAll(namesDir, 0o755), "mkdir names")
	log, err := os.OpenFile(logPath, os.O_RDWR|os.O_CREATE, 0o644)
	must(err, "open log")
	n, end := scan(log)
	if n < minRecords {
		fail("%d records in the log, but %d were acknowledged", n, minRecords)
	}
	for seq := 5; seq <= minName; seq += 5 {
		b, err := os.ReadFile(fmt.Sprintf("%s/%d", namesDir, seq))
		if err != nil || string(b) != name(seq) {
			fail("name %d, acknowledged, reads %q, %v", seq, b, err)
		}
	}
	// A record can be on the disk though its fsync never returned, or
	// the crash came between its fsync and its name: make the names
	// still due, so that every name up to the log's end exists before
	// a later ACKNAME says so.
	for seq := minName + 5; seq <= n; seq += 5 {
		if b, err := os.ReadFile(fmt.Sprintf("%s/%d", namesDir, seq)); err != nil || string(b) != name(seq) {
			makeName(seq)
		}
	}
	// A torn tail (written, never acknowledged) goes before appending.
	must(log.Truncate(end), "truncate the torn tail")
	must(log.Sync(), "fsync after truncate")
	fmt.Printf("RECOVERED %d\n", n)
	if len(os.Args) > 3 && os.Args[3] == "final" {
		fmt.Println("diskcrash final ok")
		return
	}
	for seq := n + 1; ; seq++ {
		_, err := log.WriteAt(record(seq), end)
		must(err, "append")
		must(log.Sync(), "fsync log")
		end += int64(len(record(seq)))
		fmt.Printf("ACK %d\n", seq)
		if seq%5 == 0 {
			makeName(seq)
			fmt.Printf("ACKNAME %d\n", seq)
		}
	}
}

// makeName writes the file that names record seq and makes it durable:
// the file, then its directory.
func makeName(seq int) {
	p := fmt.Sprintf("%s/%d", namesDir, seq)
	must(os.WriteFile(p, []byte(name(seq)), 0o644), "write name")
	for _, s := range []string{p, namesDir} {
		f, err := os.Open(s)
		must(err, "open "+s)
		must(f.Sync(), "fsync "+s)
		f.Close()
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

func name(seq int) string { return fmt.Sprintf("name of record %d\n", seq) }

// record is record seq: a header (magic, seq, payload length, CRC-32 of
// the payload) and a payload of 100 to 9099 bytes derived from seq.
func record(seq int) []byte {
	size := 100 + seq*7919%9000
	b := make([]byte, headerLen+size)
	x := uint32(seq) * 2654435761
	for i := headerLen; i < len(b); i++ {
		x = x*1664525 + 1013904223
		b[i] = byte(x >> 24)
	}
	binary.LittleEndian.PutUint32(b[0:], magic)
	binary.LittleEndian.PutUint32(b[4:], uint32(seq))
	binary.LittleEndian.PutUint32(b[8:], uint32(size))
	binary.LittleEndian.PutUint32(b[12:], crc32.ChecksumIEEE(b[headerLen:]))
	return b
}

// scan reads the log's intact records, numbered 1, 2, ... from its
// start, and returns how many there are and where they end.
func scan(log *os.File) (n int, end int64) {
	hdr := make([]byte, headerLen)
	for {
		if _, err := log.ReadAt(hdr, end); err != nil {
			if errors.Is(err, io.EOF) {
				return n, end
			}
			fail("read log: %v", err)
		}
		size := binary.LittleEndian.Uint32(hdr[8:])
		if binary.LittleEndian.Uint32(hdr[0:]) != magic || binary.LittleEndian.Uint32(hdr[4:]) != uint32(n+1) || size > 1<<20 {
			return n, end
		}
		payload := make([]byte, size)
		if _, err := log.ReadAt(payload, end+headerLen); err != nil {
			return n, end // torn
		}
		if crc32.ChecksumIEEE(payload) != binary.LittleEndian.Uint32(hdr[12:]) {
			return n, end
		}
		n++
		end += headerLen + int64(size)
	}
}
