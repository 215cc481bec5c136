// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=VIRQ -trimprefix=VIRQ

// VIRQ is a virtual interrupt a guest binds to an event channel with
// EvtchnOpBindVirq (VIRQ_* in xen.h).
type VIRQ uint32

const (
	VIRQTimer     VIRQ = 0 // per-vCPU: singleshot/periodic timer fired
	VIRQDebug     VIRQ = 1 // per-vCPU: dump debug state ('q' on Xen console)
	VIRQConsole   VIRQ = 2 // dom0: bytes on the emergency console
	VIRQDomExc    VIRQ = 3
	VIRQTbuf      VIRQ = 4
	VIRQDebugger  VIRQ = 6 // 5 is unused
	VIRQXenoprof  VIRQ = 7
	VIRQConRing   VIRQ = 8
	VIRQPCPUState VIRQ = 9
	VIRQMemEvent  VIRQ = 10
	VIRQArgo      VIRQ = 11
	VIRQEnomem    VIRQ = 12
	VIRQXenpmu    VIRQ = 13
	VIRQArch0     VIRQ = 16
	VIRQArch1     VIRQ = 17
	VIRQArch2     VIRQ = 18
	VIRQArch3     VIRQ = 19
	VIRQArch4     VIRQ = 20
	VIRQArch5     VIRQ = 21
	VIRQArch6     VIRQ = 22
	VIRQArch7     VIRQ = 23

	NumVIRQs = 24 // NR_VIRQS
)
