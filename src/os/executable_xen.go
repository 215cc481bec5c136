// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package os

import "errors"

// The program is the guest's kernel image: it was loaded by Xen, not from
// a file the guest can see.
func executable() (string, error) {
	return "", errors.New("Executable not supported on xen: the program is the domain's kernel image, not a file")
}
