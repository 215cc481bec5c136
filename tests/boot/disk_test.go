// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package boot

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBlkfront: a guest reads a disk image dom0 filled and writes part
// of it through xen/blkfront and dom0's blkback (testdata/blkfront);
// dom0 then finds exactly what the guest wrote in the image.
func TestBlkfront(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "blkfront")
	img := dom0Image(t, tc, "blkfront", "pattern 16777216 1 >$img")
	disk := "disk=['format=raw,vdev=xvda,access=rw,script=/etc/harness/block-loop,target=" + img + "']"
	out, status := runGuest(t, tc, bin, nil, []string{"XEN_GUEST_CONFIG=" + disk})
	if status != 0 || !strings.Contains(out, "blkfront ok") {
		t.Fatalf("exit status %d, want 0 and \"blkfront ok\":\n%s", status, out)
	}
	t.Log(strings.TrimSpace(out))

	const mib = 1 << 20
	want := append(append(splitmix(1, 16*mib)[:4*mib], splitmix(2, 8*mib)...), splitmix(1, 16*mib)[12*mib:]...)
	sum := strings.Fields(dom0Sh(t, tc, "sha256sum "+img))
	if len(sum) == 0 || sum[0] != fmt.Sprintf("%x", sha256.Sum256(want)) {
		t.Errorf("the image in dom0 is not what the guest wrote: sha256 %v", sum)
	}
}

// TestBlkfrontPackage runs xen/blkfront's own test under Xen on a
// scratch disk (TestXenDisk: parallel writes, flush, discard, and the
// device opened again with another ring size).
func TestBlkfrontPackage(t *testing.T) {
	tc := toolchain(t)
	img := dom0Image(t, tc, "blkfront-pkg", "truncate -s 16M $img && printf go-xen-blkfront-scratch | dd of=$img conv=notrunc 2>/dev/null")
	cmd := exec.Command(tc.goBin, "test", "-count=1", "-v", "-exec", tc.exec, "-run", "^TestXenDisk$", "xen/blkfront")
	cmd.Env = append(os.Environ(), "GOOS=xen", "GOARCH=amd64", "GOFLAGS=", "GOROOT=",
		"XEN_GUEST_CONFIG=disk=['format=raw,vdev=xvda,access=rw,script=/etc/harness/block-loop,target="+img+"']")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestXenDisk") {
		t.Fatalf("go test xen/blkfront under Xen: %v\n%s", err, out)
	}
	t.Log(strings.TrimSpace(string(out)))
}

// splitmix is scripts/harness/dom0/pattern.c's stream for seed.
func splitmix(seed uint64, n int) []byte {
	b := make([]byte, n)
	x := seed
	for i := 0; i < n; i += 8 {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
		z = (z ^ z>>27) * 0x94d049bb133111eb
		binary.LittleEndian.PutUint64(b[i:], z^z>>31)
	}
	return b
}

// dom0Image makes a disk image in dom0's /tmp, unique to this run, with
// the script make, which finds its path in $img; the test's end removes
// it and the files beside it named after it (img.*).
func dom0Image(t *testing.T, tc toolchainPaths, name, make string) string {
	t.Helper()
	img := fmt.Sprintf("/tmp/%s-%d.img", name, time.Now().UnixNano())
	dom0Sh(t, tc, "img="+img+"\n"+make)
	t.Cleanup(func() { dom0Sh(t, tc, "rm -f "+img+" "+img+".*") })
	return img
}

// dom0Sh runs script in dom0 and returns its output.
func dom0Sh(t *testing.T, tc toolchainPaths, script string) string {
	t.Helper()
	out, err := exec.Command(filepath.Join(tc.repo, "scripts/harness/dom0-sh"), script).CombinedOutput()
	if err != nil {
		t.Fatalf("dom0: %s: %v\n%s", script, err, out)
	}
	return string(out)
}
