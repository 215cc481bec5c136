// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=ConsoleIOOp -trimprefix=ConsoleIO

// ConsoleIOOp is the first argument of OpConsoleIO (CONSOLEIO_*). It
// reaches Xen's own console, usable before the PV console ring is set up.
type ConsoleIOOp uint32

const (
	ConsoleIOWrite ConsoleIOOp = 0
	ConsoleIORead  ConsoleIOOp = 1
)

// XenconsRingIdx is XENCONS_RING_IDX: a free-running index, reduced modulo
// the ring size only when used to address the ring.
type XenconsRingIdx uint32

// XenconsInterface is struct xencons_interface (io/console.h), the shared
// page of the PV console (HVMParamConsolePFN). "in" carries input to the
// guest, "out" the guest's output; the sizes are powers of two so the
// indices can be masked.
type XenconsInterface struct {
	In      [1024]byte
	Out     [2048]byte
	InCons  XenconsRingIdx
	InProd  XenconsRingIdx
	OutCons XenconsRingIdx
	OutProd XenconsRingIdx
}
