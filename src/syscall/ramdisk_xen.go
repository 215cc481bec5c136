// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall

import "internal/runtime/xenboot"

// Files given to the domain: a tar archive as its ramdisk (xl's
// ramdisk=) is unpacked into the in-memory root at init, so a program
// finds its data files, and a test its testdata, at the paths they were
// packed under. POSIX ustar, GNU long names and PAX path records are
// understood. A malformed archive is reported on the console; what came
// before the fault stays unpacked.

// Provided by the runtime (ramdisk_xen.go).
func ramdisk() []byte
func ramdiskDone()
func startDir() string

// unpackRamdisk fills the file system from the ramdisk, if any, and
// enters the working directory the command line names.
func unpackRamdisk() {
	if data := ramdisk(); data != nil {
		if err, at := unpackTar(data); err != "" {
			print("xen: ramdisk: ", err, " (in the entry at offset ", at, "); the entries before it are unpacked\n")
		}
		ramdiskDone()
	}
	if dir := startDir(); dir != "" {
		if n := mkdirAllIn(root, dir); n != nil {
			cwd = n
		} else {
			print("xen: cannot make the working directory ", dir, "\n")
		}
	}
}

// unpackTar unpacks archive into the root and returns "" or what went
// wrong and where. Nothing refers to archive's memory afterwards.
func unpackTar(archive []byte) (err string, at int) {
	var longName, longLink string
	for off := 0; ; {
		h, next, end, err := xenboot.TarNext(archive, off)
		if err != "" {
			return err, off
		}
		if end {
			return "", 0
		}
		at, off = off, next
		name, link := string(h.Name), string(h.Link)
		if len(h.Prefix) > 0 {
			name = string(h.Prefix) + "/" + name
		}
		if longName != "" {
			name, longName = longName, ""
		}
		if longLink != "" {
			link, longLink = longLink, ""
		}
		switch typ := h.Type; typ {
		case 'L':
			longName = string(xenboot.TarCString(h.Body))
		case 'K':
			longLink = string(xenboot.TarCString(h.Body))
		case 'x':
			p, l := xenboot.TarPAXPaths(h.Body)
			longName, longLink = string(p), string(l)
		case 'g':
			// Global PAX records: nothing here needs them.
		case '0', 0, '7', '5', '2', '1':
			if err := tarEntry(typ, name, link, uint32(h.Mode)&07777, h.Mtime, h.Body); err != "" {
				return err, at
			}
		default:
			print("xen: ramdisk: skipping ", name, ": entries of type ", string(rune(typ)), " are not supported\n")
		}
	}
}

// tarEntry creates one file, directory or link.
func tarEntry(typ byte, name, link string, mode uint32, mtime int64, body []byte) string {
	dir, base, ok := splitTarPath(name)
	if !ok {
		return "bad path " + quote(name)
	}
	if base == "" {
		return "" // the root itself
	}
	parent := mkdirAllIn(root, dir)
	if parent == nil {
		return "cannot make the directory of " + quote(name)
	}
	old := parent.entries[base]
	if typ == '5' {
		if old != nil && old.isDir() {
			old.mode = S_IFDIR | mode
			return ""
		}
	}
	if old != nil {
		if old.isDir() {
			return quote(name) + " is already a directory"
		}
		unlinkIn(parent, base, old)
	}
	var n *inode
	switch typ {
	case '5':
		n = newInode(S_IFDIR | mode)
	case '2':
		n = newInode(S_IFLNK | 0777)
		n.target = link
	case '1':
		target, err := resolve(root, "/"+link, false)
		if err != nil || target.node == nil || target.node.isDir() {
			return "hard link " + quote(name) + " to missing " + quote(link)
		}
		linkIn(parent, base, target.node)
		return ""
	default:
		n = newInode(S_IFREG | mode)
		n.writeAt(body, 0)
	}
	linkIn(parent, base, n)
	n.mtime = mtime * 1e9
	return ""
}

// mkdirAllIn makes the directories of a slash-separated path below dir
// (which must hold no "..") and returns the last, or nil if a non-directory
// is in the way.
func mkdirAllIn(dir *inode, path string) *inode {
	for len(path) > 0 {
		i := 0
		for i < len(path) && path[i] != '/' {
			i++
		}
		elem := path[:i]
		if i < len(path) {
			i++
		}
		path = path[i:]
		if elem == "" || elem == "." {
			continue
		}
		if elem == ".." {
			return nil
		}
		next := dir.entries[elem]
		if next == nil {
			next = mkdirIn(dir, elem, 0755)
		}
		if !next.isDir() {
			return nil
		}
		dir = next
	}
	return dir
}

// splitTarPath cleans an archive path (relative to the root, whatever
// its leading slashes) into its directory and last element, refusing
// ".." so that nothing lands outside the tree.
func splitTarPath(name string) (dir, base string, ok bool) {
	var elems []string
	for len(name) > 0 {
		i := 0
		for i < len(name) && name[i] != '/' {
			i++
		}
		elem := name[:i]
		if i < len(name) {
			i++
		}
		name = name[i:]
		switch elem {
		case "", ".":
		case "..":
			return "", "", false
		default:
			if len(elem) > nameMax {
				return "", "", false
			}
			elems = append(elems, elem)
		}
	}
	if len(elems) == 0 {
		return "", "", true
	}
	for _, e := range elems[:len(elems)-1] {
		dir += e + "/"
	}
	return dir, elems[len(elems)-1], true
}

func quote(s string) string { return "\"" + s + "\"" }
