// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package ringtest plays the other domain for the split drivers' tests
// on any GOOS: the backend's side of a shared ring, in-process event
// channels, and a grant table that is a map. It also lets a test write
// what a hostile backend would.
package ringtest
