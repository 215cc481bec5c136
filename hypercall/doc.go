// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package hypercall describes the Xen guest ABI in plain Go: hypercall
// numbers, error codes, sub-operation numbers, and the structures that a
// guest shares with Xen or passes to it, laid out byte for byte as the C
// definitions in Xen's public headers (xen/include/public, installed as
// /usr/include/xen by libxen-dev) describe them for x86_64.
//
// It is the host-testable description of the ABI: it has no assembly and
// no build tags, so it compiles and its tests run on an ordinary
// linux/amd64 machine. Drivers (console, xenstore, netfront, blkfront) and
// tools build on it; layout_test.go compiles a C program against the real
// headers and checks every size, offset and constant defined here.
//
// It issues no hypercalls itself. Making the call is the job of the
// GOOS=xen runtime, which cannot import this package: the runtime may not
// depend on packages that import strconv (which the generated String
// methods do). The runtime therefore keeps its own minimal copy of the few
// numbers and layouts it needs to boot (hypercall numbers, shared_info,
// vcpu_time_info, hvm_start_info, ...), and a test elsewhere in the tree
// checks that copy against this package.
//
// Conventions: Go names are the C names in CamelCase (struct xen_hvm_param
// is XenHVMParam, SCHEDOP_yield is SchedOpYield). Every field the C
// structure names has a Go field of the same width; blank (_) fields stand
// only for padding that C inserts implicitly. Guest handles are uint64
// guest addresses, as on x86_64 and arm64. Unions become byte or word
// arrays with accessors; those accessors assume little-endian, as on every
// architecture Xen supports.
package hypercall
