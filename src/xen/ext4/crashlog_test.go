// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestCrashLog runs the workload of tests/boot/testdata/diskcrash on
// the package API, over many crash/remount cycles, long enough for
// the journal to wrap many times: append a checksummed record to a
// log and Sync it ("ACK SEQ"); every fifth record also create a file
// names/SEQ, write it, Sync it and Sync the directory ("ACKNAME
// SEQ"). Each cycle mounts the crashed image (replaying the journal,
// or crashing again midway now and then), checks the acknowledged
// records and names, cuts the log's torn tail (Truncate + Sync) and
// appends until the device is cut: at a random request, or at a
// random flush, which then loses an arbitrary subset of the writes
// since the previous one. Every few cycles, and whenever a check
// fails, e2fsck replays a copy of the crashed image as the kernel
// would: it must then be clean, hold every acknowledged record and
// name (read with debugfs) and agree with Mount's replay, which tells
// a commit that lost something from a replay that lost it.
//
// A record can be durable although its Sync never returned: the
// crash came after its commit block reached the disk. If its name is
// due, the next boot, which resumes after the last intact record,
// must create that name itself (crashLogRedo): without that, the
// name never exists, and the check of diskcrash (every multiple of
// five up to the last name acknowledged) fails on it after the next
// acknowledged name, although no fsync'd data was lost.
func TestCrashLog(t *testing.T) {
	for _, v := range []struct {
		name   string
		opts   []string
		cycles int // per seed
		seeds  int
	}{
		// As the boot test's disk: 1 KiB blocks, a 4 MiB journal.
		{"default", nil, 120, 3},
		// A 1 MiB journal wraps four times as often.
		{"J1", []string{"-J", "size=1"}, 120, 3},
	} {
		t.Run(v.name, func(t *testing.T) {
			toolsEvery := 10
			if testing.Short() || raceEnabled {
				v.cycles, v.seeds, toolsEvery = 20, 1, 10
			}
			if raceEnabled {
				v.cycles = 8 // the race detector slows it tenfold
			}
			base, err := os.ReadFile(mkfs(t, 64<<20, v.opts...))
			if err != nil {
				t.Fatal(err)
			}
			for s := range v.seeds {
				crashLogRun(t, base, uint64(s), v.cycles, toolsEvery)
			}
		})
	}
}

// crashLogRedo makes each boot create the names of the records it
// finds in the log, as diskcrash must; false reproduces the boot
// test's false alarm.
var crashLogRedo = true

const crashLogMagic = 0x676f786e

// crashLogRecord is record seq, as diskcrash writes it.
func crashLogRecord(seq int) []byte {
	size := 100 + seq*7919%9000
	b := make([]byte, 16+size)
	x := uint32(seq) * 2654435761
	for i := 16; i < len(b); i++ {
		x = x*1664525 + 1013904223
		b[i] = byte(x >> 24)
	}
	binary.LittleEndian.PutUint32(b[0:], crashLogMagic)
	binary.LittleEndian.PutUint32(b[4:], uint32(seq))
	binary.LittleEndian.PutUint32(b[8:], uint32(size))
	binary.LittleEndian.PutUint32(b[12:], crc32.ChecksumIEEE(b[16:]))
	return b
}

func crashLogName(seq int) string { return fmt.Sprintf("name of record %d\n", seq) }

// crashLogScan counts the intact records at the head of log.
func crashLogScan(log []byte) (n int, end int64) {
	for {
		if int(end)+16 > len(log) {
			return n, end
		}
		h := log[end:]
		size := int64(binary.LittleEndian.Uint32(h[8:]))
		if binary.LittleEndian.Uint32(h) != crashLogMagic || binary.LittleEndian.Uint32(h[4:]) != uint32(n+1) ||
			end+16+size > int64(len(log)) || crc32.ChecksumIEEE(h[16:16+size]) != binary.LittleEndian.Uint32(h[12:]) {
			return n, end
		}
		n++
		end += 16 + size
	}
}

// crashLogState is what the workload has been told is durable.
type crashLogState struct {
	acked    int          // the last record whose Sync returned
	named    map[int]bool // the names whose directory Sync returned
	lastName int          // the last "ACKNAME" of the run loop
	// unnamed says why a boot found a record whose name is due but
	// was never acknowledged.
	unnamed map[int]string
}

func crashLogRun(t *testing.T, base []byte, seed uint64, cycles, toolsEvery int) {
	rng := rand.New(rand.NewPCG(seed, 1510))
	dir := t.TempDir()
	img := slices.Clone(base)
	work := make([]byte, len(img)) // the device's, reused: Mount changes it
	st := crashLogState{named: map[int]bool{}, unnamed: map[int]string{}}
	var jseq0, jseq uint32
	mountCrashes, restarts, records, redone := 0, 0, 0, 0
	for cycle := range cycles {
		var kernel *crashLogReplay
		if cycle > 0 && cycle%toolsEvery == 0 {
			kernel = crashLogKernel(t, dir, img)
			if ok, msg := kernel.check(&st); !ok {
				t.Fatalf("seed %d cycle %d: %s", seed, cycle, msg)
			}
		}
		copy(work, img)
		dev := &crashDev{durable: work, cut: 1 << 30, rng: rng}
		if cycle > 0 && rng.IntN(20) == 0 {
			// Now and then the power goes during the mount's replay.
			dev.cut = 1 + rng.IntN(60)
		}
		fs, err := Mount(dev, Options{})
		if dev.crashed != nil {
			img = dev.crashed
			mountCrashes++
			continue
		}
		if err != nil {
			t.Fatalf("seed %d cycle %d: Mount: %v", seed, cycle, err)
		}
		dev.cut = 1 << 30 // not while checking
		if cycle == 0 {
			jseq0 = fs.jnl.seq
		}
		fail := func(format string, args ...any) {
			t.Helper()
			if kernel == nil {
				kernel = crashLogKernel(t, dir, img)
			}
			_, diag := kernel.check(&st)
			t.Fatalf("seed %d cycle %d (after %d journal transactions through a log of %d blocks): %s\n%s",
				seed, cycle, fs.jnl.seq-jseq0, fs.jnl.maxlen-fs.jnl.first, fmt.Sprintf(format, args...), diag)
		}
		// The boot's checks, on the file system as Mount replayed it.
		var data, names, log Ino
		if data, err = fs.Mkdir(fs.Root(), "data", 0o755, 0, 0); errIs(err, syscall.EEXIST) {
			data, err = fs.Lookup(fs.Root(), "data")
		}
		if err == nil {
			if names, err = fs.Mkdir(data, "names", 0o755, 0, 0); errIs(err, syscall.EEXIST) {
				names, err = fs.Lookup(data, "names")
			}
		}
		if err == nil {
			if log, err = fs.Lookup(data, "log"); errIs(err, syscall.ENOENT) {
				log, err = fs.Create(data, "log", 0o644, 0, 0)
			}
		}
		if err != nil {
			fail("%v", err)
		}
		n, end := crashLogScan(readAll(t, fs, log))
		if n < st.acked {
			fail("%d records in the log, but %d were acknowledged", n, st.acked)
		}
		has := func(seq int) bool {
			ino, err := fs.Lookup(names, itoa(uint64(seq)))
			return err == nil && string(readAll(t, fs, ino)) == crashLogName(seq)
		}
		for seq := range st.named {
			if !has(seq) {
				fail("name %d, acknowledged, is missing or wrong", seq)
			}
		}
		// What diskcrash checks: every name up to the last ACKNAME.
		for seq := 5; seq <= st.lastName; seq += 5 {
			if !has(seq) {
				fail("name %d is missing, but name %d was acknowledged; name %d was not: %s",
					seq, st.lastName, seq, st.unnamed[seq])
			}
		}
		for seq := st.lastName + 5; seq <= n; seq += 5 {
			if _, ok := st.unnamed[seq]; !st.named[seq] && !ok {
				why := "its record's Sync never returned, but the record is in the log"
				if seq <= st.acked {
					why = "its record was acknowledged, the crash came before the name's"
				}
				st.unnamed[seq] = fmt.Sprintf("%s (boot of cycle %d)", why, cycle)
			}
		}
		if kernel != nil {
			var ours []string
			ents, err := fs.ReadDir(names)
			if err != nil {
				fail("ReadDir: %v", err)
			}
			for _, e := range ents {
				ours = append(ours, e.Name)
			}
			slices.Sort(ours)
			if n != kernel.records || !slices.Equal(ours, kernel.names) {
				fail("Mount's replay found %d records and names %v, e2fsck's %d and %v", n, ours, kernel.records, kernel.names)
			}
		}

		if end > 8<<20 {
			// As many records as the boot test writes: start over,
			// so that the disk does not fill up.
			ents, err := fs.ReadDir(names)
			for _, e := range ents {
				if err == nil && e.Name != "." && e.Name != ".." {
					err = fs.Unlink(names, e.Name)
				}
			}
			if err == nil {
				err = fs.Truncate(log, 0)
			}
			if err == nil {
				err = fs.Sync(log)
			}
			if err != nil {
				fail("starting over: %v", err)
			}
			n, end = 0, 0
			st = crashLogState{named: map[int]bool{}, unnamed: map[int]string{}}
			restarts++
		}

		// From here on, the device may go at any request.
		if rng.IntN(2) == 0 {
			dev.cut = dev.calls + 1 + rng.IntN(4000)
		} else {
			dev.cutF = dev.flushes + 1 + rng.IntN(400)
		}
		name := func(seq int) error {
			ino, err := fs.Lookup(names, itoa(uint64(seq)))
			if errIs(err, syscall.ENOENT) {
				ino, err = fs.Create(names, itoa(uint64(seq)), 0o644, 0, 0)
			}
			if err == nil {
				err = fs.Truncate(ino, 0)
			}
			if err == nil {
				_, err = fs.WriteAt(ino, []byte(crashLogName(seq)), 0)
			}
			if err == nil {
				err = fs.Sync(ino)
			}
			if err == nil {
				err = fs.Sync(names)
			}
			return err
		}
		// The names of records found but never acknowledged.
		for seq := st.lastName + 5; crashLogRedo && err == nil && seq <= n; seq += 5 {
			if !st.named[seq] {
				if err = name(seq); err == nil {
					st.named[seq] = true
					redone++
				}
			}
		}
		if err == nil {
			err = fs.Truncate(log, end)
		}
		if err == nil {
			err = fs.Sync(log)
		}
		for seq := n + 1; err == nil; seq++ {
			r := crashLogRecord(seq)
			if _, err = fs.WriteAt(log, r, end); err != nil {
				break
			}
			if err = fs.Sync(log); err != nil {
				break
			}
			records++
			end += int64(len(r))
			st.acked = seq
			if seq%5 == 0 {
				if err = name(seq); err != nil {
					break
				}
				st.named[seq] = true
				st.lastName = seq
			}
		}
		if dev.crashed == nil {
			t.Fatalf("seed %d cycle %d: %v", seed, cycle, err)
		}
		jseq = fs.jnl.seq
		img = dev.crashed
	}
	if ok, msg := crashLogKernel(t, dir, img).check(&st); !ok {
		t.Fatalf("seed %d, after the last cycle: %s", seed, msg)
	}
	t.Logf("seed %d: %d cycles (%d crashed in Mount), %d journal transactions, %d records acknowledged, the log started over %d times; %d names made at boot, for records found without an acknowledged name",
		seed, cycles, mountCrashes, jseq-jseq0, records, restarts, redone)
}

// crashLogReplay is the state of a crashed image after e2fsck's
// replay of its journal, which is the kernel's.
type crashLogReplay struct {
	fsck    []string // what e2fsck found wrong
	records int      // intact records in the log
	names   []string // the names in /data/names, sorted
}

// crashLogKernel replays a copy of the crashed image with e2fsck -E
// journal_only, as the kernel would, checks it with e2fsck -fn and
// reads the log and the names with debugfs.
func crashLogKernel(t *testing.T, dir string, img []byte) *crashLogReplay {
	p := filepath.Join(dir, "kernel.img")
	if err := os.WriteFile(p, img, 0o644); err != nil {
		t.Fatal(err)
	}
	r := &crashLogReplay{}
	if out, code := runTool(t, "e2fsck", "-fy", "-E", "journal_only", p); code > 1 {
		r.fsck = append(r.fsck, fmt.Sprintf("e2fsck -E journal_only: exit %d\n%s", code, out))
	}
	if out, code := runTool(t, "e2fsck", "-fn", p); code != 0 {
		r.fsck = append(r.fsck, fmt.Sprintf("after e2fsck's journal replay, e2fsck -fn: exit %d\n%s", code, out))
	}
	lp := filepath.Join(dir, "kernel.log")
	os.Remove(lp)
	runTool(t, "debugfs", "-R", "dump /data/log "+lp, p)
	b, _ := os.ReadFile(lp)
	r.records, _ = crashLogScan(b)
	out, _ := runTool(t, "debugfs", "-R", "ls -p /data/names", p)
	// ls -p prints /ino/mode/uid/gid/name/size/ lines.
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Split(l, "/"); len(f) > 5 {
			r.names = append(r.names, f[5])
		}
	}
	slices.Sort(r.names)
	return r
}

// check reports whether the replayed image is clean and holds every
// acknowledged record and name, and what it found.
func (r *crashLogReplay) check(st *crashLogState) (bool, string) {
	msg := slices.Clone(r.fsck)
	if r.records < st.acked {
		msg = append(msg, fmt.Sprintf("after e2fsck's journal replay, %d records in the log, but %d were acknowledged", r.records, st.acked))
	}
	var missing []int
	for seq := range st.named {
		if _, ok := slices.BinarySearch(r.names, itoa(uint64(seq))); !ok {
			missing = append(missing, seq)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		msg = append(msg, fmt.Sprintf("after e2fsck's journal replay, acknowledged names missing too: %v", missing))
	} else {
		msg = append(msg, fmt.Sprintf("after e2fsck's journal replay: %d records, every acknowledged name there", r.records))
	}
	return len(r.fsck) == 0 && len(missing) == 0 && r.records >= st.acked, strings.Join(msg, "\n")
}
