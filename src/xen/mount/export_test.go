// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package mount

// The tests are package mount_test: on xen, os imports this package.

var VbdIndex = vbdIndex

type Setting = setting

func ParseSetting(s string) (Setting, error) { return parseSetting(s) }
