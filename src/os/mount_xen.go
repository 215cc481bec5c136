// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package os

// The disks the domain's command line names (mount:xvda=/data) are
// mounted before any package using os initializes.
import _ "xen/mount"
