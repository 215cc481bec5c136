// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package boot

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestXLMoveDisk: a guest with an ext4 disk mounted writes and fsyncs
// records and files in a loop (testdata/disksuspend) while dom0 saves
// and restores it, checkpoints it (xl save -c) and migrates it to this
// host; the disk follows each move (xen/blkfront). At xl shutdown the
// guest reads everything back; then dom0 finds the image clean and the
// guest's log, up to its last synced record, in it.
func TestXLMoveDisk(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "disksuspend")
	img := dom0Image(t, tc, "disksuspend", "truncate -s 64M $img && mkfs.ext4 -q -F $img")
	const rounds = 3
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on:     `^READY disksuspend (\S+)$`,
		script: func(m []string) string { return moveDiskScript(m[1], rounds) },
	}}, withGuest(1, 128), func(cmd *exec.Cmd) {
		cmd.Env = append(cmd.Env, diskConfig(img, "rw"), "XEN_GUEST_MOUNT=xvda=/data", "XEN_EXEC_TIMEOUT=600")
	})
	dom0 := r.dom0[0]
	checkDom0Said(t, dom0, "restored "+strconv.Itoa(rounds), "checkpoint status 0", "migrate status 0", "shutdown status 0")
	report := regexp.MustCompile(`(?m)^disksuspend verified (\d+) records, (\d+) bytes, sha256 ([0-9a-f]{64}), \d+ files, gaps (\d+)$`).FindStringSubmatch(r.out)
	if report == nil {
		t.Errorf("no report from the guest")
		t.Logf("dom0:\n%s", dom0)
		logRun(t, r)
		return
	}
	if gaps := report[4]; gaps != strconv.Itoa(rounds+1) {
		t.Errorf("the guest saw %s moves, want %d (save and restore, and migrate)", gaps, rounds+1)
	}
	intervals := checkWritesGoOn(t, r.out, report[1])
	checkRun(t, r)
	fsckClean(t, tc, img, "after the moves")
	d0 := dom0Sh(t, tc, "debugfs -R 'dump /log /tmp/disksuspend.log' "+img+" 2>/dev/null; wc -c </tmp/disksuspend.log; sha256sum /tmp/disksuspend.log; rm -f /tmp/disksuspend.log")
	if !strings.Contains(d0, report[2]+"\n") || !strings.Contains(d0, report[3]) {
		t.Errorf("the log on the image is not the %s bytes the guest synced (sha256 %s):\n%s", report[2], report[3], d0)
	}
	t.Logf("%s records synced across %d save/restore rounds, a checkpoint and a migration; between the moves: %v", report[1], rounds, intervals)
	if t.Failed() || testing.Verbose() {
		t.Logf("dom0:\n%s", dom0)
	}
}

// TestXLMoveBlkfront: a guest keeps up to 16 requests in flight on a
// 4-page ring with indirect requests (testdata/blksuspend) while dom0
// saves and restores it, checkpoints it and migrates it to this host:
// the suspends wait for requests in flight, the ring keeps its size
// across the moves, the guest reads back all it wrote, and dom0 finds
// it in the image.
func TestXLMoveBlkfront(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "blksuspend")
	img := dom0Image(t, tc, "blksuspend", "pattern 16777216 1 >$img")
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on:     `^READY blksuspend (\S+) `,
		script: func(m []string) string { return moveDiskScript(m[1], 1) },
	}}, withGuest(1, 128), func(cmd *exec.Cmd) {
		cmd.Env = append(cmd.Env, diskConfig(img, "rw"), "XEN_EXEC_TIMEOUT=600")
	})
	dom0 := r.dom0[0]
	checkDom0Said(t, dom0, "restored 1", "checkpoint status 0", "migrate status 0", "shutdown status 0")
	checkRun(t, r, `(?m)^READY blksuspend \S+ ring pages 4, max transfer 262144$`)
	report := regexp.MustCompile(`(?m)^blksuspend ok: (\d+) ops, .* ring pages 4, gaps 2, suspends 3 \(waited for [1-9]\d* requests\), moves 2, sha256 ([0-9a-f]{64})$`).FindStringSubmatch(r.out)
	if report == nil {
		t.Errorf("no good report from the guest (4 ring pages, 2 moves seen, 3 suspends that waited for requests in flight, 2 moves counted)")
		t.Logf("dom0:\n%s", dom0)
		logRun(t, r)
		return
	}
	// Writes went on after each move.
	prev := int64(0)
	for _, m := range regexp.MustCompile(`(?m)^RESUMED \d+ after (\d+) ops$`).FindAllStringSubmatch(r.out, -1) {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		if n <= prev {
			t.Errorf("no writes between moves: %s ops, then %d", m[1], prev)
		}
		prev = n
	}
	if total, _ := strconv.ParseInt(report[1], 10, 64); total <= prev {
		t.Errorf("no writes after the last move (%d ops)", total)
	}
	if sum := dom0Sh(t, tc, "sha256sum "+img); !strings.Contains(sum, report[2]) {
		t.Errorf("the image is not what the guest read back: %s", sum)
	}
	t.Log(field(r.out, `(?m)^(blksuspend ok: .*)$`))
	if t.Failed() || testing.Verbose() {
		t.Logf("dom0:\n%s", dom0)
	}
}

// TestXLMoveDiskChanged: dom0 grows the image between xl save and xl
// restore; the guest's disk refuses the new backend's larger disk, and
// the guest's next request fails with ErrDiskChanged's message.
func TestXLMoveDiskChanged(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "blksuspend")
	img := dom0Image(t, tc, "blkchanged", "pattern 16777216 1 >$img")
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY blksuspend (\S+) `,
		script: func(m []string) string {
			return fmt.Sprintf(`n=%s f=/tmp/img/%[1]s.save
sleep 2
timeout 100 xl save "$n" "$f" >/dev/null 2>&1; echo "save status $?"
truncate -s 17M %s
timeout 100 xl restore -e "$f" >/dev/null 2>&1; echo "restore status $?"
rm -f "$f"`, m[1], img)
		},
	}}, withGuest(1, 128), func(cmd *exec.Cmd) {
		cmd.Env = append(cmd.Env, diskConfig(img, "rw"), "XEN_EXEC_TIMEOUT=300")
	})
	dom0 := r.dom0[0]
	checkDom0Said(t, dom0, "save status 0", "restore status 0")
	const changed = `(?m)^FAIL: \w+: blkfront: the disk changed across the domain's move\n` +
		`blkfront: was 16777216 bytes in 512-byte sectors, now 17825792 bytes in 512-byte sectors$`
	if m := regexp.MustCompile(changed).FindString(r.out); m == "" || r.status != 1 {
		t.Errorf("the guest did not fail with the disk's change (exit status %d, want 1)", r.status)
	} else {
		t.Logf("the guest after the restore: %s", m)
	}
	if t.Failed() {
		t.Logf("dom0:\n%s", dom0)
		logRun(t, r)
	}
}

// checkWritesGoOn checks that the guest synced records before the first
// move, between moves and after the last, and that its last SYNCED line
// is the last record it verified. It returns how many records it synced
// in each interval.
func checkWritesGoOn(t *testing.T, out, verified string) []int {
	t.Helper()
	intervals, last := []int{0}, ""
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "SYNCED "):
			intervals[len(intervals)-1]++
			last = strings.TrimPrefix(line, "SYNCED ")
		case strings.HasPrefix(line, "RESUMED "):
			intervals = append(intervals, 0)
		}
	}
	for i, n := range intervals {
		if n == 0 {
			t.Errorf("no record synced between moves %d and %d", i, i+1)
		}
	}
	if last != verified {
		t.Errorf("last SYNCED %s, but %s records verified", last, verified)
	}
	return intervals
}

// moveDiskScript is the dom0 side of TestXLMoveDisk: rounds of xl save
// and xl restore, a checkpoint, a migration to this host, then xl
// shutdown; each step after the guest has written for a while.
func moveDiskScript(name string, rounds int) string {
	return fmt.Sprintf(`n=%s f=/tmp/img/%[1]s.save ok=0
sleep 3
for i in $(seq %d); do
	timeout 100 xl save "$n" "$f" >/dev/null 2>&1 && timeout 100 xl restore -e "$f" >/dev/null 2>&1 || { echo "round $i failed"; break; }
	ok=$i
	sleep 3
done
rm -f "$f"
echo "restored $ok"
timeout 100 xl save -c "$n" "$f" >/dev/null 2>&1; echo "checkpoint status $?"
rm -f "$f"
sleep 3
timeout 200 xl migrate -s '' "$n" 'xl migrate-receive -e' >/dev/null 2>&1; echo "migrate status $?"
sleep 3
timeout 60 xl shutdown -w "$n"; echo "shutdown status $?"`, name, rounds)
}
