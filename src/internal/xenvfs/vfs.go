// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package xenvfs is the interface between package syscall on GOOS=xen
// and the file systems it mounts next to its in-memory tree: syscall
// walks paths and keeps descriptors, a file system (xen/ext4 on a
// xen/blkfront disk, through xen/mount) keeps files by number.
//
// It sits below syscall, so it speaks in plain types: errors are
// syscall.Errno values (possibly wrapped), modes are S_IF* bits and
// permissions, times are nanoseconds since the Unix epoch.
package xenvfs

import "sync"

// Attr is what stat reports of a file.
type Attr struct {
	Ino    uint64
	Mode   uint32 // S_IF* type and permission bits
	Nlink  uint32
	Uid    uint32
	Gid    uint32
	Rdev   uint64
	Size   int64
	Blocks int64 // 512-byte units, as st_blocks
	Atime  int64
	Mtime  int64
	Ctime  int64
}

// A DirEntry is one name in a directory.
type DirEntry struct {
	Name string
	Ino  uint64
	Type uint32 // S_IF* type, or 0 if the file system does not record it
}

// Bits of AttrChange.Valid.
const (
	SetMode  = 1 << iota // Mode's permission bits
	SetUid               // Uid
	SetGid               // Gid
	SetAtime             // Atime
	SetMtime             // Mtime
	SetSize              // Size, as truncate
)

// AttrChange says which attributes SetAttr changes, and to what.
type AttrChange struct {
	Valid        uint32
	Mode         uint32
	Uid, Gid     uint32
	Atime, Mtime int64
	Size         int64
}

// StatFS describes a file system as a whole, as statfs does.
type StatFS struct {
	Type        int64 // the f_type magic number
	BlockSize   int64
	Blocks      uint64
	BlocksFree  uint64
	BlocksAvail uint64
	Files       uint64
	FilesFree   uint64
	NameMax     int64
}

// An FS is a mounted file system. Its methods are safe for concurrent
// use. A file whose last name is removed while Open holds it lives
// until its last Release.
type FS interface {
	Root() uint64
	Lookup(dir uint64, name string) (uint64, error)
	Stat(ino uint64) (Attr, error)
	// ReadDir lists a directory, "." and ".." included.
	ReadDir(dir uint64) ([]DirEntry, error)
	Readlink(ino uint64) (string, error)
	ReadAt(ino uint64, p []byte, off int64) (int, error)

	Create(dir uint64, name string, mode, uid, gid uint32) (uint64, error)
	Mkdir(dir uint64, name string, mode, uid, gid uint32) (uint64, error)
	Symlink(dir uint64, name, target string, uid, gid uint32) (uint64, error)
	Link(ino, dir uint64, name string) error
	Unlink(dir uint64, name string) error
	Rmdir(dir uint64, name string) error
	// Rename replaces a file, or an empty directory, at the new name.
	Rename(odir uint64, oname string, ndir uint64, nname string) error
	WriteAt(ino uint64, p []byte, off int64) (int, error)
	SetAttr(ino uint64, c AttrChange) error

	Open(ino uint64) error
	Release(ino uint64) error
	// Sync makes ino durable, with every name change made so far.
	Sync(ino uint64) error
	// SyncFS makes everything written so far durable.
	SyncFS() error
	StatFS() (StatFS, error)
	// Unmount writes everything out and leaves the file system clean.
	Unmount() error
}

// A Driver mounts a file system of its type from source (a disk's
// name, such as xvda).
type Driver func(source string, readOnly bool) (FS, error)

var (
	driversMu sync.Mutex
	drivers   = map[string]Driver{}
)

// Register makes the file system type fstype available to
// syscall.Mount.
func Register(fstype string, d Driver) {
	driversMu.Lock()
	defer driversMu.Unlock()
	drivers[fstype] = d
}

// Lookup returns the driver of fstype, or nil.
func Lookup(fstype string) Driver {
	driversMu.Lock()
	defer driversMu.Unlock()
	return drivers[fstype]
}
