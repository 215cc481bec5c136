// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot_test

import (
	"archive/tar"
	"bytes"
	. "internal/runtime/xenboot"
	"strings"
	"testing"
)

// archive makes a tar archive with archive/tar in format f.
func archive(t testing.TB, f tar.Format, entries ...*tar.Header) []byte {
	var b bytes.Buffer
	w := tar.NewWriter(&b)
	for _, h := range entries {
		h.Format = f
		if err := w.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if h.Typeflag == tar.TypeReg {
			w.Write(bytes.Repeat([]byte{'d'}, int(h.Size)))
		}
	}
	w.Close()
	return b.Bytes()
}

// walk returns each entry's type and full path, PAX and GNU long names
// applied, or the error that stopped it.
func walk(a []byte) (got []string, err string) {
	var longName, longLink []byte
	for off := 0; ; {
		h, next, end, err := TarNext(a, off)
		if err != "" || end {
			return got, err
		}
		if next <= off {
			return got, "no progress"
		}
		off = next
		name := string(h.Name)
		if len(h.Prefix) > 0 {
			name = string(h.Prefix) + "/" + name
		}
		link := string(h.Link)
		switch h.Type {
		case 'x':
			longName, longLink = TarPAXPaths(h.Body)
			continue
		case 'L':
			longName = TarCString(h.Body)
			continue
		}
		if longName != nil {
			name, longName = string(longName), nil
		}
		if longLink != nil {
			link, longLink = string(longLink), nil
		}
		got = append(got, string(h.Type)+" "+name+" "+link+" "+string(rune('0'+len(h.Body)%10)))
	}
}

func TestTarNext(t *testing.T) {
	long := strings.Repeat("d/", 80) + "file"
	for _, f := range []tar.Format{tar.FormatUSTAR, tar.FormatPAX, tar.FormatGNU} {
		name := "dir/file"
		if f != tar.FormatUSTAR {
			name = long
		}
		a := archive(t, f,
			&tar.Header{Typeflag: tar.TypeDir, Name: "dir/", Mode: 0755},
			&tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0644, Size: 1234},
			&tar.Header{Typeflag: tar.TypeSymlink, Name: "dir/link", Linkname: "file"})
		got, err := walk(a)
		want := []string{"5 dir/  0", "0 " + name + "  4", "2 dir/link file 0"}
		if err != "" || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%v: %q %q, want %q", f, got, err, want)
		}
	}
}

func TestTarNextDamaged(t *testing.T) {
	a := archive(t, tar.FormatUSTAR, &tar.Header{Typeflag: tar.TypeReg, Name: "f", Size: 600})
	for name, tc := range map[string]struct {
		a   []byte
		err string
	}{
		"checksum":         {append([]byte{'X'}, a[1:]...), "bad header checksum"},
		"truncated header": {a[:100], "truncated header"},
		"truncated body":   {a[:TarBlock+100], "bad or truncated size"},
	} {
		if _, err := walk(tc.a); !strings.Contains(err, tc.err) {
			t.Errorf("%s: error %q, want %q", name, err, tc.err)
		}
	}
	if got, err := walk(make([]byte, 3*TarBlock)); err != "" || len(got) != 0 {
		t.Errorf("zero blocks: %q %q", got, err)
	}
}

func FuzzTarNext(f *testing.F) {
	f.Add(archive(f, tar.FormatPAX, &tar.Header{Typeflag: tar.TypeReg, Name: strings.Repeat("p/", 70) + "f", Size: 3}))
	f.Add(archive(f, tar.FormatGNU, &tar.Header{Typeflag: tar.TypeSymlink, Name: "l", Linkname: strings.Repeat("x", 200)}))
	f.Fuzz(func(t *testing.T, a []byte) {
		for off := 0; ; {
			h, next, end, err := TarNext(a, off)
			if err != "" || end {
				return
			}
			if next <= off || next > len(a) || len(h.Body) > len(a)-off-TarBlock {
				t.Fatalf("entry at %d: next %d, body %d, archive %d", off, next, len(h.Body), len(a))
			}
			if h.Type == 'x' {
				TarPAXPaths(h.Body)
			}
			off = next
		}
	})
}

func FuzzTarPAXPaths(f *testing.F) {
	f.Add([]byte("20 path=some/file\n26 linkpath=other/file\n"))
	f.Add([]byte("999999999999999999999 path=x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, l := TarPAXPaths(b)
		if len(p) > len(b) || len(l) > len(b) {
			t.Fatalf("paths longer than the records")
		}
	})
}
