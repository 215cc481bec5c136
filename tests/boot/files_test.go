package boot

import (
	"archive/tar"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFiles ships a tree to the guest (XEN_EXEC_FILES): a long path (a
// PAX record), a file of several 64 KiB chunks, modes, an empty directory
// and a symbolic link. The files program must list it under Xen exactly
// as it does on linux, and start in the host's working directory.
func TestFiles(t *testing.T) {
	tc := toolchain(t)
	root := t.TempDir()
	long := filepath.Join(root, "deep", strings.Repeat("d", 90), strings.Repeat("f", 80)+".txt")
	big := bytes.Repeat([]byte("0123456789abcdef"), 20000)
	for path, data := range map[string][]byte{
		filepath.Join(root, "a.txt"):          []byte("hello\n"),
		filepath.Join(root, "sub", "big.bin"): big,
		filepath.Join(root, "sub", "empty"):   nil,
		long:                                  []byte("long\n"),
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must(t, os.Chmod(filepath.Join(root, "a.txt"), 0o600))
	must(t, os.Chmod(filepath.Join(root, "sub", "empty"), 0o755))
	must(t, os.Mkdir(filepath.Join(root, "nothing"), 0o700))
	must(t, os.Symlink("sub/big.bin", filepath.Join(root, "link")))

	linuxBin := filepath.Join(t.TempDir(), "files")
	cmd := exec.Command(tc.goBin, "build", "-o", linuxBin, ".")
	cmd.Dir = filepath.Join("testdata", "files")
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "GO111MODULE=off", "GOFLAGS=", "GOROOT=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building files for linux: %v\n%s", err, out)
	}
	want, err := exec.Command(linuxBin, root).CombinedOutput()
	if err != nil {
		t.Fatalf("files on linux: %v\n%s", err, want)
	}

	out, status := runGuest(t, tc, buildGuest(t, tc, "files"), []string{root}, []string{"XEN_EXEC_FILES=" + root})
	if status != 0 || !strings.HasSuffix(out, string(want)) {
		t.Errorf("exit status %d; under Xen:\n%s\non linux:\n%s", status, out, want)
	}
}

// TestRamdiskDamaged gives the guest damaged archives as its ramdisk
// (XEN_EXEC_RAMDISK): it reports each on the console, keeps the entries
// before the fault and runs the program.
func TestRamdiskDamaged(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "files")
	entry := func(tw *tar.Writer, name, data string) {
		must(t, tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg}))
		_, err := tw.Write([]byte(data))
		must(t, err)
	}
	archive := func(names ...string) []byte {
		var b bytes.Buffer
		tw := tar.NewWriter(&b)
		for _, n := range names {
			entry(tw, n, "data of "+n)
		}
		must(t, tw.Close())
		return b.Bytes()
	}
	corrupt := archive("r/one", "r/two", "r/three")
	corrupt[4*512+10] ^= 0xff // the third header's name: its checksum no longer matches
	for _, c := range []struct {
		name    string
		ramdisk []byte
		want    []string
	}{
		{"checksum", corrupt, []string{
			`xen: ramdisk: not a tar archive, or a damaged one: bad header checksum (in the entry at offset 2048); the entries before it are unpacked`,
			"\none -rw-r--r-- 13 ", "\ntwo -rw-r--r-- 13 "}},
		{"truncated", archive("r/one", "r/two")[:1024+100], []string{
			`xen: ramdisk: truncated header (in the entry at offset 1024)`, "\none -rw-r--r-- 13 "}},
		{"escape", archive("r/one", "../../r/evil"), []string{
			`xen: ramdisk: bad path "../../r/evil" (in the entry at offset 1024)`, "\none -rw-r--r-- 13 "}},
		{"garbage", bytes.Repeat([]byte("not a tar "), 200), []string{
			`xen: ramdisk: not a tar archive, or a damaged one: bad header checksum (in the entry at offset 0)`,
			`FAIL: lstat /r: no such file or directory`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ramdisk.tar")
			must(t, os.WriteFile(path, c.ramdisk, 0o644))
			out, status := runGuest(t, tc, bin, []string{"/r"}, []string{"XEN_EXEC_RAMDISK=" + path})
			if status != 0 {
				t.Errorf("exit status %d", status)
			}
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			if strings.Contains(out, "\nevil ") {
				t.Errorf("the escaping entry was unpacked")
			}
			if t.Failed() {
				t.Logf("output:\n%s", out)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestRamdiskTooBig: a ramdisk that leaves the program too little memory
// stops the boot with the reason on the console and the domain crashed.
func TestRamdiskTooBig(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "files")
	path := filepath.Join(t.TempDir(), "ramdisk.tar")
	// libxc puts the ramdisk right after the image (its BSS included: 3 MB
	// here, since 32 MiB of crypto's FIPS buffer left the BSS); a 50 MB
	// one in 64 MB leaves the runtime's heap about 10 MB, under its 16 MB
	// minimum.
	must(t, os.WriteFile(path, bytes.Repeat([]byte{1}, 50<<20), 0o644))
	out, status := runGuest(t, tc, bin, []string{"/r"}, []string{"XEN_EXEC_RAMDISK=" + path, "XEN_GUEST_MEMORY=64"})
	if status != 2 || !strings.Contains(out, "xen: the ramdisk leaves too little memory for the program: give the domain more memory") {
		t.Errorf("exit status %d, want 2 and the reason; output:\n%s", status, out)
	}
}
