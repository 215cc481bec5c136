// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package mount

import (
	"internal/xenvfs"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"xen/ext4"
)

// ext4Magic is ext4's f_type.
const ext4Magic = 0xef53

// commitInterval is how often a file system with changes is
// committed, as ext4's default commit=5 on Linux.
const commitInterval = 5 * time.Second

// ext4FS presents an *ext4.FS as an xenvfs.FS. It commits changes
// every commitInterval, and closes the disk when unmounted.
type ext4FS struct {
	fs    *ext4.FS
	close func() error // the disk's

	changed atomic.Bool // since the last commit
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

func newExt4FS(fs *ext4.FS, closeDisk func() error, readOnly bool) *ext4FS {
	x := &ext4FS{fs: fs, close: closeDisk, stop: make(chan struct{}), done: make(chan struct{})}
	if readOnly {
		close(x.done)
	} else {
		go x.commitEvery(commitInterval)
	}
	return x
}

// commitEvery commits the file system every d while it has changes.
// It waits on a channel that time.AfterFunc closes, not on a
// time.Ticker: the ticker's chan time.Time would link time.Time's String
// method, time formatting and time zone loading into every program.
func (x *ext4FS) commitEvery(d time.Duration) {
	defer close(x.done)
	for {
		tick := make(chan struct{})
		t := time.AfterFunc(d, func() { close(tick) })
		select {
		case <-x.stop:
			t.Stop()
			return
		case <-tick:
			if x.changed.Swap(false) {
				if x.fs.SyncFS() != nil {
					return // the file system refuses changes from now on
				}
			}
		}
	}
}

// did notes a change when err is nil, for the periodic commit.
func (x *ext4FS) did(err error) error {
	if err == nil {
		x.changed.Store(true)
	}
	return err
}

func (x *ext4FS) Root() uint64 { return uint64(x.fs.Root()) }

func (x *ext4FS) Lookup(dir uint64, name string) (uint64, error) {
	ino, err := x.fs.Lookup(ext4.Ino(dir), name)
	return uint64(ino), err
}

func (x *ext4FS) Stat(ino uint64) (xenvfs.Attr, error) {
	a, err := x.fs.Stat(ext4.Ino(ino))
	if err != nil {
		return xenvfs.Attr{}, err
	}
	return xenvfs.Attr{
		Ino: uint64(a.Ino), Mode: a.Mode, Nlink: a.Nlink, Uid: a.Uid, Gid: a.Gid,
		Rdev: uint64(a.Rdev), Size: a.Size, Blocks: a.Blocks,
		Atime: a.Atime.UnixNano(), Mtime: a.Mtime.UnixNano(), Ctime: a.Ctime.UnixNano(),
	}, nil
}

func (x *ext4FS) ReadDir(dir uint64) ([]xenvfs.DirEntry, error) {
	ents, err := x.fs.ReadDir(ext4.Ino(dir))
	if err != nil {
		return nil, err
	}
	out := make([]xenvfs.DirEntry, len(ents))
	for i, e := range ents {
		out[i] = xenvfs.DirEntry{Name: e.Name, Ino: uint64(e.Ino), Type: e.Type}
	}
	return out, nil
}

func (x *ext4FS) Readlink(ino uint64) (string, error) { return x.fs.Readlink(ext4.Ino(ino)) }

// ReadAt reads as read(2) does: a short count, not io.EOF, at the end.
func (x *ext4FS) ReadAt(ino uint64, p []byte, off int64) (int, error) {
	n, err := x.fs.ReadAt(ext4.Ino(ino), p, off)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

func (x *ext4FS) Create(dir uint64, name string, mode, uid, gid uint32) (uint64, error) {
	ino, err := x.fs.Create(ext4.Ino(dir), name, mode, uid, gid)
	return uint64(ino), x.did(err)
}

func (x *ext4FS) Mkdir(dir uint64, name string, mode, uid, gid uint32) (uint64, error) {
	ino, err := x.fs.Mkdir(ext4.Ino(dir), name, mode, uid, gid)
	return uint64(ino), x.did(err)
}

func (x *ext4FS) Symlink(dir uint64, name, target string, uid, gid uint32) (uint64, error) {
	ino, err := x.fs.Symlink(ext4.Ino(dir), name, target, uid, gid)
	return uint64(ino), x.did(err)
}

func (x *ext4FS) Link(ino, dir uint64, name string) error {
	return x.did(x.fs.Link(ext4.Ino(ino), ext4.Ino(dir), name))
}

func (x *ext4FS) Unlink(dir uint64, name string) error {
	return x.did(x.fs.Unlink(ext4.Ino(dir), name))
}

func (x *ext4FS) Rmdir(dir uint64, name string) error {
	return x.did(x.fs.Rmdir(ext4.Ino(dir), name))
}

func (x *ext4FS) Rename(odir uint64, oname string, ndir uint64, nname string) error {
	return x.did(x.fs.Rename(ext4.Ino(odir), oname, ext4.Ino(ndir), nname))
}

func (x *ext4FS) WriteAt(ino uint64, p []byte, off int64) (int, error) {
	n, err := x.fs.WriteAt(ext4.Ino(ino), p, off)
	if n > 0 {
		x.changed.Store(true)
	}
	return n, err
}

func (x *ext4FS) SetAttr(ino uint64, c xenvfs.AttrChange) error {
	e := ext4.AttrChange{Mode: c.Mode, Uid: c.Uid, Gid: c.Gid, Size: c.Size}
	for _, b := range [...]struct{ from, to uint32 }{
		{xenvfs.SetMode, ext4.SetMode}, {xenvfs.SetUid, ext4.SetUid}, {xenvfs.SetGid, ext4.SetGid},
		{xenvfs.SetAtime, ext4.SetAtime}, {xenvfs.SetMtime, ext4.SetMtime}, {xenvfs.SetSize, ext4.SetSize},
	} {
		if c.Valid&b.from != 0 {
			e.Valid |= b.to
		}
	}
	e.Atime, e.Mtime = time.Unix(0, c.Atime), time.Unix(0, c.Mtime)
	return x.did(x.fs.SetAttr(ext4.Ino(ino), e))
}

func (x *ext4FS) Open(ino uint64) error    { return x.fs.Open(ext4.Ino(ino)) }
func (x *ext4FS) Release(ino uint64) error { return x.did(x.fs.Release(ext4.Ino(ino))) }

func (x *ext4FS) Sync(ino uint64) error {
	x.changed.Store(false)
	return x.fs.Sync(ext4.Ino(ino))
}

func (x *ext4FS) SyncFS() error {
	x.changed.Store(false)
	return x.fs.SyncFS()
}

func (x *ext4FS) StatFS() (xenvfs.StatFS, error) {
	s, err := x.fs.StatFS()
	if err != nil {
		return xenvfs.StatFS{}, err
	}
	return xenvfs.StatFS{
		Type: ext4Magic, BlockSize: s.BlockSize, Blocks: s.Blocks, BlocksFree: s.BlocksFree,
		BlocksAvail: s.BlocksAvail, Files: s.Inodes, FilesFree: s.InodesFree, NameMax: int64(s.NameMax),
	}, nil
}

// Unmount stops the periodic commits, leaves the file system clean
// and closes the disk.
func (x *ext4FS) Unmount() error {
	x.once.Do(func() {
		select {
		case <-x.done:
		default:
			close(x.stop)
		}
	})
	<-x.done
	err := x.fs.Unmount()
	if x.close != nil {
		if cerr := x.close(); err == nil {
			err = cerr
		}
	}
	return err
}

var _ xenvfs.FS = (*ext4FS)(nil)
