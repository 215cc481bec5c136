package main

import "fmt"

const storageHeading = "Storage: ext4 on a PV disk"

// reportStorage writes the storage section: medians with the range of the runs.
func (b *bench) reportStorage(p printer) {
	d := b.disk
	p("## %s", storageHeading)
	p("")
	p("`bench/progs/diskio` on an ext4 disk, on the xen guest and the Linux domU (%d MB, 1 vCPU).", guestMem)
	p("For each run dom0 makes a fresh raw image in its tmpfs (`truncate -s %s`, then", storageSize)
	p("`%s`: 4 KiB blocks, mke2fs's default ext4 features with metadata_csum), which the", storageMkfs)
	p("guest gets as its PV disk `xvda` (dom0's blkback on a loop device, the harness's `block-loop`")
	p("script) and mounts at `%s` before the program starts, with the default options (ordered", storageDir)
	p("data, commit every 5 s): xen through the command line's `mount:xvda=%s`, Linux through", storageDir)
	p("`bench/guestinit`, which loads `crc16`, `mbcache`, `jbd2`, `crc32c_generic`, `crc32c-intel`,")
	p("`ext4` and `xen-blkfront` from the initramfs (Debian's kernel has them as modules) and mounts")
	p("`/dev/xvda`. After a run that completed dom0 checks the image with `e2fsck -fn` (a run it")
	p("does not find clean counts as failed); then it removes the image. The program times itself:")
	p("")
	p("- **sequential write**: a new file of %d MiB in 1 MiB writes, then `f.Sync()`, which the time", storageMiB)
	p("  includes;")
	p("- **sequential read**: that file in 1 MiB reads. Linux first runs `sync` and writes 3 to")
	p("  `/proc/sys/vm/drop_caches` (checked on every run), so the data comes from the disk; xen has")
	p("  no page cache (its ext4 caches metadata blocks, and reads 512 KiB ahead only for small")
	p("  sequential reads);")
	p("- **fsync latency**: %d times 4 KiB written at offset 0 of a file, then `f.Sync()`", storageSyncs)
	p("  (**overwrite**), and %d times 4 KiB appended to a new file, then `f.Sync()` (**append**);", storageSyncs)
	p("  each run's median and 99th percentile (nearest rank), in ms;")
	p("- **small files**: %d new files, each created, written (4 KiB), synced and closed.", storageFiles)
	p("")
	p("The disk is RAM in dom0 (a tmpfs file behind a loop device) for both guests, so the figures")
	p("measure the guests' file system and block path, not a device. Runs are interleaved xen,")
	p("linux-domU, xen, ...; %d repetitions; cells are the median and, in brackets, the smallest", b.reps)
	p("and largest run. For MiB/s and files/s a ratio above 1.00x means the unikernel is faster; for")
	p("latency, below 1.00x.")
	p("")
	p("| median (min-max) | xen | linux-domU | xen/linux-domU |")
	p("|---|---:|---:|---:|")
	runs := func(t string) string { return fmt.Sprintf("%d of %d", len(d[dWrite][t]), b.reps) }
	p("| runs that completed | %s | %s | |", runs(tXen), runs(tDomU))
	for _, r := range storageRows() {
		x, l := d[r.metric][tXen], d[r.metric][tDomU]
		p("| %s | %s | %s | %s |", r.label, spread(x), spread(l), ratio(median(x), median(l)))
	}
	p("")
}

// storageRows are the storage metrics as the table shows them.
func storageRows() []struct{ metric, label string } {
	return []struct{ metric, label string }{
		{dWrite, fmt.Sprintf("sequential write + fsync, MiB/s (%d MiB)", storageMiB)},
		{dRead, fmt.Sprintf("sequential read, MiB/s (%d MiB, not cached)", storageMiB)},
		{dOverP50, "4 KiB overwrite + fsync, p50 ms"},
		{dOverP99, "4 KiB overwrite + fsync, p99 ms"},
		{dAppP50, "4 KiB append + fsync, p50 ms"},
		{dAppP99, "4 KiB append + fsync, p99 ms"},
		{dFiles, "small files/s (create, write 4 KiB, fsync, close)"},
	}
}
