// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package mount puts the domain's disks in its file tree. Package os
// links it into every program, so no import is needed: a disk in the
// domain's xl configuration (disk = [...]) holding an ext4 file system
// (made in dom0 with mkfs.ext4) appears at the directory a mount:
// token of the command line names, next to the in-memory tree:
//
//	extra = "mount:xvda=/data mount:xvdb=/ref,ro"
//
// The directory is created if missing. A disk is named as its vdev
// (xvda to xvdz, xvdaa and on) or by its virtual-device number. If a
// disk cannot be mounted, the program does not start: the reason goes
// to the console and the domain ends as crashed, as with a bad command
// line, rather than run on an empty in-memory directory in place of its
// data.
//
// The package also registers the file system type "ext4" for
// syscall.Mount, so a program may mount a disk itself (one hotplugged
// with xl block-attach, say):
//
//	err := syscall.Mount("xvdb", "/more", "ext4", 0, "")
//
// What a program writes is committed to the disk by f.Sync (an fsync,
// which also makes the names made so far durable), every 5 seconds
// when something changed, and when the program ends (main returns or
// os.Exit is called). After a crash or xl destroy the journal brings
// the next mount back to the last commit.
package mount
