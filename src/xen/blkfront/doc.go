// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package blkfront is the frontend of Xen's paravirtual block device
// (xen/io/blkif.h): it reads and writes the disk blkback (or qdisk)
// serves from the backend domain.
//
// Open connects to the backend of device/vbd/N through xenstore, shares
// a request ring of one or more pages and a pool of data pages, and
// binds one event channel. A Device is an io.ReaderAt and io.WriterAt
// at the disk's logical sector size; it also flushes the backend's
// write cache (or writes a barrier when only that is offered) and
// discards. Its methods block, are safe for concurrent use, and keep
// several requests in flight; a request longer than 11 pages goes as
// one indirect request when the backend offers them.
//
// A Device follows the domain through suspends (xl save, xl migrate):
// the requests in flight finish first (a backend that does not answer
// within 10 s refuses the suspend), and new ones wait. After a move to
// a new domain the device reconnects to the vbd's new backend, with a
// ring of the same size, and the waiting requests go there; a disk of
// another size, sector size or mode stops it with ErrDiskChanged.
//
// The caller's memory is never granted: data is copied through the
// pool's pages. The backend is not trusted: rsp_prod and every response
// are read once; a response with a wrong operation or an unknown
// status fails its request. A response whose id names no request in
// flight (ids carry a generation, so a late duplicate cannot complete
// a newer request in the same slot), or an rsp_prod beyond the requests
// outstanding, means some request will never be answered: the device
// stops with ErrBackendBroken rather than leave callers waiting. What
// fails a check is counted in Stats. The protocol core is plain Go,
// tested and fuzzed on any GOOS; only blkfront_xen.go talks to Xen.
//
// Sector numbers on the ring and the backend's "sectors" node are in
// 512-byte units, as Linux's blkfront and blkback use them: the
// frontend does not ask for feature-large-sector-size.
package blkfront
