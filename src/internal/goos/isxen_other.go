// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package goos

// IsXen is 0 on every other system. It lives in its own file so that
// upstream's generated zgoos_*.go files need no change.
const IsXen = 0
