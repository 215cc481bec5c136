// Diskfiles works with files on an ext4 disk mounted at /data
// (mount:xvda=/data), through os alone. Its first argument says what
// to do:
//
//	write   check the tree dom0 made with mkfs.ext4 -d, then change it
//	        (new files and directories, appends, links, renames,
//	        removals, truncation, modes and times) and exit, which
//	        unmounts the disk
//	verify  on the disk as write left it, mounted read-only: check
//	        every change, and that changes fail with EROFS
//	enospc  fill a small disk: ENOSPC, and nothing synced lost
package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: diskfiles write|verify|enospc")
	}
	switch os.Args[1] {
	case "write":
		checkDom0Tree()
		change()
	case "verify":
		verifyChanges()
		checkReadOnly()
	case "enospc":
		fillDisk()
	default:
		fail("unknown mode %q", os.Args[1])
	}
	fmt.Println("diskfiles", os.Args[1], "ok")
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

// splitmix is dom0's pattern program's stream for seed.
func splitmix(seed uint64, n int) []byte {
	b := make([]byte, (n+7)&^7)
	x := seed
	for i := 0; i < len(b); i += 8 {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		binary.LittleEndian.PutUint64(b[i:], z^z>>31)
	}
	return b[:n]
}

func readFile(name string) []byte {
	b, err := os.ReadFile(name)
	must(err, "read "+name)
	return b
}

func expectFile(name string, want []byte) {
	if got := readFile(name); !bytes.Equal(got, want) {
		fail("%s: %d bytes that differ from the %d expected", name, len(got), len(want))
	}
}

const (
	dom0Time  = 1700000000 // dom0 touches its files to this time
	guestTime = 1600000000 // the guest sets out/data.bin's times to this
	bigSize   = 4 << 20
	dataSize  = 3<<20 + 123
	appends   = 300 // opens, appends and closes of out/appended.txt
	manyFiles = 240 // files made in out/many (a directory of several blocks), a third removed
)

// checkDom0Tree checks what dom0 put in the image (storage_test.go).
func checkDom0Tree() {
	expectFile("/data/hello.txt", []byte("hello from dom0\n"))
	expectFile("/data/sub/dir/deep.txt", []byte("deep\n"))
	expectFile("/data/big.bin", splitmix(3, bigSize))
	target, err := os.Readlink("/data/link")
	must(err, "readlink")
	if target != "sub/dir/deep.txt" {
		fail("link's target is %q", target)
	}
	expectFile("/data/link", []byte("deep\n"))
	fi, err := os.Stat("/data/hello.txt")
	must(err, "stat hello.txt")
	if fi.Mode() != 0o640 || fi.ModTime().Unix() != dom0Time || fi.Size() != 16 {
		fail("hello.txt: mode %v, mtime %d, size %d; want -rw-r-----, %d, 16", fi.Mode(), fi.ModTime().Unix(), fi.Size(), dom0Time)
	}
	ents, err := os.ReadDir("/data/many")
	must(err, "readdir many")
	if len(ents) != 300 || ents[0].Name() != "f000" || ents[299].Name() != "f299" {
		fail("many/ has %d entries", len(ents))
	}
	expectFile("/data/many/f123", []byte("123\n"))
	var st syscall.Statfs_t
	must(syscall.Statfs("/data", &st), "statfs")
	if st.Type != 0xef53 || st.Bfree == 0 || st.Bfree > st.Blocks {
		fail("statfs: type %#x, %d of %d blocks free", st.Type, st.Bfree, st.Blocks)
	}
	fmt.Printf("dom0's tree: ok (%d of %d blocks of %d bytes free)\n", st.Bfree, st.Blocks, st.Bsize)
}

// change makes the changes verifyChanges and dom0 check.
func change() {
	must(os.MkdirAll("/data/out/many", 0o755), "mkdir out/many")
	f, err := os.Create("/data/out/data.bin")
	must(err, "create data.bin")
	data := splitmix(4, dataSize)
	for off, step := 0, 1; off < len(data); step = step*3 + 1 { // odd sizes
		end := min(off+step%200000+1, len(data))
		_, err := f.Write(data[off:end])
		must(err, "write data.bin")
		off = end
	}
	must(f.Sync(), "fsync data.bin")
	must(f.Close(), "close data.bin")
	for i := range appends {
		a, err := os.OpenFile("/data/out/appended.txt", os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		must(err, "open appended.txt")
		_, err = fmt.Fprintf(a, "line %d\n", i)
		must(err, "append")
		must(a.Close(), "close appended.txt")
	}
	must(os.Link("/data/out/data.bin", "/data/out/hard"), "link")
	must(os.Symlink("data.bin", "/data/out/sl"), "symlink")
	must(os.Rename("/data/hello.txt", "/data/out/hello-moved.txt"), "rename")
	must(os.Remove("/data/sub/dir/deep.txt"), "remove deep.txt")
	must(os.Remove("/data/sub/dir"), "rmdir sub/dir")
	if err := os.Remove("/data/sub/dir"); !errors.Is(err, os.ErrNotExist) {
		fail("second rmdir: %v", err)
	}
	must(os.Truncate("/data/big.bin", 1<<20+7), "truncate big.bin")
	must(os.Chmod("/data/out/data.bin", 0o600), "chmod")
	must(os.Chtimes("/data/out/data.bin", time.Unix(guestTime, 0), time.Unix(guestTime, 0)), "chtimes")
	for i := range manyFiles {
		must(os.WriteFile(fmt.Sprintf("/data/out/many/g%03d", i), []byte(fmt.Sprint(i)), 0o644), "write many")
	}
	for i := 0; i < manyFiles; i += 3 {
		must(os.Remove(fmt.Sprintf("/data/out/many/g%03d", i)), "remove many")
	}
	// A file removed while open lives until it is closed.
	o, err := os.Create("/data/out/orphan")
	must(err, "create orphan")
	must(os.Remove("/data/out/orphan"), "remove open orphan")
	_, err = o.WriteAt([]byte("still here"), 1<<20)
	must(err, "write orphan")
	b := make([]byte, 10)
	_, err = o.ReadAt(b, 1<<20)
	must(err, "read orphan")
	if string(b) != "still here" {
		fail("orphan reads %q", b)
	}
	must(o.Close(), "close orphan")
	// A working directory on the disk.
	must(os.Chdir("/data/out"), "chdir")
	wd, err := os.Getwd()
	must(err, "getwd")
	if wd != "/data/out" {
		fail("getwd = %q", wd)
	}
	expectFile("hello-moved.txt", []byte("hello from dom0\n"))
	must(os.Chdir("/"), "chdir /")
	// Across file systems, rename and link fail as on Linux.
	if err := os.Rename("/data/out/sl", "/tmp/sl"); !errors.Is(err, syscall.EXDEV) {
		fail("rename to /tmp: %v, want EXDEV", err)
	}
	if err := os.Remove("/data"); !errors.Is(err, syscall.EBUSY) {
		fail("rmdir of the mount point: %v, want EBUSY", err)
	}
	var walked []string
	must(filepath.WalkDir("/data/out", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.Contains(p, "/many/") {
			walked = append(walked, p)
		}
		return err
	}), "walk")
	want := []string{"/data/out/appended.txt", "/data/out/data.bin", "/data/out/hard", "/data/out/hello-moved.txt", "/data/out/sl"}
	if !slices.Equal(walked, want) {
		fail("walk found %q, want %q", walked, want)
	}
	fmt.Println("changes: made")
}

// verifyChanges checks, on a later boot, what change made.
func verifyChanges() {
	data := splitmix(4, dataSize)
	expectFile("/data/out/data.bin", data)
	expectFile("/data/out/hard", data)
	expectFile("/data/out/sl", data)
	fi, err := os.Stat("/data/out/data.bin")
	must(err, "stat data.bin")
	st := fi.Sys().(*syscall.Stat_t)
	if fi.Mode() != 0o600 || fi.ModTime().Unix() != guestTime || st.Nlink != 2 {
		fail("data.bin: mode %v, mtime %d, %d links", fi.Mode(), fi.ModTime().Unix(), st.Nlink)
	}
	var lines strings.Builder
	for i := range appends {
		fmt.Fprintf(&lines, "line %d\n", i)
	}
	expectFile("/data/out/appended.txt", []byte(lines.String()))
	expectFile("/data/out/hello-moved.txt", []byte("hello from dom0\n"))
	expectFile("/data/big.bin", splitmix(3, bigSize)[:1<<20+7])
	for _, gone := range []string{"/data/hello.txt", "/data/sub/dir", "/data/out/orphan"} {
		if _, err := os.Lstat(gone); !errors.Is(err, os.ErrNotExist) {
			fail("%s: %v, want it gone", gone, err)
		}
	}
	ents, err := os.ReadDir("/data/out/many")
	must(err, "readdir out/many")
	if want := manyFiles - (manyFiles+2)/3; len(ents) != want {
		fail("out/many has %d entries, want %d", len(ents), want)
	}
	for _, e := range ents {
		var i int
		fmt.Sscanf(e.Name(), "g%d", &i)
		if i%3 == 0 {
			fail("out/many/%s was removed", e.Name())
		}
		expectFile("/data/out/many/"+e.Name(), []byte(fmt.Sprint(i)))
	}
	fmt.Println("changes: all there")
}

// checkReadOnly: on a read-only mount every change fails with EROFS.
func checkReadOnly() {
	for what, err := range map[string]error{
		"create":   func() error { _, err := os.Create("/data/new"); return err }(),
		"mkdir":    os.Mkdir("/data/newdir", 0o755),
		"remove":   os.Remove("/data/out/hard"),
		"rename":   os.Rename("/data/out/hard", "/data/out/hard2"),
		"chmod":    os.Chmod("/data/out/hard", 0o644),
		"truncate": os.Truncate("/data/big.bin", 0),
		"write": func() error {
			f, err := os.OpenFile("/data/big.bin", os.O_WRONLY, 0)
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = f.Write([]byte("x"))
			return err
		}(),
	} {
		if !errors.Is(err, syscall.EROFS) {
			fail("%s on a read-only mount: %v, want EROFS", what, err)
		}
	}
	fmt.Println("read-only: every change refused")
}

// fillDisk writes a synced file, then fills the disk: the write that
// finds no room fails with ENOSPC, the synced file is intact, and
// removing the filler makes room again.
func fillDisk() {
	keep := splitmix(5, 1<<20)
	must(os.WriteFile("/data/keep.bin", keep, 0o644), "write keep.bin")
	k, err := os.Open("/data/keep.bin")
	must(err, "open keep.bin")
	must(k.Sync(), "fsync keep.bin")
	k.Close()
	f, err := os.Create("/data/fill.bin")
	must(err, "create fill.bin")
	chunk := splitmix(6, 256<<10)
	var written int64
	for {
		n, err := f.Write(chunk)
		written += int64(n)
		if err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				fail("filling: %v after %d bytes, want ENOSPC", err, written)
			}
			break
		}
		if written > 1<<30 {
			fail("wrote 1 GiB to a small disk without ENOSPC")
		}
	}
	fmt.Printf("ENOSPC after %d MiB\n", written>>20)
	f.Close()
	expectFile("/data/keep.bin", keep)
	must(os.Remove("/data/fill.bin"), "remove fill.bin")
	must(os.WriteFile("/data/after.txt", []byte("room again\n"), 0o644), "write after ENOSPC")
	r, err := os.Open("/data/after.txt")
	must(err, "open after.txt")
	b, err := io.ReadAll(r)
	must(err, "read after.txt")
	if string(b) != "room again\n" {
		fail("after.txt reads %q", b)
	}
	r.Close()
}
