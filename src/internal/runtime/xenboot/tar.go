// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

// The ramdisk is a tar archive (POSIX ustar, GNU long names, PAX path
// records) that package syscall unpacks into the in-memory root. These
// functions walk it; what they return is slices of the archive.

// TarBlock is the size of a tar header and the unit of its bodies.
const TarBlock = 512

// TarHeader is one entry of an archive.
type TarHeader struct {
	Type   byte
	Name   []byte // the path is Prefix/Name when Prefix is not empty (ustar)
	Prefix []byte
	Link   []byte
	Mode   int64
	Mtime  int64
	Body   []byte
}

// TarNext parses the entry at off. It returns the entry and the offset
// of the next one, or end at the end of the archive (a zero block, or
// nothing but zeros left), or what is wrong with the entry at off.
func TarNext(archive []byte, off int) (h TarHeader, next int, end bool, err string) {
	if off < 0 || off > len(archive) {
		return h, 0, false, "offset outside the archive"
	}
	if len(archive)-off < TarBlock {
		if isZero(archive[off:]) {
			return h, 0, true, ""
		}
		return h, 0, false, "truncated header"
	}
	b := archive[off : off+TarBlock]
	if isZero(b) {
		return h, 0, true, ""
	}
	if !tarChecksumOK(b) {
		return h, 0, false, "not a tar archive, or a damaged one: bad header checksum"
	}
	size, ok := tarNumber(b[124:136])
	if !ok || size < 0 || size > int64(len(archive)-off-TarBlock) {
		return h, 0, false, "bad or truncated size"
	}
	h.Type = b[156]
	h.Name = TarCString(b[0:100])
	h.Link = TarCString(b[157:257])
	if string(b[257:262]) == "ustar" {
		h.Prefix = TarCString(b[345:500])
	}
	h.Mode, _ = tarNumber(b[100:108])
	h.Mtime, _ = tarNumber(b[136:148])
	h.Body = archive[off+TarBlock : off+TarBlock+int(size)]
	padded := (int(size) + TarBlock - 1) / TarBlock * TarBlock
	next = min(off+TarBlock+padded, len(archive))
	return h, next, false, ""
}

// TarCString cuts b at its first NUL.
func TarCString(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

// TarPAXPaths returns the path and linkpath records of a PAX header's
// body ("LEN key=value\n" records); a malformed record ends the search.
func TarPAXPaths(b []byte) (path, linkpath []byte) {
	for len(b) > 0 {
		n, i := 0, 0
		for i < len(b) && '0' <= b[i] && b[i] <= '9' && n <= len(b) {
			n = n*10 + int(b[i]-'0')
			i++
		}
		if i == 0 || i >= len(b) || b[i] != ' ' || n <= i+1 || n > len(b) || b[n-1] != '\n' {
			return
		}
		rec := b[i+1 : n-1]
		b = b[n:]
		for j, c := range rec {
			if c == '=' {
				switch string(rec[:j]) {
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

func isZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
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
