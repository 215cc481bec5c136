package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

func TestSymbolPackage(t *testing.T) {
	for _, c := range []struct{ sym, pkg string }{
		{"vendor/gvisor.dev/gvisor/pkg/tcpip/stack.(*nic).WritePacket", "vendor/gvisor.dev/gvisor/pkg/tcpip/stack"},
		{"net/http.(*Server).Serve.func1", "net/http"},
		{"runtime.mallocgc", "runtime"},
		{"xen/ext4.crcTables", "xen/ext4"},
		{"go:itab.*xen/netstack.Socket,io.Reader", "xen/netstack"},
		{"type:.eq.net/netip.Addr", "net/netip"},
		{"go:string.*", "go:string.*"},
		{"go:func.*", "go:func.*"},
		{"slices.pdqsortCmpFunc[go.shape.struct { net/http.key string }]", "slices"},
		{"vendor/github.com/google/btree.(*node[go.shape.int]).insert", "vendor/github.com/google/btree"},
		{"main.main", "main"},
	} {
		if got := symbolPackage(c.sym); got != c.pkg {
			t.Errorf("symbolPackage(%q) = %q, want %q", c.sym, got, c.pkg)
		}
	}
}

func TestSectionGroup(t *testing.T) {
	for name, want := range map[string]string{".text": sectionGroups[0], ".gopclntab": sectionGroups[1],
		".go.type": sectionGroups[2], ".symtab": sectionGroups[3], ".strtab": sectionGroups[3],
		".debug_info": sectionGroups[4], ".zdebug_line": sectionGroups[4], ".rodata": sectionGroups[5],
		".noptrdata": sectionGroups[5], ".shstrtab": sectionGroups[5]} {
		if got := sectionGroup(name); got != want {
			t.Errorf("sectionGroup(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLargestDifferences(t *testing.T) {
	a := map[string]int64{"gvisor": 900, "net": 150, "runtime": 500, "ext4": 300, "same": 7}
	b := map[string]int64{"net": 100, "runtime": 490, "same": 7, "linuxonly": 1000}
	if got, want := largestDifferences(a, b, 3), []string{"gvisor", "ext4", "net"}; !slices.Equal(got, want) {
		t.Errorf("largestDifferences = %v, want %v", got, want)
	}
	sp := &sizeParts{packages: map[string]int64{"xen/ext4": 3, "xen/netstack": 4, "xenstore": 100, "net": 1}}
	if got := sp.total("xen/"); got != 7 {
		t.Errorf("total(xen/) = %d, want 7", got)
	}
	if got := largestDifferences(b, b, 3); len(got) != 0 {
		t.Errorf("largestDifferences of equal maps = %v, want none", got)
	}
}

// TestMeasureParts takes apart a binary built as the bench builds them (not stripped):
// bench's guest init, for linux/amd64.
func TestMeasureParts(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "guestinit")
	cmd := exec.Command("go", "build", "-o", bin, "./guestinit")
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	sp, err := measureParts(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range sectionGroups {
		if g == sectionGroups[2] {
			continue // go1.27's linker has .go.type; go1.26's keeps types in .rodata
		}
		if sp.sections[g] <= 0 {
			t.Errorf("section group %q has %d bytes", g, sp.sections[g])
		}
	}
	if sp.packages["runtime"] < 100000 || sp.packages["main"] <= 0 {
		t.Errorf("runtime %d bytes, main %d bytes: the symbols were not summed by package",
			sp.packages["runtime"], sp.packages["main"])
	}
}
