// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package netfront is the frontend of Xen's paravirtual network device
// (xen/io/netif.h): it moves Ethernet frames between a Go guest and
// netback in the backend domain (usually dom0).
//
// Open connects to the backend of device/vif/N through xenstore, shares
// a transmit and a receive ring on granted pages, and binds one event
// channel. Received frames go to Config.Deliver on the driver's own
// goroutine, which sleeps until the backend signals; Send copies a frame
// into granted pages and parks while the transmit ring is full.
//
// Segmentation is offloaded both ways where netback offers it, as
// Linux's netfront does: SendOffload hands the backend a TCP packet of up
// to 64 KiB with a partial checksum, to cut into segments (TSO), and the
// backend may deliver merged TCP packets of that size (rx GSO).
//
// The backend is not trusted: every ring index, id, offset, length and
// status it writes is checked before use, and what fails a check is
// dropped and counted in Stats. The ring and handshake logic is plain
// Go, tested and fuzzed on any GOOS; only the small *_xen.go files talk
// to Xen.
package netfront
