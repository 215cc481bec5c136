// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package gnttab shares pages with other domains through the version 1
// grant table, and maps pages other domains shared (for drivers that
// are the mapping side, such as a vchan client).
//
// A granted page stays referenced by the package until the grant ends,
// so the garbage collector never reuses memory another domain can
// still reach. A grant the other domain still has mapped cannot end:
// Revoke reports ErrInUse, and Release ends it once the other domain
// lets go (it checks every 50 ms: Xen sends no event when a mapping
// goes).
//
// The table logic (Table) is plain Go and is tested on any GOOS; the
// functions that talk to Xen exist under GOOS=xen only.
package gnttab
