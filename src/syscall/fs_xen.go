// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// The in-memory file system: inodes, file data and path lookup. The
// descriptor table and the system call functions built on it are in
// file_xen.go and fsops_xen.go.

package syscall

import "sync"

// fsLock guards every inode, the descriptor table and the working
// directory. Operations are short, so one lock is simplest even with
// several vCPUs; device I/O (the console) runs without it.
var fsLock sync.Mutex

// An inode is a file, directory, symbolic link or device.
type inode struct {
	ino   uint64
	mode  uint32 // S_IF* type and permission bits
	nlink uint32
	uid   uint32
	gid   uint32
	rdev  uint64
	atime int64 // nanoseconds since the Unix epoch
	mtime int64
	ctime int64

	// Regular files: the data, in chunks of up to chunkSize bytes keyed
	// by chunk index. A missing chunk, or bytes past the end of a short
	// one, read as zeros, so sparse files cost only what is written.
	size   int64
	chunks map[int64][]byte

	// Directories.
	entries map[string]*inode
	parent  *inode

	// Symbolic links.
	target string

	// Character devices.
	dev device

	// A file of a mounted file system (mount_xen.go) is a proxy for
	// file fino of mnt; mode holds only its type.
	mnt  *mount
	fino uint64
	// A directory with a file system mounted on it.
	covered *mount
}

// A device implements reads and writes of a character device.
type device interface {
	read(p []byte) (int, error)
	write(p []byte) (int, error)
}

// A streamDevice (a pipe end, a socket) can wait for data or room, and
// with nonblock returns EAGAIN instead (O_NONBLOCK). It cannot seek.
type streamDevice interface {
	recv(p []byte, nonblock bool) (int, error)
	send(p []byte, nonblock bool) (int, error)
}

// A pollable device tells the runtime's pollDescs of its descriptors
// when it becomes ready (poll_xen.go).
type pollable interface {
	// attachPoll remembers pd for descriptor fd; false means the device
	// cannot report readiness after all.
	attachPoll(fd int, pd uintptr) bool
	detachPoll(fd int)
}

// A releaser device has something to end when its last open file
// description goes: a pipe end, a socket.
type releaser interface {
	release()
}

const (
	chunkSize   = 64 << 10
	maxSymlinks = 40
	nameMax     = 255
)

var (
	root    *inode
	cwd     *inode
	nextIno uint64 = 1
	umask   uint32 = 022
)

func init() {
	root = newInode(S_IFDIR | 0755)
	root.parent = root
	root.nlink = 2
	cwd = root
	mkdirIn(root, "tmp", S_ISVTX|0777)
	mkdirIn(root, "root", 0700)
	etc := mkdirIn(root, "etc", 0755)
	for _, f := range etcFiles {
		n := newInode(S_IFREG | 0644)
		n.writeAt([]byte(f.data), 0)
		linkIn(etc, f.name, n)
	}
	dev := mkdirIn(root, "dev", 0755)
	devices := []struct {
		name string
		rdev uint64
		d    device
	}{
		{"null", 1<<8 | 3, nullDevice{}},
		{"zero", 1<<8 | 5, zeroDevice{}},
		{"console", 5<<8 | 1, consoleDevice{}},
	}
	for _, d := range devices {
		n := newInode(S_IFCHR | 0666)
		n.rdev = d.rdev
		n.dev = d.d
		linkIn(dev, d.name, n)
		if d.name == "console" {
			initStdio(n)
		}
	}
	unpackRamdisk()
}

// etcFiles describe the only user (root) and the loopback names, so that
// os/user and name lookups work as on a minimal Unix system.
var etcFiles = []struct{ name, data string }{
	{"passwd", "root:x:0:0:root:/root:/bin/sh\n"},
	{"group", "root:x:0:\n"},
	{"hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"},
}

func newInode(mode uint32) *inode {
	t := nowNano()
	n := &inode{ino: nextIno, mode: mode, atime: t, mtime: t, ctime: t}
	nextIno++
	switch mode & S_IFMT {
	case S_IFDIR:
		n.entries = make(map[string]*inode)
	case S_IFREG:
		n.chunks = make(map[int64][]byte)
	}
	return n
}

func (n *inode) isDir() bool     { return n.mode&S_IFMT == S_IFDIR }
func (n *inode) isSymlink() bool { return n.mode&S_IFMT == S_IFLNK }
func (n *inode) isRegular() bool { return n.mode&S_IFMT == S_IFREG }

// linkIn enters n into directory dir as name.
func linkIn(dir *inode, name string, n *inode) {
	dir.entries[name] = n
	n.nlink++
	if n.isDir() {
		n.parent = dir
		n.nlink++ // its "."
		dir.nlink++
	}
	t := nowNano()
	dir.mtime, dir.ctime = t, t
	n.ctime = t
}

// unlinkIn removes name, which names n, from directory dir.
func unlinkIn(dir *inode, name string, n *inode) {
	delete(dir.entries, name)
	n.nlink--
	if n.isDir() {
		n.nlink-- // its "."
		dir.nlink--
	}
	t := nowNano()
	dir.mtime, dir.ctime = t, t
	n.ctime = t
}

func mkdirIn(dir *inode, name string, mode uint32) *inode {
	n := newInode(S_IFDIR | mode&07777)
	linkIn(dir, name, n)
	return n
}

// removed reports whether directory d has been removed (so nothing may
// be created in it). A mounted file system answers that for its own.
func (n *inode) removed() bool { return n.mnt == nil && n.nlink == 0 }

// A lookup is the result of resolving a path.
type lookup struct {
	dir   *inode // the directory holding the last element
	name  string // the last element
	node  *inode // what name refers to, or nil if it does not exist
	slash bool   // the path ended in a slash
}

// resolve looks up path relative to directory start. Symbolic links in
// directory elements are always followed, one in the last element only
// if follow is set (or the path ends in a slash).
func resolve(start *inode, path string, follow bool) (lookup, error) {
	if path == "" {
		return lookup{}, ENOENT
	}
	if len(path) >= PathMax {
		return lookup{}, ENAMETOOLONG
	}
	if hasNUL(path) {
		return lookup{}, EINVAL // as ByteSliceFromString on Unix
	}
	links := 0
	return walk(start, path, follow, &links)
}

func hasNUL(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return true
		}
	}
	return false
}

func walk(cur *inode, path string, follow bool, links *int) (lookup, error) {
	if path[0] == '/' {
		cur = root
	}
	l := lookup{dir: cur, name: ".", node: cur}
	for {
		i := 0
		for i < len(path) && path[i] == '/' {
			i++
		}
		path = path[i:]
		if path == "" {
			return l, nil
		}
		j := 0
		for j < len(path) && path[j] != '/' {
			j++
		}
		elem, rest := path[:j], path[j:]
		if len(elem) > nameMax {
			return lookup{}, ENAMETOOLONG
		}
		if !cur.isDir() {
			return lookup{}, ENOTDIR
		}
		var next *inode
		switch {
		case cur.mnt != nil:
			var err error
			if next, err = lookupIn(cur, elem); err != nil {
				return lookup{}, err
			}
		case elem == ".":
			next = cur
		case elem == "..":
			next = cur.parent
		default:
			next = cur.entries[elem]
		}
		if next != nil && next.covered != nil {
			next = next.covered.root
		}
		last := true
		for k := 0; k < len(rest); k++ {
			if rest[k] != '/' {
				last = false
				break
			}
		}
		if next != nil && next.isSymlink() && (!last || follow || rest != "") {
			*links++
			if *links > maxSymlinks {
				return lookup{}, ELOOP
			}
			target, err := linkTarget(next)
			if err != nil {
				return lookup{}, err
			}
			if target == "" {
				return lookup{}, ENOENT
			}
			t, err := walk(cur, target, true, links)
			if err != nil {
				return lookup{}, err
			}
			if last {
				t.slash = t.slash || rest != ""
				if t.slash && t.node != nil && !t.node.isDir() {
					return lookup{}, ENOTDIR
				}
				return t, nil
			}
			next = t.node
		}
		if last {
			l = lookup{dir: cur, name: elem, node: next, slash: rest != ""}
			if l.slash && next != nil && !next.isDir() {
				return lookup{}, ENOTDIR
			}
			return l, nil
		}
		if next == nil {
			return lookup{}, ENOENT
		}
		cur = next
		path = rest
	}
}

// readAt copies file data at off into p, returning how much it copied.
func (n *inode) readAt(p []byte, off int64) int {
	if off >= n.size {
		return 0
	}
	if rem := n.size - off; int64(len(p)) > rem {
		p = p[:rem]
	}
	done := 0
	for done < len(p) {
		pos := off + int64(done)
		idx, in := pos/chunkSize, int(pos%chunkSize)
		m := min(len(p)-done, chunkSize-in)
		dst := p[done : done+m]
		c := n.chunks[idx]
		k := 0
		if in < len(c) {
			k = copy(dst, c[in:])
		}
		clear(dst[k:])
		done += m
	}
	return len(p)
}

// writeAt stores p at off, growing the file as needed.
func (n *inode) writeAt(p []byte, off int64) {
	done := 0
	for done < len(p) {
		pos := off + int64(done)
		idx, in := pos/chunkSize, int(pos%chunkSize)
		m := min(len(p)-done, chunkSize-in)
		c := n.chunks[idx]
		if need := in + m; need > len(c) {
			if need <= cap(c) {
				old := len(c)
				c = c[:need]
				clear(c[old:])
			} else {
				nc := make([]byte, need, min(chunkSize, max(need, 2*cap(c))))
				copy(nc, c)
				c = nc
			}
			n.chunks[idx] = c
		}
		copy(c[in:], p[done:done+m])
		done += m
	}
	if end := off + int64(len(p)); end > n.size {
		n.size = end
	}
}

// truncate sets the file's size, dropping data past it.
func (n *inode) truncate(size int64) {
	if size < n.size {
		keep := (size + chunkSize - 1) / chunkSize
		for idx := range n.chunks {
			if idx >= keep {
				delete(n.chunks, idx)
			}
		}
		if in := int(size % chunkSize); in != 0 {
			if c := n.chunks[size/chunkSize]; len(c) > in {
				n.chunks[size/chunkSize] = c[:in]
			}
		}
	}
	n.size = size
}

// allocated reports how many bytes of data the file holds in memory.
func (n *inode) allocated() int64 {
	var a int64
	for _, c := range n.chunks {
		a += int64(cap(c))
	}
	return a
}

func (n *inode) stat(st *Stat_t) {
	*st = Stat_t{
		Dev:     0xca01, // an arbitrary constant device number
		Ino:     n.ino,
		Nlink:   uint64(n.nlink),
		Mode:    n.mode,
		Uid:     n.uid,
		Gid:     n.gid,
		Rdev:    n.rdev,
		Blksize: 4096,
		Atim:    NsecToTimespec(n.atime),
		Mtim:    NsecToTimespec(n.mtime),
		Ctim:    NsecToTimespec(n.ctime),
	}
	switch n.mode & S_IFMT {
	case S_IFREG:
		st.Size = n.size
		st.Blocks = (n.allocated() + 511) / 512
	case S_IFDIR:
		st.Size = 4096
		st.Blocks = 8
	case S_IFLNK:
		st.Size = int64(len(n.target))
	}
}
