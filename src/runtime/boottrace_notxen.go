// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package runtime

// bootTraceMain marks the start of main.main in xen's boot trace
// (boottrace_xen.go); elsewhere it does nothing.
func bootTraceMain() {}
