// files exercises the in-memory file system through package os: it
// prints one PASS line per check and exits 1 after the first failure.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sync"
	"syscall"
	"time"
)

func check(name string, err error) {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		os.Exit(1)
	}
	fmt.Printf("PASS %s\n", name)
}

func want(cond bool, format string, args ...any) error {
	if cond {
		return nil
	}
	return fmt.Errorf(format, args...)
}

func main() {
	start := time.Now()
	dir := "/tmp/files"
	check("mkdir", os.Mkdir(dir, 0755))
	check("chdir", func() error {
		if err := os.Chdir(dir); err != nil {
			return err
		}
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		return want(wd == dir, "Getwd = %q", wd)
	}())

	check("create-write-read", func() error {
		data := []byte("hello, xen file system\n")
		if err := os.WriteFile("a.txt", data, 0640); err != nil {
			return err
		}
		got, err := os.ReadFile(filepath.Join(dir, "a.txt"))
		if err != nil {
			return err
		}
		return want(bytes.Equal(got, data), "read %q", got)
	}())

	check("stat", func() error {
		fi, err := os.Stat("a.txt")
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		return errors.Join(
			want(fi.Size() == 23, "size %d", fi.Size()),
			want(fi.Mode() == 0640, "mode %v", fi.Mode()),
			want(fi.Mode().IsRegular(), "not regular"),
			want(st.Nlink == 1, "nlink %d", st.Nlink),
			want(!fi.ModTime().Before(start.Truncate(time.Second)) && time.Since(fi.ModTime()) < time.Minute,
				"mtime %v, started %v", fi.ModTime(), start),
		)
	}())

	check("umask", func() error {
		if err := os.WriteFile("u.txt", nil, 0777); err != nil {
			return err
		}
		fi, err := os.Stat("u.txt")
		if err != nil {
			return err
		}
		return want(fi.Mode() == 0755, "mode %v, want -rwxr-xr-x", fi.Mode())
	}())

	check("chmod-chown-chtimes", func() error {
		if err := os.Chmod("a.txt", 0600); err != nil {
			return err
		}
		if err := os.Chown("a.txt", 1000, 1000); err != nil {
			return err
		}
		mt := time.Date(2001, 2, 3, 4, 5, 6, 7, time.UTC)
		if err := os.Chtimes("a.txt", mt, mt); err != nil {
			return err
		}
		fi, err := os.Stat("a.txt")
		if err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		return errors.Join(
			want(fi.Mode() == 0600, "mode %v", fi.Mode()),
			want(st.Uid == 1000 && st.Gid == 1000, "owner %d:%d", st.Uid, st.Gid),
			want(fi.ModTime().Equal(mt), "mtime %v", fi.ModTime()),
		)
	}())

	check("append-seek-readat", func() error {
		f, err := os.OpenFile("a.txt", os.O_RDWR|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := f.WriteString("more\n"); err != nil {
			return err
		}
		if _, err := f.Seek(7, io.SeekStart); err != nil {
			return err
		}
		b := make([]byte, 3)
		if _, err := io.ReadFull(f, b); err != nil {
			return err
		}
		c := make([]byte, 5)
		if _, err := f.ReadAt(c, 23); err != nil {
			return err
		}
		return errors.Join(want(string(b) == "xen", "read %q", b), want(string(c) == "more\n", "readat %q", c))
	}())

	check("sparse-large", func() error {
		f, err := os.Create("sparse")
		if err != nil {
			return err
		}
		defer f.Close()
		const off = 1 << 40 // 1 TiB
		if _, err := f.WriteAt([]byte("end"), off); err != nil {
			return err
		}
		fi, err := f.Stat()
		if err != nil {
			return err
		}
		b := make([]byte, 8)
		if _, err := f.ReadAt(b, off-5); err != nil {
			return err
		}
		st := fi.Sys().(*syscall.Stat_t)
		return errors.Join(
			want(fi.Size() == off+3, "size %d", fi.Size()),
			want(string(b) == "\x00\x00\x00\x00\x00end", "read %q", b),
			want(st.Blocks*512 < 1<<20, "%d blocks allocated", st.Blocks),
		)
	}())

	check("big-file", func() error {
		data := make([]byte, 3<<20+12345)
		for i := range data {
			data[i] = byte(i * 7)
		}
		if err := os.WriteFile("big", data, 0644); err != nil {
			return err
		}
		if err := os.Truncate("big", 1<<20+1); err != nil {
			return err
		}
		got, err := os.ReadFile("big")
		if err != nil {
			return err
		}
		if err := os.Truncate("big", 2<<20); err != nil {
			return err
		}
		got2, err := os.ReadFile("big")
		if err != nil {
			return err
		}
		return errors.Join(
			want(bytes.Equal(got, data[:1<<20+1]), "truncated data differs"),
			want(len(got2) == 2<<20 && bytes.Equal(got2[:1<<20+1], data[:1<<20+1]) && !slices.ContainsFunc(got2[1<<20+1:], func(b byte) bool { return b != 0 }),
				"regrown file is not zero-filled"),
		)
	}())

	check("rename-remove", func() error {
		if err := os.Rename("a.txt", "b.txt"); err != nil {
			return err
		}
		_, err1 := os.Stat("a.txt")
		_, err2 := os.Stat("b.txt")
		err3 := os.Remove("b.txt")
		_, err4 := os.Stat("b.txt")
		return errors.Join(
			want(errors.Is(err1, fs.ErrNotExist), "old name: %v", err1),
			want(err2 == nil, "new name: %v", err2), want(err3 == nil, "remove: %v", err3),
			want(errors.Is(err4, fs.ErrNotExist), "after remove: %v", err4),
		)
	}())

	check("errors", func() error {
		_, err1 := os.Open("/nonexistent")
		err2 := os.Mkdir(dir, 0755)
		_, err3 := os.ReadFile(dir)
		err4 := os.Remove("/tmp")
		_, err5 := os.Open("big/x")
		return errors.Join(
			want(errors.Is(err1, fs.ErrNotExist), "open: %v", err1),
			want(errors.Is(err2, fs.ErrExist), "mkdir: %v", err2),
			want(errors.Is(err3, syscall.EISDIR), "read dir: %v", err3),
			want(errors.Is(err4, syscall.ENOTEMPTY), "remove /tmp: %v", err4),
			want(errors.Is(err5, syscall.ENOTDIR), "through a file: %v", err5),
		)
	}())

	check("readdir", func() error {
		for _, d := range []string{"d/x", "d/y/z"} {
			if err := os.MkdirAll(d, 0755); err != nil {
				return err
			}
		}
		if err := os.WriteFile("d/f", []byte("f"), 0644); err != nil {
			return err
		}
		ents, err := os.ReadDir("d")
		if err != nil {
			return err
		}
		var names []string
		for _, e := range ents {
			names = append(names, fmt.Sprintf("%s:%v", e.Name(), e.IsDir()))
		}
		var walked []string
		err = filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
			walked = append(walked, p)
			return err
		})
		return errors.Join(err,
			want(slices.Equal(names, []string{"f:false", "x:true", "y:true"}), "entries %v", names),
			want(slices.Contains(walked, "d/y/z") && slices.Contains(walked, "sparse"), "walked %v", walked),
		)
	}())

	check("symlink-link", func() error {
		if err := os.Symlink("d/f", "sl"); err != nil {
			return err
		}
		if err := os.Link("d/f", "hl"); err != nil {
			return err
		}
		target, err := os.Readlink("sl")
		if err != nil {
			return err
		}
		got, err := os.ReadFile("sl")
		if err != nil {
			return err
		}
		li, err := os.Lstat("sl")
		if err != nil {
			return err
		}
		hi, err := os.Stat("hl")
		if err != nil {
			return err
		}
		fi, _ := os.Stat("d/f")
		return errors.Join(
			want(target == "d/f", "readlink %q", target), want(string(got) == "f", "read through link %q", got),
			want(li.Mode()&fs.ModeSymlink != 0, "lstat mode %v", li.Mode()),
			want(os.SameFile(hi, fi) && hi.Sys().(*syscall.Stat_t).Nlink == 2, "hard link"),
		)
	}())

	check("root", func() error {
		r, err := os.OpenRoot("d")
		if err != nil {
			return err
		}
		defer r.Close()
		if err := r.WriteFile("y/in-root", []byte("r"), 0644); err != nil {
			return err
		}
		_, errEscape := r.Open("../sparse")
		got, err := os.ReadFile("d/y/in-root")
		return errors.Join(err, want(string(got) == "r", "read %q", got),
			want(errEscape != nil, "escaped the root"))
	}())

	check("temp-removeall", func() error {
		td, err := os.MkdirTemp("", "t")
		if err != nil {
			return err
		}
		f, err := os.CreateTemp(td, "x*.tmp")
		if err != nil {
			return err
		}
		f.Close()
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		if err := os.RemoveAll(td); err != nil {
			return err
		}
		_, err1 := os.Stat(dir)
		_, err2 := os.Getwd()
		return errors.Join(
			want(filepath.Dir(td) == "/tmp", "temp dir %q", td),
			want(errors.Is(err1, fs.ErrNotExist), "stat removed: %v", err1),
			want(err2 != nil, "Getwd in a removed directory succeeded"),
			os.Chdir("/"),
		)
	}())

	check("devices", func() error {
		n, err := fmt.Fprintln(os.Stdout, "PASS stdout write")
		if err != nil {
			return err
		}
		in, err := io.ReadAll(os.Stdin)
		if err != nil {
			return err
		}
		if err := os.WriteFile("/dev/null", []byte("x"), 0); err != nil {
			return err
		}
		z := make([]byte, 4)
		zf, err := os.Open("/dev/zero")
		if err != nil {
			return err
		}
		zf.Read(z)
		zf.Close()
		return errors.Join(want(n == 18, "wrote %d", n), want(len(in) == 0, "stdin gave %q", in),
			want(bytes.Equal(z, make([]byte, 4)), "zero gave %v", z))
	}())

	check("concurrent", func() error {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				name := fmt.Sprintf("/tmp/c%d", i)
				for j := 0; j < 200; j++ {
					data := bytes.Repeat([]byte{byte(i)}, 1000+j)
					if err := os.WriteFile(name, data, 0644); err != nil {
						errs[i] = err
						return
					}
					got, err := os.ReadFile(name)
					if err != nil || !bytes.Equal(got, data) {
						errs[i] = fmt.Errorf("%s round %d: %v", name, j, err)
						return
					}
				}
				errs[i] = os.Remove(name)
			})
		}
		wg.Wait()
		return errors.Join(errs...)
	}())
	check("lowest-descriptor", func() error {
		// As POSIX: a new descriptor is the lowest free one, also after
		// closes below a run of open ones, and above the lowest asked of
		// F_DUPFD or Dup2.
		var fds []int
		for range 50 {
			fd, err := syscall.Open("/dev/null", syscall.O_RDONLY, 0)
			if err != nil {
				return err
			}
			fds = append(fds, fd)
		}
		defer func() {
			for _, fd := range fds {
				syscall.Close(fd)
			}
		}()
		syscall.Close(fds[40])
		syscall.Close(fds[7])
		a, err := syscall.Dup(fds[0])
		if err != nil {
			return err
		}
		b, err := syscall.Dup(fds[0])
		if err != nil {
			return err
		}
		high := fds[49] + 10
		if err := syscall.Dup2(fds[0], high); err != nil {
			return err
		}
		c, err := syscall.Dup(fds[0]) // below the gap Dup2 left
		if err != nil {
			return err
		}
		fds[7], fds[40] = a, b
		fds = append(fds, high, c)
		return errors.Join(want(a == fds[6]+1, "first dup got %d, want %d", a, fds[6]+1),
			want(b == fds[39]+1, "second dup got %d, want %d", b, fds[39]+1),
			want(c == fds[49]+1, "dup after Dup2(%d) got %d, want %d", high, c, fds[49]+1))
	}())
	check("heap-dump", func() error {
		// The runtime spools the dump while the world is stopped and
		// writes it to the file afterwards.
		f, err := os.Create("heap.dump")
		if err != nil {
			return err
		}
		defer f.Close()
		debug.WriteHeapDump(f.Fd())
		if _, err := f.WriteString("after"); err != nil {
			return err
		}
		dump, err := os.ReadFile("heap.dump")
		if err != nil {
			return err
		}
		const header, tail = "go1.7 heap dump\n", "\x00after" // the EOF record, then our write
		return errors.Join(want(bytes.HasPrefix(dump, []byte(header)), "dump starts %q", dump[:min(len(dump), 16)]),
			want(bytes.HasSuffix(dump, []byte(tail)), "dump ends %q", dump[max(0, len(dump)-8):]),
			want(len(dump) > 64<<10, "dump is only %d bytes", len(dump)))
	}())
	fmt.Println("PASS all")
}
