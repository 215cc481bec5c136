// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// File descriptors and the calls that work on them.

package syscall

import (
	"internal/xenvfs"
	"slices"
	"sync"
	"unsafe"
)

// maxFiles bounds the descriptor table (RLIMIT_NOFILE).
const maxFiles = 1 << 16

// An openFile is an open file description: what dup'ed descriptors share.
type openFile struct {
	node   *inode
	flags  int // access mode and status flags
	offset int64

	// A directory's entries, taken when ReadDirent first reads it and
	// dropped when the directory is rewound.
	listed bool
	names  []string
	next   int
	// The entries of a directory of a mounted file system.
	ents []xenvfs.DirEntry

	// pos serializes reads and writes at the offset of a file on a
	// mounted file system, which run without fsLock; it is taken
	// before fsLock.
	pos sync.Mutex
}

type fdEntry struct {
	file    *openFile
	cloexec bool
}

var fdTable []fdEntry

// noFreeBelow is a descriptor below which none is free, so that a server
// with many open sockets does not scan them all for each new one.
var noFreeBelow int

// freeFd empties descriptor fd's entry. fsLock must be held.
func freeFd(fd int) {
	fdTable[fd] = fdEntry{}
	noFreeBelow = min(noFreeBelow, fd)
}

// initStdio makes descriptors 0, 1 and 2 the console.
func initStdio(console *inode) {
	fdTable = []fdEntry{
		{file: &openFile{node: console, flags: O_RDONLY}},
		{file: &openFile{node: console, flags: O_WRONLY}},
		{file: &openFile{node: console, flags: O_WRONLY}},
	}
}

// fileAt returns the open file of descriptor fd. fsLock must be held.
func fileAt(fd int) (*openFile, error) {
	if fd < 0 || fd >= len(fdTable) || fdTable[fd].file == nil {
		return nil, EBADF
	}
	return fdTable[fd].file, nil
}

// dirAt returns the directory that *at calls resolve relative paths
// against. fsLock must be held.
func dirAt(dirfd int) (*inode, error) {
	if dirfd == AT_FDCWD {
		return cwd, nil
	}
	f, err := fileAt(dirfd)
	if err != nil {
		return nil, err
	}
	if !f.node.isDir() {
		return nil, ENOTDIR
	}
	return f.node, nil
}

// allocFd installs f at the lowest free descriptor at or above lowest.
// fsLock must be held.
func allocFd(f *openFile, lowest int, cloexec bool) (int, error) {
	if lowest < 0 || lowest >= maxFiles {
		return -1, EINVAL
	}
	from := lowest
	if from <= noFreeBelow {
		from = noFreeBelow
	}
	for fd := from; fd < len(fdTable); fd++ {
		if fdTable[fd].file == nil {
			fdTable[fd] = fdEntry{f, cloexec}
			if from == noFreeBelow {
				noFreeBelow = fd + 1
			}
			return fd, nil
		}
	}
	if len(fdTable) >= maxFiles {
		return -1, EMFILE
	}
	for len(fdTable) < lowest {
		fdTable = append(fdTable, fdEntry{})
		noFreeBelow = min(noFreeBelow, len(fdTable)-1)
	}
	fdTable = append(fdTable, fdEntry{f, cloexec})
	if from == noFreeBelow {
		noFreeBelow = len(fdTable)
	}
	return len(fdTable) - 1, nil
}

func Open(path string, mode int, perm uint32) (fd int, err error) {
	return openat(AT_FDCWD, path, mode, perm)
}

//go:linkname openat
func openat(dirfd int, path string, flags int, perm uint32) (int, error) {
	acc := flags & O_ACCMODE
	if acc == O_ACCMODE {
		return -1, EINVAL
	}
	fsLock.Lock()
	defer fsLock.Unlock()
	start, err := dirAt(dirfd)
	if err != nil {
		return -1, err
	}
	excl := flags&(O_CREAT|O_EXCL) == O_CREAT|O_EXCL
	l, err := resolve(start, path, flags&O_NOFOLLOW == 0 && !excl)
	if err != nil {
		return -1, err
	}
	n := l.node
	switch {
	case n == nil:
		if flags&O_CREAT == 0 {
			return -1, ENOENT
		}
		if l.slash {
			return -1, EISDIR
		}
		if l.dir.removed() {
			return -1, ENOENT
		}
		if l.dir.mnt != nil {
			m := l.dir.mnt
			fino, err := m.fs.Create(l.dir.fino, l.name, perm&^umask&07777, 0, 0)
			if err != nil {
				return -1, fsErr(err)
			}
			n = m.node(fino, S_IFREG)
			break
		}
		n = newInode(S_IFREG | perm&^umask&07777)
		linkIn(l.dir, l.name, n)
	case excl:
		return -1, EEXIST
	case n.isSymlink():
		return -1, ELOOP // O_NOFOLLOW
	case n.isDir():
		if acc != O_RDONLY || flags&(O_CREAT|O_TRUNC) != 0 {
			return -1, EISDIR
		}
	case n.mode&S_IFMT == S_IFSOCK:
		return -1, ENXIO // as Linux: a socket is connected to, not opened
	default:
		if flags&O_DIRECTORY != 0 {
			return -1, ENOTDIR
		}
		if flags&O_TRUNC != 0 && acc != O_RDONLY && n.isRegular() && (n.mnt != nil || n.size != 0) {
			if err := truncate(n, 0); err != nil {
				return -1, err
			}
		}
	}
	if n.mnt != nil {
		if err := openProxy(n); err != nil {
			return -1, err
		}
	}
	f := &openFile{node: n, flags: flags &^ (O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW)}
	fd, err := allocFd(f, 0, flags&O_CLOEXEC != 0)
	if err != nil && n.mnt != nil {
		n.mnt.open--
		n.mnt.fs.Release(n.fino)
	}
	return fd, err
}

func Close(fd int) error {
	fsLock.Lock()
	f, err := fileAt(fd)
	if err != nil {
		fsLock.Unlock()
		return err
	}
	freeFd(fd)
	last := dropFile(f)
	for len(fdTable) > 3 && fdTable[len(fdTable)-1].file == nil {
		fdTable = fdTable[:len(fdTable)-1]
	}
	fsLock.Unlock()
	if last != nil {
		last.release()
	}
	return nil
}

func Read(fd int, p []byte) (int, error) {
	return read(fd, p, -1)
}

func Pread(fd int, p []byte, offset int64) (int, error) {
	if offset < 0 {
		return 0, EINVAL
	}
	return read(fd, p, offset)
}

// read reads from the file's offset if at is negative, else at at.
func read(fd int, p []byte, at int64) (int, error) {
	fsLock.Lock()
	f, err := fileAt(fd)
	if err != nil {
		fsLock.Unlock()
		return 0, err
	}
	n := f.node
	if f.flags&O_ACCMODE == O_WRONLY {
		fsLock.Unlock()
		return 0, EBADF
	}
	if s, ok := n.dev.(streamDevice); ok {
		nonblock := f.flags&O_NONBLOCK != 0
		fsLock.Unlock()
		return s.recv(p, nonblock)
	}
	if n.dev != nil {
		fsLock.Unlock()
		return n.dev.read(p)
	}
	if n.mnt != nil && !n.isDir() {
		fsLock.Unlock()
		return f.readMounted(p, at)
	}
	defer fsLock.Unlock()
	if n.isDir() {
		return 0, EISDIR
	}
	off := at
	if at < 0 {
		off = f.offset
	}
	k := n.readAt(p, off)
	if at < 0 {
		f.offset += int64(k)
	}
	n.atime = nowNano()
	return k, nil
}

func Write(fd int, p []byte) (int, error) {
	return write(fd, p, -1)
}

func Pwrite(fd int, p []byte, offset int64) (int, error) {
	if offset < 0 {
		return 0, EINVAL
	}
	return write(fd, p, offset)
}

// write writes at the file's offset if at is negative, else at at.
func write(fd int, p []byte, at int64) (int, error) {
	fsLock.Lock()
	f, err := fileAt(fd)
	if err != nil {
		fsLock.Unlock()
		return 0, err
	}
	n := f.node
	if f.flags&O_ACCMODE == O_RDONLY {
		fsLock.Unlock()
		return 0, EBADF
	}
	if s, ok := n.dev.(streamDevice); ok {
		nonblock := f.flags&O_NONBLOCK != 0
		fsLock.Unlock()
		return s.send(p, nonblock)
	}
	if n.dev != nil {
		fsLock.Unlock()
		return n.dev.write(p)
	}
	if n.mnt != nil {
		fsLock.Unlock()
		return f.writeMounted(p, at)
	}
	defer fsLock.Unlock()
	off := at
	if at < 0 {
		off = f.offset
		if f.flags&O_APPEND != 0 {
			off = n.size
		}
	}
	if off+int64(len(p)) < off {
		return 0, EFBIG
	}
	if len(p) > 0 {
		n.writeAt(p, off)
		mmapWrote(n, p, off)
		n.mtime = nowNano()
		n.ctime = n.mtime
	}
	if at < 0 {
		f.offset = off + int64(len(p))
	}
	return len(p), nil
}

func Seek(fd int, offset int64, whence int) (int64, error) {
	fsLock.Lock()
	f, err := fileAt(fd)
	fsLock.Unlock()
	if err != nil {
		return 0, err
	}
	f.pos.Lock()
	defer f.pos.Unlock()
	fsLock.Lock()
	defer fsLock.Unlock()
	n := f.node
	if _, ok := n.dev.(consoleDevice); ok {
		return 0, ESPIPE
	}
	if _, ok := n.dev.(streamDevice); ok {
		return 0, ESPIPE
	}
	var base int64
	switch whence {
	case SEEK_SET:
	case SEEK_CUR:
		base = f.offset
	case SEEK_END:
		base = n.size
		if n.mnt != nil {
			a, err := n.attr()
			if err != nil {
				return 0, err
			}
			base = a.Size
		}
	default:
		return 0, EINVAL
	}
	off := base + offset
	if off < 0 || (offset > 0 && off < base) {
		return 0, EINVAL
	}
	f.offset = off
	if n.isDir() && off == 0 {
		f.listed, f.names, f.ents, f.next = false, nil, nil, 0
	}
	return off, nil
}

func Fstat(fd int, st *Stat_t) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return err
	}
	return statNode(f.node, st)
}

func Ftruncate(fd int, length int64) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return err
	}
	if length < 0 || !f.node.isRegular() || f.flags&O_ACCMODE == O_RDONLY {
		return EINVAL
	}
	return truncate(f.node, length)
}

// Fsync makes a file on a mounted file system durable, with every
// name change so far (so it also syncs a directory). Files in memory
// are already where they live.
func Fsync(fd int) error {
	fsLock.Lock()
	f, err := fileAt(fd)
	fsLock.Unlock()
	if err != nil || f.node.mnt == nil {
		return err
	}
	return fsErr(f.node.mnt.fs.Sync(f.node.fino))
}

func Fdatasync(fd int) error { return Fsync(fd) }

func Fchmod(fd int, mode uint32) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return err
	}
	return chmod(f.node, mode)
}

func Fchown(fd int, uid, gid int) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return err
	}
	return chown(f.node, uid, gid)
}

func Fchdir(fd int) error {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return err
	}
	if !f.node.isDir() {
		return ENOTDIR
	}
	cwd = f.node
	return nil
}

func Dup(fd int) (int, error) {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return -1, err
	}
	return allocFd(f, 0, false)
}

func Dup2(oldfd, newfd int) error {
	return Dup3(oldfd, newfd, -1)
}

// Dup3 is Dup2 for flags < 0.
func Dup3(oldfd, newfd, flags int) error {
	if flags > 0 && flags&^O_CLOEXEC != 0 {
		return EINVAL
	}
	last, err := dup3(oldfd, newfd, flags)
	if last != nil {
		last.release()
	}
	return err
}

// dup3 does Dup3's work under fsLock; it returns the device whose last
// descriptor it replaced, for the caller to release without the lock.
func dup3(oldfd, newfd, flags int) (releaser, error) {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(oldfd)
	if err != nil {
		return nil, err
	}
	if newfd < 0 || newfd >= maxFiles {
		return nil, EBADF
	}
	if oldfd == newfd {
		if flags >= 0 {
			return nil, EINVAL
		}
		return nil, nil
	}
	for len(fdTable) <= newfd {
		fdTable = append(fdTable, fdEntry{})
		noFreeBelow = min(noFreeBelow, len(fdTable)-1)
	}
	old := fdTable[newfd].file
	fdTable[newfd] = fdEntry{f, flags > 0}
	if old != nil && old != f {
		return dropFile(old), nil
	}
	return nil, nil
}

//go:linkname fcntl
func fcntl(fd int, cmd int, arg int) (int, error) {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return -1, err
	}
	switch cmd {
	case F_GETFD:
		if fdTable[fd].cloexec {
			return FD_CLOEXEC, nil
		}
		return 0, nil
	case F_SETFD:
		fdTable[fd].cloexec = arg&FD_CLOEXEC != 0
		return 0, nil
	case F_GETFL:
		return f.flags, nil
	case F_SETFL:
		const settable = O_APPEND | O_NONBLOCK
		f.flags = f.flags&^settable | arg&settable
		return 0, nil
	case F_DUPFD, F_DUPFD_CLOEXEC:
		return allocFd(f, arg, cmd == F_DUPFD_CLOEXEC)
	}
	return -1, EINVAL
}

func CloseOnExec(fd int) { fcntl(fd, F_SETFD, FD_CLOEXEC) }

func SetNonblock(fd int, nonblocking bool) error {
	fl, err := fcntl(fd, F_GETFL, 0)
	if err != nil {
		return err
	}
	if nonblocking {
		fl |= O_NONBLOCK
	} else {
		fl &^= O_NONBLOCK
	}
	_, err = fcntl(fd, F_SETFL, fl)
	return err
}

// Directory entries are read in linux_dirent64 form.

type Dirent struct {
	Ino    uint64
	Off    int64
	Reclen uint16
	Type   uint8
	Name   [256]int8
	_      [5]byte
}

const (
	DT_UNKNOWN = 0x0
	DT_FIFO    = 0x1
	DT_CHR     = 0x2
	DT_DIR     = 0x4
	DT_BLK     = 0x6
	DT_REG     = 0x8
	DT_LNK     = 0xa
	DT_SOCK    = 0xc
)

const direntHeader = int(unsafe.Offsetof(Dirent{}.Name))

func direntIno(buf []byte) (uint64, bool) {
	return readInt(buf, unsafe.Offsetof(Dirent{}.Ino), unsafe.Sizeof(Dirent{}.Ino))
}

func direntReclen(buf []byte) (uint64, bool) {
	return readInt(buf, unsafe.Offsetof(Dirent{}.Reclen), unsafe.Sizeof(Dirent{}.Reclen))
}

func direntNamlen(buf []byte) (uint64, bool) {
	reclen, ok := direntReclen(buf)
	if !ok {
		return 0, false
	}
	return reclen - uint64(direntHeader), true
}

func Getdents(fd int, buf []byte) (int, error) { return ReadDirent(fd, buf) }

// ReadDirent fills buf with the directory's next entries, "." and ".."
// first, the rest in name order as they were when reading started.
func ReadDirent(fd int, buf []byte) (int, error) {
	fsLock.Lock()
	defer fsLock.Unlock()
	f, err := fileAt(fd)
	if err != nil {
		return 0, err
	}
	d := f.node
	if !d.isDir() {
		return 0, ENOTDIR
	}
	if d.mnt != nil {
		return f.readDirentMounted(buf)
	}
	if !f.listed {
		f.names = append(f.names[:0], ".", "..")
		for name := range d.entries {
			f.names = append(f.names, name)
		}
		slices.Sort(f.names[2:])
		f.listed, f.next = true, 0
	}
	w := 0
	for ; f.next < len(f.names); f.next++ {
		name := f.names[f.next]
		var n *inode
		switch name {
		case ".":
			n = d
		case "..":
			n = d.parent
		default:
			n = d.entries[name]
		}
		if n == nil {
			continue // removed since the listing was taken
		}
		k := putDirent(buf[w:], n.ino, f.next+1, direntType(n.mode), name)
		if k == 0 {
			if w == 0 {
				return 0, EINVAL
			}
			break
		}
		w += k
	}
	return w, nil
}

// putDirent writes a linux_dirent64 record at the start of buf and
// returns its length, or 0 if buf is too short for it.
func putDirent(buf []byte, ino uint64, next int, typ byte, name string) int {
	reclen := (direntHeader + len(name) + 1 + 7) &^ 7
	if reclen > len(buf) {
		return 0
	}
	rec := buf[:reclen]
	clear(rec)
	putUint64(rec[0:], ino)
	putUint64(rec[8:], uint64(next))
	rec[16] = byte(reclen)
	rec[17] = byte(reclen >> 8)
	rec[18] = typ
	copy(rec[direntHeader:], name)
	return reclen
}

// direntType gives the d_type of S_IF* type bits.
func direntType(mode uint32) byte {
	switch mode & S_IFMT {
	case S_IFDIR:
		return DT_DIR
	case S_IFREG:
		return DT_REG
	case S_IFLNK:
		return DT_LNK
	case S_IFCHR:
		return DT_CHR
	}
	return DT_UNKNOWN
}

func putUint64(b []byte, v uint64) {
	for i := 0; i < 8; i++ {
		b[i] = byte(v >> (8 * i))
	}
}

// dropFile is called when a descriptor entry for f was removed from the
// table: if no descriptor refers to f any more and its device has
// something to end, it returns that device, for the caller to release
// once fsLock is unlocked (releasing a socket can close others). fsLock
// must be held.
func dropFile(f *openFile) releaser {
	r, ok := f.node.dev.(releaser)
	if f.node.mnt != nil {
		r, ok = fileRelease{f.node}, true
	}
	if !ok {
		return nil
	}
	for _, d := range fdTable {
		if d.file == f {
			return nil
		}
	}
	return r
}
