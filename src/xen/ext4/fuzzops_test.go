// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package ext4

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
)

var opsBase struct {
	once sync.Once
	img  []byte
}

// FuzzOps runs the operation sequence an input encodes on a small,
// sound file system and checks every file and directory against a
// model afterwards. The seed inputs (plain go test) also pass the
// result through e2fsck.
func FuzzOps(f *testing.F) {
	opsBase.once.Do(func() {
		b, err := os.ReadFile(mkfs(f, 4<<20, "-b", "1024", "-N", "128"))
		if err != nil {
			f.Fatal(err)
		}
		opsBase.img = b
	})
	f.Add([]byte{0, 0, 1, 0, 2, 3, 4, 1, 5, 0, 9, 2, 6, 1, 2, 3, 7, 0, 8})
	f.Add([]byte{3, 1, 0, 1, 1, 2, 5, 1, 4, 0, 0, 6, 1, 0, 2, 9, 5, 2, 1, 7, 1, 8, 2})
	f.Add([]byte{0, 1, 0, 2, 0, 3, 2, 1, 200, 9, 4, 4, 4, 6, 2, 1, 6, 1, 1, 8, 8})
	f.Fuzz(func(t *testing.T, ops []byte) {
		dev := &memDev{b: slices.Clone(opsBase.img)}
		fs, err := Mount(dev, Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := newModel()
		names := []string{"a", "b", "c", "dir1", "dir2"}
		arg := func(i *int) int {
			*i++
			if *i < len(ops) {
				return int(ops[*i])
			}
			return 0
		}
		for i := 0; i < len(ops) && i < 300; i++ {
			op := ops[i] % 10
			dir := m.dirs[arg(&i)%len(m.dirs)]
			name := names[arg(&i)%len(names)]
			path := dir + "/" + name
			switch op {
			case 0: // create
				ino, err := fs.Create(m.ino[dir], name, 0o644, 0, 0)
				m.check(t, "create "+path, err, m.exists(path), syscall.EEXIST)
				if err == nil {
					m.files[path] = &mfile{ino: ino}
				}
			case 1: // write
				if f, ok := m.files[path]; ok {
					off := arg(&i) * 97
					p := pattern(i, arg(&i)*41+1)
					if _, err := fs.WriteAt(f.ino, p, int64(off)); err != nil {
						t.Fatalf("write %s: %v", path, err)
					}
					for _, g := range m.files {
						if g.ino == f.ino && len(g.data) < off+len(p) {
							g.data = append(g.data, make([]byte, off+len(p)-len(g.data))...)
						}
					}
					copy(f.data[off:], p) // links share the slice head
					m.sync(f)
				}
			case 2: // truncate
				if f, ok := m.files[path]; ok {
					size := arg(&i) * 131
					if err := fs.Truncate(f.ino, int64(size)); err != nil {
						t.Fatalf("truncate %s: %v", path, err)
					}
					if size < len(f.data) {
						f.data = f.data[:size]
					} else {
						f.data = append(f.data, make([]byte, size-len(f.data))...)
					}
					m.sync(f)
				}
			case 3: // mkdir
				ino, err := fs.Mkdir(m.ino[dir], name, 0o755, 0, 0)
				m.check(t, "mkdir "+path, err, m.exists(path), syscall.EEXIST)
				if err == nil {
					m.addDir(path, ino)
				}
			case 4: // unlink
				err := fs.Unlink(m.ino[dir], name)
				_, isFile := m.files[path]
				m.check(t, "unlink "+path, err, !isFile, errAny)
				if err == nil {
					delete(m.files, path)
				}
			case 5: // rmdir
				err := fs.Rmdir(m.ino[dir], name)
				ok := slices.Contains(m.dirs, path) && m.empty(path)
				m.check(t, "rmdir "+path, err, !ok, errAny)
				if err == nil {
					m.removeDir(path)
				}
			case 6: // rename
				ndir := m.dirs[arg(&i)%len(m.dirs)]
				npath := ndir + "/" + names[arg(&i)%len(names)]
				err := fs.Rename(m.ino[dir], name, m.ino[ndir], filepath.Base(npath))
				want := m.canRename(path, npath)
				m.check(t, "rename "+path+" "+npath, err, !want, errAny)
				if err == nil {
					m.rename(path, npath)
				}
			case 7: // link
				if f, ok := m.files[path]; ok {
					ndir := m.dirs[arg(&i)%len(m.dirs)]
					npath := ndir + "/" + names[arg(&i)%len(names)]
					err := fs.Link(f.ino, m.ino[ndir], filepath.Base(npath))
					m.check(t, "link "+npath, err, m.exists(npath), syscall.EEXIST)
					if err == nil {
						m.files[npath] = f
					}
				}
			case 8:
				if err := fs.SyncFS(); err != nil {
					t.Fatal(err)
				}
			case 9: // open, unlink, write, release
				if f, ok := m.files[path]; ok && m.nlinks(f.ino) == 1 {
					fs.Open(f.ino)
					if err := fs.Unlink(m.ino[dir], name); err != nil {
						t.Fatal(err)
					}
					delete(m.files, path)
					fs.WriteAt(f.ino, []byte("gone"), 0)
					if err := fs.Release(f.ino); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		m.verify(t, fs)
		if err := fs.Unmount(); err != nil {
			t.Fatal(err)
		}
		fs = mustMount(t, dev, true)
		m.verify(t, fs)
		fs.Unmount()
		if !isFuzzing() {
			p := filepath.Join(t.TempDir(), "ops.img")
			os.WriteFile(p, dev.b, 0o644)
			fsck(t, p)
		}
	})
}

// isFuzzing reports whether the fuzzing engine runs this process,
// where e2fsck per input would be too slow.
func isFuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" && f.Value.String() != "false" {
			return true
		}
	}
	return false
}

var errAny = errors.New("any error")

type mfile struct {
	ino  Ino
	data []byte
}

type model struct {
	files map[string]*mfile
	dirs  []string
	ino   map[string]Ino
}

func newModel() *model {
	return &model{files: map[string]*mfile{}, dirs: []string{""}, ino: map[string]Ino{"": RootIno}}
}

func (m *model) exists(p string) bool {
	_, ok := m.files[p]
	return ok || slices.Contains(m.dirs, p)
}

func (m *model) empty(d string) bool {
	for p := range m.files {
		if filepath.Dir(p) == d {
			return false
		}
	}
	for _, p := range m.dirs {
		if p != d && filepath.Dir(p) == d && p != "" {
			return false
		}
	}
	return true
}

func (m *model) nlinks(ino Ino) int {
	n := 0
	for _, f := range m.files {
		if f.ino == ino {
			n++
		}
	}
	return n
}

// sync makes every link of f see its data.
func (m *model) sync(f *mfile) {
	for _, g := range m.files {
		if g.ino == f.ino {
			g.data = f.data
		}
	}
}

func (m *model) addDir(p string, ino Ino) {
	m.dirs = append(m.dirs, p)
	m.ino[p] = ino
}

func (m *model) removeDir(p string) {
	m.dirs = slices.DeleteFunc(m.dirs, func(s string) bool { return s == p })
	delete(m.ino, p)
}

func (m *model) canRename(o, n string) bool {
	if !m.exists(o) {
		return false
	}
	if o == n {
		return true
	}
	_, oFile := m.files[o]
	if !oFile && (n == o || len(n) > len(o) && n[:len(o)+1] == o+"/") {
		return false // into itself
	}
	if !m.exists(n) {
		return true
	}
	nf, nFile := m.files[n]
	if oFile != nFile {
		return false
	}
	if oFile {
		_ = nf
		return true
	}
	return m.empty(n)
}

func (m *model) rename(o, n string) {
	if o == n {
		return
	}
	if f, ok := m.files[o]; ok {
		if g, ok := m.files[n]; ok && g.ino == f.ino {
			return // same file: nothing happens
		}
		m.files[n] = f
		delete(m.files, o)
		return
	}
	if slices.Contains(m.dirs, n) {
		m.removeDir(n)
	}
	var dirs []string
	for _, d := range m.dirs {
		if d == o || len(d) > len(o) && d[:len(o)+1] == o+"/" {
			nd := n + d[len(o):]
			m.ino[nd] = m.ino[d]
			if nd != d {
				delete(m.ino, d)
			}
			d = nd
		}
		dirs = append(dirs, d)
	}
	m.dirs = dirs
	files := map[string]*mfile{}
	for p, f := range m.files {
		if len(p) > len(o) && p[:len(o)+1] == o+"/" {
			p = n + p[len(o):]
		}
		files[p] = f
	}
	m.files = files
}

func (m *model) check(t *testing.T, what string, err error, wantFail bool, want error) {
	t.Helper()
	if wantFail != (err != nil) {
		t.Fatalf("%s: got %v, want failure %v", what, err, wantFail)
	}
	if err != nil && want != errAny && !errors.Is(err, want) {
		t.Fatalf("%s: got %v, want %v", what, err, want)
	}
}

func (m *model) verify(t *testing.T, fs *FS) {
	t.Helper()
	for p, f := range m.files {
		ino := walk(t, fs, p)
		if ino != f.ino {
			t.Fatalf("%s is inode %d, want %d", p, ino, f.ino)
		}
		if got := readAll(t, fs, ino); !bytes.Equal(got, f.data) {
			t.Fatalf("%s: content differs (%d bytes, want %d)", p, len(got), len(f.data))
		}
		if st, _ := fs.Stat(ino); int(st.Nlink) != m.nlinks(ino) {
			t.Fatalf("%s: nlink %d, want %d", p, st.Nlink, m.nlinks(ino))
		}
	}
	for _, d := range m.dirs {
		ents, err := fs.ReadDir(walk(t, fs, d))
		if err != nil {
			t.Fatal(err)
		}
		n, sub := 0, 0
		for _, e := range ents {
			if e.Name == "." || e.Name == ".." || d == "" && e.Name == "lost+found" {
				continue
			}
			n++
			if !m.exists(d + "/" + e.Name) {
				t.Fatalf("%s/%s exists, the model has no such name", d, e.Name)
			}
			if e.Type == syscall.S_IFDIR {
				sub++
			}
		}
		want := 0
		for p := range m.files {
			if filepath.Dir(p) == d || d == "" && filepath.Dir(p) == "/" {
				want++
			}
		}
		for _, p := range m.dirs {
			if p != "" && (filepath.Dir(p) == d || d == "" && filepath.Dir(p) == "/") {
				want++
			}
		}
		if n != want {
			t.Fatalf("%q has %d names, want %d", d, n, want)
		}
		st, _ := fs.Stat(walk(t, fs, d))
		if d == "" {
			sub++ // lost+found
		}
		if int(st.Nlink) != 2+sub {
			t.Fatalf("%q: nlink %d, want %d", d, st.Nlink, 2+sub)
		}
	}
}
