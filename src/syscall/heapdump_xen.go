// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package syscall

// setFileWriter gives the runtime the Write it copies a heap dump to its
// descriptor with, once the world that was stopped to take the dump runs
// again (runtime/heapdump_xen.go). Provided by package runtime.
func setFileWriter(w func(fd int, p []byte) (int, error))

func init() {
	setFileWriter(Write)
}
