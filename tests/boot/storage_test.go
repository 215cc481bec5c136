// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package boot

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Files on an ext4 disk, mounted through the command line's mount:
// token (xen/mount), used through package os alone.

// diskConfig is the xl disk line for image img in dom0.
func diskConfig(img, access string) string {
	return "XEN_GUEST_CONFIG=disk=['format=raw,vdev=xvda,access=" + access + ",script=/etc/harness/block-loop,target=" + img + "']"
}

// fsckClean runs e2fsck -fn on img in dom0 and fails the test unless it
// finds nothing to fix.
func fsckClean(t *testing.T, tc toolchainPaths, img, when string) {
	t.Helper()
	out := dom0Sh(t, tc, "e2fsck -fn "+img+" 2>&1; echo \"e2fsck exit $?\"")
	if !strings.Contains(out, "e2fsck exit 0") {
		t.Errorf("e2fsck -fn %s: %s:\n%s", when, "not clean", out)
	}
}

// TestDiskFiles: dom0 makes an ext4 image with mkfs.ext4 -d; the guest
// checks dom0's tree and changes it (testdata/diskfiles); dom0's e2fsck
// finds the file system clean and debugfs reads what the guest wrote;
// a second boot, with the disk mounted read-only, finds every change
// and has every write refused; a read-only disk cannot be mounted
// read-write.
func TestDiskFiles(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "diskfiles")
	img := dom0Image(t, tc, "diskfiles", `set -e; d=$(mktemp -d); mkdir -p $d/sub/dir $d/many
echo 'hello from dom0' >$d/hello.txt; chmod 640 $d/hello.txt; touch -t 202311142213.20 $d/hello.txt
echo deep >$d/sub/dir/deep.txt; ln -s sub/dir/deep.txt $d/link; pattern 4194304 3 >$d/big.bin
i=0; while [ $i -lt 300 ]; do echo $i >$d/many/f$(printf %03d $i); i=$((i+1)); done
truncate -s 64M $img && mkfs.ext4 -q -F -d $d $img; rm -rf $d`)

	out, status := runGuest(t, tc, bin, []string{"write"}, []string{diskConfig(img, "rw"), "XEN_GUEST_MOUNT=xvda=/data"})
	if status != 0 || !strings.Contains(out, "diskfiles write ok") {
		t.Fatalf("write: exit status %d:\n%s", status, out)
	}
	t.Log(strings.TrimSpace(out))
	fsckClean(t, tc, img, "after the guest's changes")
	data := splitmix(4, 3<<20+128)[:3<<20+123]
	d0 := dom0Sh(t, tc, "debugfs -R 'dump /out/data.bin /tmp/data.bin' "+img+" 2>/dev/null; sha256sum /tmp/data.bin; rm -f /tmp/data.bin; "+
		"debugfs -R 'stat /out/data.bin' "+img+" 2>/dev/null | grep -E 'Mode:|Links:|mtime:'; debugfs -R 'cat /out/appended.txt' "+img+" 2>/dev/null | tail -1")
	for _, want := range []string{fmt.Sprintf("%x", sha256.Sum256(data)), "Mode:  0600", "Links: 2", "mtime: 0x5f5e1000", "line 299"} {
		if !strings.Contains(d0, want) {
			t.Errorf("dom0 does not find %q in what the guest wrote:\n%s", want, d0)
		}
	}

	before := dom0Sh(t, tc, "sha256sum "+img)
	out, status = runGuest(t, tc, bin, []string{"verify"}, []string{diskConfig(img, "ro"), "XEN_GUEST_MOUNT=xvda=/data,ro"})
	if status != 0 || !strings.Contains(out, "diskfiles verify ok") {
		t.Errorf("verify: exit status %d:\n%s", status, out)
	} else {
		t.Log(strings.TrimSpace(out))
	}
	if after := dom0Sh(t, tc, "sha256sum "+img); after != before {
		t.Errorf("a read-only mount changed the image")
	}

	out, status = runGuest(t, tc, bin, []string{"verify"}, []string{diskConfig(img, "ro"), "XEN_GUEST_MOUNT=xvda=/data"})
	if status != 2 || !strings.Contains(out, "xen/mount: xvda: xvda is read-only: mount it with ,ro") ||
		!strings.Contains(out, "mount:xvda=/data: read-only file system") || strings.Contains(out, "changes:") {
		t.Errorf("a read-only disk mounted read-write: exit status %d, want 2 (crashed) and a message before main:\n%s", status, out)
	}
}

// TestDiskENOSPC: on a full disk a write fails with ENOSPC, a file
// synced before is intact, and removing a file makes room again; the
// file system stays clean.
func TestDiskENOSPC(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "diskfiles")
	img := dom0Image(t, tc, "diskfull", "truncate -s 16M $img && mkfs.ext4 -q -F $img")
	out, status := runGuest(t, tc, bin, []string{"enospc"}, []string{diskConfig(img, "rw"), "XEN_GUEST_MOUNT=xvda=/data"})
	if status != 0 || !strings.Contains(out, "diskfiles enospc ok") {
		t.Fatalf("exit status %d:\n%s", status, out)
	}
	t.Log(strings.TrimSpace(out))
	fsckClean(t, tc, img, "after ENOSPC")
	sum := dom0Sh(t, tc, "debugfs -R 'dump /keep.bin /tmp/keep.bin' "+img+" 2>/dev/null; sha256sum /tmp/keep.bin; rm -f /tmp/keep.bin")
	if !strings.Contains(sum, fmt.Sprintf("%x", sha256.Sum256(splitmix(5, 1<<20)))) {
		t.Errorf("keep.bin in dom0 is not what the guest synced: %s", sum)
	}
}

// TestDiskCrash: dom0 destroys a guest that appends fsync'd records and
// names to its disk (testdata/diskcrash) at a random moment, 20 times.
// After each crash the kernel's journal replay (e2fsck -E journal_only
// on a copy) must leave a file system e2fsck -fn finds clean, and the
// next boot, whose mount replays the journal itself, must find every
// record and name the guest acknowledged.
func TestDiskCrash(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "diskcrash")
	img := dom0Image(t, tc, "diskcrash", "truncate -s 64M $img && mkfs.ext4 -q -F $img")
	rounds := 20
	if testing.Short() {
		rounds = 5
	}
	ack := regexp.MustCompile(`(?m)^ACK (\d+)$`)
	ackName := regexp.MustCompile(`(?m)^ACKNAME (\d+)$`)
	minRecords, minName, total := 0, 0, 0
	for round := 1; round <= rounds; round++ {
		start := time.Now()
		delay := 0.3 + 2.5*rand.Float64()
		r := runWithDom0(t, tc, bin, []string{strconv.Itoa(minRecords), strconv.Itoa(minName)}, []peerStep{{
			on: `^RECOVERED \d+$`,
			script: func([]string) string {
				return fmt.Sprintf(`sleep %.2f; d=$(xl list | awk '$1 ~ /^go-diskcrash/ {print $2}'); [ -n "$d" ] && xl destroy $d && echo "destroyed $d"`, delay)
			},
		}}, func(cmd *exec.Cmd) { cmd.Env = append(cmd.Env, diskConfig(img, "rw"), "XEN_GUEST_MOUNT=xvda=/data") })
		if strings.Contains(r.out, "FAIL") || !strings.Contains(r.dom0[0], "destroyed") {
			logRun(t, r)
			t.Fatalf("round %d: the guest failed, or was not destroyed", round)
		}
		acked := 0
		for _, m := range ack.FindAllStringSubmatch(r.out, -1) {
			acked, _ = strconv.Atoi(m[1])
		}
		for _, m := range ackName.FindAllStringSubmatch(r.out, -1) {
			minName, _ = strconv.Atoi(m[1])
		}
		if acked < minRecords {
			logRun(t, r)
			t.Fatalf("round %d: no record acknowledged", round)
		}
		total += acked - minRecords
		ran := time.Since(start)
		out := dom0Sh(t, tc, "cp "+img+" "+img+".copy && e2fsck -y -E journal_only "+img+".copy >/dev/null 2>&1; e2fsck -fn "+img+".copy 2>&1; echo \"e2fsck exit $?\"")
		if !strings.Contains(out, "e2fsck exit 0") {
			t.Fatalf("round %d (destroyed %.2f s after mounting, %d records acknowledged): e2fsck after the journal's replay:\n%s", round, delay, acked, out)
		}
		t.Logf("round %d: destroyed %.1f s after mounting, records %d to %d acknowledged; guest %v, e2fsck %v",
			round, delay, minRecords+1, acked, ran.Round(100*time.Millisecond), (time.Since(start) - ran).Round(100*time.Millisecond))
		minRecords = acked
	}
	out, status := runGuest(t, tc, bin, []string{strconv.Itoa(minRecords), strconv.Itoa(minName), "final"},
		[]string{diskConfig(img, "rw"), "XEN_GUEST_MOUNT=xvda=/data"})
	if status != 0 || !strings.Contains(out, "diskcrash final ok") {
		t.Fatalf("final boot: exit status %d:\n%s", status, out)
	}
	fsckClean(t, tc, img, "after the last boot")
	t.Logf("%d crashes; %d fsync'd records (%d acknowledged names) all found after them", rounds, total, minName/5)
}

// TestDiskOSPackages runs upstream's os and io/fs tests (-short) with
// TMPDIR on an ext4 disk, so that their files live on xen/ext4 through
// the mount layer, not in memory; then e2fsck finds the disk clean.
func TestDiskOSPackages(t *testing.T) {
	tc := toolchain(t)
	img := dom0Image(t, tc, "diskos", "truncate -s 256M $img && mkfs.ext4 -q -F $img")
	cmd := exec.Command(tc.goBin, "test", "-count=1", "-short", "-p", "1", "-exec", tc.exec, "os", "io/fs")
	cmd.Env = append(os.Environ(), "GOOS=xen", "GOARCH=amd64", "GOFLAGS=", "GOROOT=", "XEN_EXEC_TIMEOUT=900",
		diskConfig(img, "rw"), "XEN_GUEST_MOUNT=xvda=/data", "XEN_GUEST_ENV_TMPDIR=/data")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test os io/fs with TMPDIR on a disk: %v\n%s", err, out)
	}
	t.Log(strings.TrimSpace(string(out)))
	fsckClean(t, tc, img, "after the os and io/fs tests")
}
