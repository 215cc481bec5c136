// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package mount

import (
	"errors"
	"strconv"
	"strings"
)

// A setting is one mount: token of the command line.
type setting struct {
	Disk     string
	Dir      string
	ReadOnly bool
}

// parseSetting parses DISK=DIR[,ro] (the text after "mount:").
func parseSetting(s string) (setting, error) {
	disk, dir, ok := strings.Cut(s, "=")
	if !ok || disk == "" || dir == "" {
		return setting{}, errors.New("want mount:DISK=DIR[,ro], as mount:xvda=/data")
	}
	st := setting{Disk: disk, Dir: dir}
	if d, opt, ok := strings.Cut(dir, ","); ok {
		if opt != "ro" && opt != "rw" {
			return setting{}, errors.New("unknown mount option " + strconv.Quote(opt) + " (ro or rw)")
		}
		st.Dir, st.ReadOnly = d, opt == "ro"
	}
	if !strings.HasPrefix(st.Dir, "/") {
		return setting{}, errors.New("the directory must be absolute")
	}
	if _, err := vbdIndex(disk); err != nil {
		return setting{}, err
	}
	return st, nil
}

// vbdIndex returns the virtual-device number (the N of device/vbd/N) a
// disk name stands for, as Xen's xl-disk-configuration document
// defines them: xvd[a-p] is 202<<8 | disk<<4, later disks use the
// extended form 1<<28 | disk<<8. A number is taken as it is.
func vbdIndex(name string) (int, error) {
	if n, err := strconv.Atoi(name); err == nil && n > 0 {
		return n, nil
	}
	letters, ok := strings.CutPrefix(name, "xvd")
	if !ok || letters == "" || len(letters) > 3 {
		return 0, errors.New("unknown disk " + strconv.Quote(name) + " (want xvda, xvdb, ... or a virtual-device number)")
	}
	disk := 0
	for _, c := range letters {
		if c < 'a' || c > 'z' {
			return 0, errors.New("unknown disk " + strconv.Quote(name))
		}
		disk = disk*26 + int(c-'a'+1)
	}
	disk-- // xvda is disk 0, xvdz 25, xvdaa 26
	if disk < 16 {
		return 202<<8 | disk<<4, nil
	}
	if disk >= 1<<20 {
		return 0, errors.New("unknown disk " + strconv.Quote(name))
	}
	return 1<<28 | disk<<8, nil
}
