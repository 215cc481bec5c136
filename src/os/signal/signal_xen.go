// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package signal

// The toolstack's shutdown requests (xl shutdown, xl reboot) are signals
// on xen: xen/control turns them into SIGTERM once the program asks for a
// signal.
import _ "xen/control"
