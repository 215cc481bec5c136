package main

import (
	"bufio"
	"bytes"
	"debug/elf"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// sizeParts is where one binary's bytes are: its file's sections in groups, and its code and
// data symbols summed by package (go tool nm -size).
type sizeParts struct {
	sections map[string]int64
	packages map[string]int64
}

// sectionGroups are the groups of the table, in its order; sectionGroup puts a section in one.
var sectionGroups = []string{"code (.text)", "line tables (.gopclntab)", "type data (.go.type)",
	"symbol table (.symtab, .strtab)", "DWARF (compressed)", "other sections"}

func sectionGroup(name string) string {
	switch {
	case name == ".text":
		return sectionGroups[0]
	case name == ".gopclntab":
		return sectionGroups[1]
	case name == ".go.type":
		return sectionGroups[2]
	case name == ".symtab", name == ".strtab":
		return sectionGroups[3]
	case strings.HasPrefix(name, ".debug_"), strings.HasPrefix(name, ".zdebug_"):
		return sectionGroups[4]
	}
	return sectionGroups[5]
}

// measureParts reads the sections of the ELF file at path (their bytes in the file: bss takes
// none; compressed DWARF counts compressed) and sums its symbols by package with the go command on PATH.
func measureParts(path string) (*sizeParts, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sp := &sizeParts{sections: map[string]int64{}, packages: map[string]int64{}}
	for _, s := range f.Sections {
		if s.Type != elf.SHT_NOBITS && s.Type != elf.SHT_NULL {
			sp.sections[sectionGroup(s.Name)] += int64(s.FileSize)
		}
	}
	var stderr bytes.Buffer
	cmd := exec.Command("go", "tool", "nm", "-size", path)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go tool nm -size %s: %v: %s", path, err, bytes.TrimSpace(stderr.Bytes()))
	}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// address, size, kind, name (which may hold spaces)
		fs := strings.Fields(sc.Text())
		if len(fs) < 4 || !strings.ContainsAny(fs[2], "TtRrDd") {
			continue
		}
		n, err := strconv.ParseInt(fs[1], 10, 64)
		if err != nil {
			continue
		}
		sp.packages[symbolPackage(strings.Join(fs[3:], " "))] += n
	}
	return sp, sc.Err()
}

// symbolPrefix is what the linker puts before a type's or string's package-qualified name.
var symbolPrefix = regexp.MustCompile(`^(go:itab\.|type:\.eq\.|type:\.hash\.|type:)?[*(\[\]]*`)

// symbolPackage is the import path of a symbol's package ("vendor/gvisor.dev/gvisor/pkg/tcpip/stack"
// for "vendor/gvisor.dev/gvisor/pkg/tcpip/stack.(*nic).WritePacket"); the linker's own symbols,
// such as go:func.* (function metadata), stand for themselves.
func symbolPackage(name string) string {
	if strings.HasPrefix(name, "go:") && !strings.HasPrefix(name, "go:itab.") {
		return name
	}
	n := symbolPrefix.ReplaceAllString(name, "")
	if i := strings.IndexByte(n, '['); i > 0 {
		n = n[:i] // a generic instantiation: its type arguments name other packages
	}
	slash := strings.LastIndexByte(n, '/')
	if dot := strings.IndexByte(n[slash+1:], '.'); dot > 0 {
		return n[:slash+1+dot]
	}
	return n
}

// largestDifferences lists the n keys whose values in a exceed those in b the most.
func largestDifferences(a, b map[string]int64, n int) []string {
	var keys []string
	for k := range a {
		if a[k] > b[k] {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		di, dj := a[keys[i]]-b[keys[i]], a[keys[j]]-b[keys[j]]
		return di > dj || di == dj && keys[i] < keys[j]
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}

// total is the bytes of the packages whose import paths begin with prefix.
func (sp *sizeParts) total(prefix string) int64 {
	var n int64
	for k, v := range sp.packages {
		if strings.HasPrefix(k, prefix) {
			n += v
		}
	}
	return n
}
