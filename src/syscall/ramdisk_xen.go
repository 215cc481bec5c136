// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall

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

const tarBlock = 512

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
	for off := 0; off < len(archive); {
		if off+tarBlock > len(archive) {
			if isZero(archive[off:]) {
				return "", 0
			}
			return "truncated header", off
		}
		h := archive[off : off+tarBlock]
		if isZero(h) {
			return "", 0 // end of archive
		}
		if !tarChecksumOK(h) {
			return "not a tar archive, or a damaged one: bad header checksum", off
		}
		size, ok := tarNumber(h[124:136])
		if !ok || size < 0 || size > int64(len(archive)-off-tarBlock) {
			return "bad or truncated size", off
		}
		at = off
		body := archive[off+tarBlock : off+tarBlock+int(size)]
		off += tarBlock + int(size+tarBlock-1)/tarBlock*tarBlock

		name, link := tarString(h[0:100]), tarString(h[157:257])
		if string(h[257:262]) == "ustar" {
			if prefix := tarString(h[345:500]); prefix != "" {
				name = prefix + "/" + name
			}
		}
		if longName != "" {
			name, longName = longName, ""
		}
		if longLink != "" {
			link, longLink = longLink, ""
		}
		mode, _ := tarNumber(h[100:108])
		mtime, _ := tarNumber(h[136:148])
		switch typ := h[156]; typ {
		case 'L':
			longName = tarString(body)
		case 'K':
			longLink = tarString(body)
		case 'x':
			longName, longLink = paxPaths(body)
		case 'g':
			// Global PAX records: nothing here needs them.
		case '0', 0, '7', '5', '2', '1':
			if err := tarEntry(typ, name, link, uint32(mode)&07777, mtime, body); err != "" {
				return err, at
			}
		default:
			print("xen: ramdisk: skipping ", name, ": entries of type ", string(rune(typ)), " are not supported\n")
		}
	}
	return "", 0
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

// paxPaths returns the path and linkpath records of a PAX header
// ("LEN key=value\n" records).
func paxPaths(b []byte) (path, linkpath string) {
	for len(b) > 0 {
		n, i := 0, 0
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			n = n*10 + int(b[i]-'0')
			i++
		}
		if i == 0 || i >= len(b) || b[i] != ' ' || n <= i+1 || n > len(b) || b[n-1] != '\n' {
			return // malformed: ignore the rest
		}
		rec := string(b[i+1 : n-1])
		b = b[n:]
		for j := 0; j < len(rec); j++ {
			if rec[j] == '=' {
				switch rec[:j] {
				case "path":
					path = rec[j+1:]
				case "linkpath":
					linkpath = rec[j+1:]
				}
				break
			}
		}
	}
	return
}

func tarChecksumOK(h []byte) bool {
	want, ok := tarNumber(h[148:156])
	if !ok {
		return false
	}
	sum := int64(0)
	for i, c := range h {
		if 148 <= i && i < 156 {
			c = ' '
		}
		sum += int64(c)
	}
	return sum == want
}

// tarNumber parses an octal field, or a base-256 one (high bit set).
func tarNumber(f []byte) (int64, bool) {
	if len(f) > 0 && f[0]&0x80 != 0 {
		v := int64(f[0] & 0x3f)
		for _, c := range f[1:] {
			if v > 1<<54 {
				return 0, false
			}
			v = v<<8 | int64(c)
		}
		return v, true
	}
	v, digits := int64(0), 0
	for _, c := range f {
		switch {
		case c == 0 || c == ' ':
			if digits > 0 {
				return v, true
			}
		case '0' <= c && c <= '7':
			if v > 1<<60 {
				return 0, false
			}
			v = v<<3 | int64(c-'0')
			digits++
		default:
			return 0, false
		}
	}
	return v, true
}

func tarString(f []byte) string {
	for i, c := range f {
		if c == 0 {
			return string(f[:i])
		}
	}
	return string(f)
}

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func quote(s string) string { return "\"" + s + "\"" }
