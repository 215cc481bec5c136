package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestCpioListsWithCpioTool(t *testing.T) {
	if _, err := exec.LookPath("cpio"); err != nil {
		t.Skip("no cpio tool")
	}
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	os.WriteFile(a, []byte("init"), 0o755)
	out := filepath.Join(dir, "x.cpio")
	if err := guestInitramfs(out, a, a, "prog"); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(out)
	defer f.Close()
	cmd := exec.Command("cpio", "-itv")
	cmd.Stdin = f
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cpio: %v\n%s", err, b)
	}
	for _, want := range []string{"dev/console", "init", "prog", "crw-------"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("listing lacks %q:\n%s", want, b)
		}
	}
}
