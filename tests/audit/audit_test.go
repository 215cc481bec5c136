// Package audit reads the machine code of GOOS=xen images: no system
// call instructions may be left (there is no kernel to catch them), no
// segment may be both writable and executable, the Xen PVH note must
// point at the entry, and the entry must decode as the 32-bit code Xen
// starts it in.
package audit

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"golang.org/x/arch/x86/x86asm"
)

// programs are the images audited: one using only the runtime, one using
// the standard library.
var programs = []string{"../boot/testdata/goroutines", "../../examples/hello"}

func build(t *testing.T, dir, goos string) string {
	t.Helper()
	goBin, err := filepath.Abs("../../build/go/bin/go")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(goBin); err != nil {
		t.Fatalf("no toolchain at %s: run toolchain/build.sh first", goBin)
	}
	out := filepath.Join(t.TempDir(), filepath.Base(dir)+"."+goos)
	cmd := exec.Command(goBin, "build", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH=amd64", "GOFLAGS=", "GOROOT=")
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building %s for %s: %v\n%s", dir, goos, err, msg)
	}
	return out
}

func TestXenImages(t *testing.T) {
	for _, dir := range programs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			f, err := elf.Open(build(t, dir, "xen"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			checkWX(t, f)
			entry := checkPVHNote(t, f)
			checkEntry32(t, f, entry)
			if bad := syscallSites(t, f); len(bad) > 0 {
				t.Errorf("system call instructions in a xen image:\n%s", bytes.Join(bad, []byte("\n")))
			}
		})
	}
}

// TestAuditFindsSyscalls shows the syscall check can fail: a linux image
// is full of SYSCALL instructions.
func TestAuditFindsSyscalls(t *testing.T) {
	f, err := elf.Open(build(t, programs[0], "linux"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if bad := syscallSites(t, f); len(bad) == 0 {
		t.Fatal("no SYSCALL found in a linux/amd64 image: the audit is blind")
	}
}

func checkWX(t *testing.T, f *elf.File) {
	for _, p := range f.Progs {
		if p.Type == elf.PT_LOAD && p.Flags&elf.PF_W != 0 && p.Flags&elf.PF_X != 0 {
			t.Errorf("segment at %#x is writable and executable", p.Vaddr)
		}
		if p.Type == elf.PT_LOAD && p.Paddr != p.Vaddr {
			t.Errorf("segment at %#x loads at physical %#x: the runtime identity-maps the image", p.Vaddr, p.Paddr)
		}
	}
}

// checkPVHNote returns the XEN_ELFNOTE_PHYS32_ENTRY address, which must
// be the ELF entry.
func checkPVHNote(t *testing.T, f *elf.File) uint64 {
	var entry uint64
	found := false
	for _, p := range f.Progs {
		if p.Type != elf.PT_NOTE {
			continue
		}
		data := make([]byte, p.Filesz)
		if _, err := p.ReadAt(data, 0); err != nil {
			t.Fatal(err)
		}
		for len(data) >= 12 {
			namesz := binary.LittleEndian.Uint32(data[0:])
			descsz := binary.LittleEndian.Uint32(data[4:])
			typ := binary.LittleEndian.Uint32(data[8:])
			off := 12 + int(namesz+3)&^3
			end := off + int(descsz+3)&^3
			if end > len(data) {
				t.Fatalf("truncated note")
			}
			name := string(bytes.TrimRight(data[12:12+namesz], "\x00"))
			if name == "Xen" && typ == 18 { // XEN_ELFNOTE_PHYS32_ENTRY
				entry = uint64(binary.LittleEndian.Uint32(data[off:]))
				found = true
			}
			data = data[end:]
		}
	}
	if !found {
		t.Fatal("no XEN_ELFNOTE_PHYS32_ENTRY note in a PT_NOTE segment")
	}
	if entry != f.Entry {
		t.Errorf("PVH entry %#x != ELF entry %#x", entry, f.Entry)
	}
	return entry
}

// checkEntry32 decodes the PVH entry in 32-bit mode up to its far return
// into 64-bit code; every instruction must decode and none may carry a
// REX byte (0x40-0x4f, which 32-bit mode reads as INC/DEC).
func checkEntry32(t *testing.T, f *elf.File, entry uint64) {
	text := f.Section(".text")
	code, err := text.Data()
	if err != nil {
		t.Fatal(err)
	}
	pc := entry - text.Addr
	for n := 0; n < 200; n++ {
		inst, err := x86asm.Decode(code[pc:], 32)
		if err != nil {
			t.Fatalf("entry+%#x does not decode in 32-bit mode: %v", pc-(entry-text.Addr), err)
		}
		if b := code[pc]; b >= 0x40 && b <= 0x4f {
			t.Fatalf("entry+%#x: %v is a REX byte in 64-bit code", pc-(entry-text.Addr), inst)
		}
		if inst.Op == x86asm.LRET {
			return
		}
		pc += uint64(inst.Len)
	}
	t.Fatal("no far return within 200 instructions of the PVH entry")
}

// syscallSites lists SYSCALL, SYSENTER and INT 0x80 instructions, decoding
// each function from its symbol.
func syscallSites(t *testing.T, f *elf.File) [][]byte {
	text := f.Section(".text")
	code, err := text.Data()
	if err != nil {
		t.Fatal(err)
	}
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	var funcs []elf.Symbol
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) == elf.STT_FUNC && s.Value >= text.Addr && s.Value < text.Addr+text.Size {
			funcs = append(funcs, s)
		}
	}
	sort.Slice(funcs, func(i, j int) bool { return funcs[i].Value < funcs[j].Value })
	var bad [][]byte
	for i, s := range funcs {
		end := text.Addr + text.Size
		if i+1 < len(funcs) {
			end = funcs[i+1].Value
		}
		for pc := s.Value; pc < end; {
			inst, err := x86asm.Decode(code[pc-text.Addr:end-text.Addr], 64)
			if err != nil {
				pc++ // padding or data in text
				continue
			}
			switch {
			case inst.Op == x86asm.SYSCALL, inst.Op == x86asm.SYSENTER,
				inst.Op == x86asm.INT && inst.Args[0] == x86asm.Imm(0x80):
				bad = append(bad, fmt.Appendf(nil, "%s+%#x: %v", s.Name, pc-s.Value, inst))
			}
			pc += uint64(inst.Len)
		}
	}
	return bad
}
