// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package x509

// A xen guest starts with an empty file system, so there are no system
// roots unless the program writes them here (or names them with
// SSL_CERT_FILE and SSL_CERT_DIR). The paths are Debian's.

var certFiles = []string{
	"/etc/ssl/certs/ca-certificates.crt",
}

var certDirectories = []string{
	"/etc/ssl/certs",
}
