// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package hypercall

import (
	"testing"
	"unsafe"
)

// Sizes the header comments state, checked without a C compiler (the full
// check is layout_test.go). Go lays these out alike on all 64-bit targets.
func TestDocumentedSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("layouts are for 64-bit targets")
	}
	tests := []struct {
		name      string
		got, want uintptr
	}{
		{"vcpu_time_info", unsafe.Sizeof(VCPUTimeInfo{}), 32},
		{"vcpu_info", unsafe.Sizeof(VCPUInfo{}), 64},
		{"hvm_start_info", unsafe.Sizeof(HVMStartInfo{}), 56},
		{"hvm_modlist_entry", unsafe.Sizeof(HVMModlistEntry{}), 32},
		{"hvm_memmap_table_entry", unsafe.Sizeof(HVMMemmapTableEntry{}), 24},
		{"e820 entry", unsafe.Sizeof(E820Entry{}), 20},
		{"sring header", unsafe.Sizeof(SringHeader{}), SringHeaderSize},
		{"xencons_interface", unsafe.Sizeof(XenconsInterface{}), 1024 + 2048 + 16},
		{"shared_info.wc_version", unsafe.Offsetof(SharedInfo{}.WcVersion), 32*64 + 2*64*8},
		{"shared_info.wc_sec_hi", unsafe.Offsetof(SharedInfo{}.WcSecHi), 32*64 + 2*64*8 + 12},
		{"blkif_request", unsafe.Sizeof(BlkifRequest{}), 112},
		{"blkif_request_indirect", unsafe.Sizeof(BlkifRequestIndirect{}), 64},
		{"sched_poll", unsafe.Sizeof(SchedPoll{}), 24},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	if unsafe.Sizeof(SharedInfo{}) > XenPageSize {
		t.Error("SharedInfo does not fit its page")
	}
}

func TestUnionAccessors(t *testing.T) {
	// Fill the union bytes the way C would on a little-endian machine.
	var s EvtchnStatus
	u := (*[8]byte)(unsafe.Pointer(&s.U))
	*u = [8]byte{0x34, 0x12, 0, 0, 0x78, 0x56, 0x34, 0x12}
	if s.InterdomainDom() != 0x1234 || s.InterdomainPort() != 0x12345678 || s.UnboundDom() != 0x1234 ||
		s.Virq() != 0x1234 || s.Pirq() != 0x1234 {
		t.Errorf("evtchn_status accessors: %#x %#x", s.InterdomainDom(), s.InterdomainPort())
	}

	var e NetifExtraInfo
	eu := (*[6]byte)(unsafe.Pointer(&e.U))
	*eu = [6]byte{0xb4, 0x05, XenNetifGSOTypeTCPv6, 0, 0x01, 0x00} // gso: size 1460, type, pad, features
	if e.GSOSize() != 1460 || e.GSOType() != XenNetifGSOTypeTCPv6 || e.GSOFeatures() != 1 {
		t.Errorf("netif gso accessors: %d %d %d", e.GSOSize(), e.GSOType(), e.GSOFeatures())
	}
	*eu = [6]byte{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}
	if e.MulticastAddr() != [6]byte{0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb} {
		t.Errorf("MulticastAddr = %x", e.MulticastAddr())
	}

	m := E820Entry{Addr: [2]uint32{0x100000, 0x1}, Size: [2]uint32{0x80000000, 0}, Type: MemmapTypeRAM}
	if m.Base() != 0x1_0010_0000 || m.Length() != 0x8000_0000 {
		t.Errorf("E820Entry: %#x %#x", m.Base(), m.Length())
	}
}
