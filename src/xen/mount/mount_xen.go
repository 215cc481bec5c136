// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package mount

import (
	"errors"
	"internal/xenvfs"
	"syscall"

	"xen/blkfront"
	"xen/ext4"
	"xen/internal/xencall"
)

func init() {
	xenvfs.Register("ext4", mountExt4)
	for _, s := range xencall.MountSettings() {
		if err := mountSetting(s); err != nil {
			xencall.FatalBeforeMain("mount:" + s + ": " + err.Error())
		}
	}
}

// mountSetting mounts what a mount: token asks for.
func mountSetting(s string) error {
	st, err := parseSetting(s)
	if err != nil {
		return err
	}
	if err := mkdirAll(st.Dir); err != nil {
		return err
	}
	var flags uintptr
	if st.ReadOnly {
		flags = syscall.MS_RDONLY
	}
	return syscall.Mount(st.Disk, st.Dir, "ext4", flags, "")
}

// mkdirAll makes directory dir and its parents in the in-memory tree.
func mkdirAll(dir string) error {
	for i := 1; i <= len(dir); i++ {
		if i < len(dir) && dir[i] != '/' {
			continue
		}
		err := syscall.Mkdir(dir[:i], 0o755)
		if err != nil && err != syscall.EEXIST {
			return err
		}
	}
	return nil
}

// mountExt4 is the "ext4" driver. syscall.Mount can return only an
// errno, so why a mount failed also goes to the console, as Linux's
// file systems log it to the kernel's.
func mountExt4(source string, readOnly bool) (xenvfs.FS, error) {
	fs, err := openExt4(source, readOnly)
	if err != nil {
		syscall.Write(2, []byte("xen/mount: "+source+": "+err.Error()+"\n"))
	}
	return fs, err
}

// openExt4 connects to disk source and mounts its file system.
func openExt4(source string, readOnly bool) (xenvfs.FS, error) {
	index, err := vbdIndex(source)
	if err != nil {
		return nil, err
	}
	disk, err := blkfront.Open(index, blkfront.Config{})
	if err != nil {
		return nil, err
	}
	if disk.ReadOnly() && !readOnly {
		disk.Close()
		return nil, errors.Join(errors.New(source+" is read-only: mount it with ,ro"), syscall.EROFS)
	}
	fs, err := ext4.Mount(disk, ext4.Options{ReadOnly: readOnly})
	if err != nil {
		disk.Close()
		return nil, err
	}
	return newExt4FS(fs, disk.Close, readOnly), nil
}
