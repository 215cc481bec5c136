package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The storage stage: bench/progs/diskio on an ext4 disk, on the xen guest and on the Linux
// domU (dom0 takes no part). For each run dom0 makes a fresh image in its tmpfs with
// storageMkfs, the guest gets it as its PV disk xvda through the block-loop hotplug script and
// mounts it at storageDir, and after the run dom0 checks the file system with e2fsck and
// removes the image.
var storageTargets = []string{tXen, tDomU}

const (
	storageImg  = "/tmp/bench/disk.img"
	storageSize = "512M" // mkfs.ext4 then picks 4 KiB blocks (1 KiB below 512 MiB)
	storageMkfs = "mkfs.ext4 -q -F"
	storageDir  = "/data"

	storageMiB   = 64  // the sequential file
	storageSyncs = 200 // 4 KiB writes + fsync, overwriting and appending
	storageFiles = 100 // small files created, written, synced
)

// Storage metrics, keys of bench.disk.
const (
	dWrite   = "write"    // sequential write + fsync, MiB/s
	dRead    = "read"     // sequential read, MiB/s
	dOverP50 = "over_p50" // 4 KiB overwrite + fsync, ms
	dOverP99 = "over_p99"
	dAppP50  = "app_p50" // 4 KiB append + fsync, ms
	dAppP99  = "app_p99"
	dFiles   = "files"   // small files created, written, synced and closed per second
	dDropped = "dropped" // 1 when the guest dropped its page cache before the read
)

// storageModules are the Linux guest's kernel modules for the disk (ext4 and the modules it
// needs, crc32c for its checksums, xen-blkfront), in load order, as paths under
// lib/modules/VERSION/kernel of the harness's sysroot.
var storageModules = []string{
	"lib/crc16.ko",
	"fs/mbcache.ko",
	"fs/jbd2/jbd2.ko",
	"crypto/crc32c_generic.ko",
	"arch/x86/crypto/crc32c-intel.ko",
	"fs/ext4/ext4.ko",
	"drivers/block/xen-blkfront.ko",
}

// buildDiskProg builds diskio; the Linux guest's initramfs carries storageModules in
// /modules, named so that bench/guestinit loads them in order.
func (b *bench) buildDiskProg() (*prog, error) {
	kdir, err := filepath.Glob(filepath.Join(b.h.dir, "sysroot", "lib", "modules", "*", "kernel"))
	if err != nil || len(kdir) != 1 {
		return nil, fmt.Errorf("no single kernel module tree in the harness's sysroot: %v", kdir)
	}
	extra := []cpioEntry{{name: "modules", mode: modeDir | 0o755}}
	for i, m := range storageModules {
		data, err := os.ReadFile(filepath.Join(kdir[0], m))
		if err != nil {
			return nil, fmt.Errorf("the Linux guest's disk needs an uncompressed module: %v", err)
		}
		extra = append(extra, cpioEntry{name: fmt.Sprintf("modules/%d-%s", i, filepath.Base(m)), mode: modeReg | 0o644, data: data})
	}
	return b.buildBoth("diskio", func(goos, out string) error {
		return b.goCmd(goos, "build", "-o", out, "./progs/diskio")
	}, extra...)
}

// storageArgs are diskio's arguments.
func storageArgs() []string {
	return []string{storageDir, strconv.Itoa(storageMiB), strconv.Itoa(storageSyncs), strconv.Itoa(storageFiles)}
}

// runStorage runs diskio reps times on each target, interleaved (xen, linux-domU, xen, ...),
// guestMem MB and 1 vCPU, each run on a fresh image.
func (b *bench) runStorage() error {
	p, err := b.buildDiskProg()
	if err != nil {
		return err
	}
	if err := b.h.stage(p.files()); err != nil {
		return err
	}
	defer b.h.dom0("rm -f "+storageImg, time.Minute)
	for rep := 1; rep <= b.reps; rep++ {
		for _, t := range storageTargets {
			b.storageRun(t, p, rep)
		}
	}
	return nil
}

// storageRun is one run of diskio on target t; a failed run is recorded, with the guest's
// console and dom0's output kept in results/storage-TARGET-REP.txt.
func (b *bench) storageRun(t string, p *prog, rep int) {
	log := filepath.Join(b.work, "results", fmt.Sprintf("storage-%s-%d.txt", t, rep))
	fail := func(err error, out, full string) {
		os.WriteFile(log, []byte(full), 0o644)
		b.failf("storage on %s (rep %d): %v (full output: %s)\n%s%s", t, rep, err, log, crashLines(out), tail(out))
	}
	mkfs := fmt.Sprintf("rm -f %[1]s; truncate -s %[2]s %[1]s && %[3]s %[1]s && echo MKFS-OK", storageImg, storageSize, storageMkfs)
	if out, err := b.h.dom0(mkfs, 2*time.Minute); err != nil || !strings.Contains(out, "MKFS-OK") {
		fail(fmt.Errorf("making the image: %v", err), out, out)
		return
	}
	r, err := b.runDomU(t, p, storageArgs(), domU{mem: guestMem, vcpus: 1, disk: &guestDisk{img: storageImg, dir: storageDir}}, 4*time.Minute, "")
	if err != nil {
		b.h.dom0("rm -f "+storageImg, time.Minute)
		fail(err, "", "")
		return
	}
	full := r.out + "\n---- go_xen_amd64_exec ----\n" + r.stderr
	m, err := parseDiskio(r)
	if err == nil && m[dDropped] == 0 && t == tDomU {
		err = fmt.Errorf("the Linux guest did not drop its page cache before the read")
	}
	if err != nil {
		b.h.dom0("rm -f "+storageImg, time.Minute)
		fail(err, r.out+r.stderr, full)
		return
	}
	fsck, err := b.h.dom0(fmt.Sprintf("e2fsck -fn %[1]s 2>&1; echo \"e2fsck exit $?\"; rm -f %[1]s", storageImg), 2*time.Minute)
	full += "\n---- dom0 ----\n" + fsck
	os.WriteFile(log, []byte(full), 0o644)
	if err != nil || !strings.Contains(fsck, "e2fsck exit 0") {
		fail(fmt.Errorf("e2fsck -fn does not find the file system clean after the run (%v)", err), fsck, full)
		return
	}
	for k, v := range m {
		addMetric(&b.disk, k, t, v)
	}
	b.progress("storage rep %d/%d on %s: write %s MiB/s, read %s MiB/s, overwrite+fsync p50 %s ms p99 %s ms, append+fsync p50 %s ms p99 %s ms, %s files/s",
		rep, b.reps, t, num(m[dWrite]), num(m[dRead]), num(m[dOverP50]), num(m[dOverP99]), num(m[dAppP50]), num(m[dAppP99]), num(m[dFiles]))
}

// parseDiskio reads the lines of a run of diskio: rates of the sequential phases and of the
// small files, and the median and 99th percentile of each fsync loop.
func parseDiskio(r *result) (map[string]float64, error) {
	if !r.ok("diskio ok") {
		return nil, fmt.Errorf("status %d, no \"diskio ok\" line", r.status)
	}
	m := map[string]float64{}
	for _, ph := range []struct{ line, metric string }{{"diskio write ", dWrite}, {"diskio read ", dRead}} {
		f := fields(lineWith(r.out, ph.line))
		bytes, ms := atof(f["bytes"]), atof(f["ms"])
		if bytes <= 0 || ms <= 0 {
			return nil, fmt.Errorf("no size and time in %q", lineWith(r.out, ph.line))
		}
		m[ph.metric] = bytes / (1 << 20) / (ms / 1000)
	}
	switch fields(lineWith(r.out, "diskio read "))["dropcache"] {
	case "1":
		m[dDropped] = 1
	case "0":
		m[dDropped] = 0
	default:
		return nil, fmt.Errorf("the read line does not say whether the page cache was dropped")
	}
	for _, ph := range []struct {
		line     string
		p50, p99 string
	}{{"diskio overwrite ", dOverP50, dOverP99}, {"diskio append ", dAppP50, dAppP99}} {
		us, err := parseList(fields(lineWith(r.out, ph.line))["us"])
		if err != nil || len(us) != storageSyncs {
			return nil, fmt.Errorf("want %d latencies in %q (%v)", storageSyncs, lineWith(r.out, ph.line), err)
		}
		m[ph.p50], m[ph.p99] = median(us)/1000, percentile(us, 99)/1000
	}
	f := fields(lineWith(r.out, "diskio files "))
	n, ms := atof(f["n"]), atof(f["ms"])
	if n <= 0 || ms <= 0 {
		return nil, fmt.Errorf("no count and time in %q", lineWith(r.out, "diskio files "))
	}
	m[dFiles] = n / (ms / 1000)
	return m, nil
}

// parseList parses comma-separated numbers.
func parseList(s string) ([]float64, error) {
	if s == "" {
		return nil, fmt.Errorf("no values")
	}
	var xs []float64
	for _, f := range strings.Split(s, ",") {
		x, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("bad value %q", f)
		}
		xs = append(xs, x)
	}
	return xs, nil
}
