// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package time

import "syscall"

// A xen guest has no system zoneinfo directory: names are found in
// $GOROOT/lib/time/zoneinfo.zip if the file system has it, or in the
// data embedded by importing time/tzdata (or building with -tags
// timetzdata).
var platformZoneSources = []string{}

// initLocal sets the local time zone from $TZ, which the domain's
// command line can set ("env:TZ=Europe/Berlin"). $TZ may name a zone or,
// starting with '/', a zoneinfo file. Without $TZ, or if the zone cannot
// be loaded, local time is UTC.
func initLocal() {
	tz, _ := syscall.Getenv("TZ")
	if tz != "" && tz[0] == ':' {
		tz = tz[1:]
	}
	if tz != "" && tz != "UTC" {
		sources := platformZoneSources
		if tz[0] == '/' {
			sources = []string{""}
		}
		if z, err := loadLocation(tz, sources); err == nil {
			localLoc = *z
			localLoc.name = tz
			return
		}
	}
	localLoc.name = "UTC"
}
