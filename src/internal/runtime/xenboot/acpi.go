// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot

// The toolstack describes a PVH domain's processors in ACPI tables, as
// it would a PC's: the RSDP (whose address the start info carries)
// leads to the XSDT or RSDT, which lists the MADT, which has one local
// APIC entry a vCPU, enabled or not. libxl enables the vCPUs a domain
// starts with (xl's vcpus) and lists the rest up to maxvcpus disabled,
// for hotplug. The tables come from the toolstack: every length is
// bounded and every checksum checked.

// ACPI limits: a table larger than this, or a root table listing more
// tables, is taken for garbage.
const (
	ACPIMaxTable   = 64 << 10
	ACPIMaxEntries = 256
)

// ACPIOnlineCPUs returns how many processors the MADT lists enabled,
// counting from the first until one is not: the vCPUs, from 0, that
// the domain has online. read returns n bytes of the domain's memory at
// addr, or nil if they cannot be read. ok is false if there is no valid
// RSDP, root table or MADT, or it enables no processor.
func ACPIOnlineCPUs(rsdp uint64, read func(addr uint64, n uint32) []byte) (n int, ok bool) {
	madt := acpiFind(rsdp, "APIC", read)
	if madt == nil || len(madt) < 44 {
		return 0, false
	}
scan:
	for off := 44; off+2 <= len(madt); {
		typ, size := madt[off], int(madt[off+1])
		if size < 2 || off+size > len(madt) {
			return 0, false
		}
		var flags uint32
		switch {
		case typ == 0 && size >= 8: // processor local APIC
			flags = le32(madt[off+4:])
		case typ == 9 && size >= 16: // processor local x2APIC
			flags = le32(madt[off+8:])
		default:
			off += size
			continue
		}
		if flags&1 == 0 {
			break scan // the first vCPU not online
		}
		n++
		off += size
	}
	return n, n > 0
}

// acpiFind returns the table with signature sig listed by the root
// table the RSDP at rsdp points to, or nil.
func acpiFind(rsdp uint64, sig string, read func(addr uint64, n uint32) []byte) []byte {
	r := read(rsdp, 20)
	if len(r) < 20 || string(r[:8]) != "RSD PTR " || acpiSum(r[:20]) != 0 {
		return nil
	}
	root, rootSig, entry := uint64(le32(r[16:])), "RSDT", 4
	if r[15] >= 2 { // ACPI 2.0: the 36-byte RSDP and the XSDT
		if r = read(rsdp, 36); len(r) < 36 || acpiSum(r[:36]) != 0 {
			return nil
		}
		if x := le64(r[24:]); x != 0 {
			root, rootSig, entry = x, "XSDT", 8
		}
	}
	t := acpiTable(root, rootSig, read)
	if t == nil {
		return nil
	}
	entries := (len(t) - 36) / entry
	if entries > ACPIMaxEntries {
		return nil
	}
	for i := range entries {
		p := t[36+i*entry:]
		addr := uint64(le32(p))
		if entry == 8 {
			addr = le64(p)
		}
		if h := read(addr, 4); len(h) == 4 && string(h) == sig {
			return acpiTable(addr, sig, read)
		}
	}
	return nil
}

// acpiTable returns the table at addr if it has signature sig, a length
// within bounds and a good checksum.
func acpiTable(addr uint64, sig string, read func(addr uint64, n uint32) []byte) []byte {
	h := read(addr, 36)
	if len(h) < 36 || string(h[:4]) != sig {
		return nil
	}
	n := le32(h[4:])
	if n < 36 || n > ACPIMaxTable {
		return nil
	}
	t := read(addr, n)
	if uint32(len(t)) < n || acpiSum(t[:n]) != 0 {
		return nil
	}
	return t[:n]
}

func acpiSum(b []byte) byte {
	var s byte
	for _, c := range b {
		s += c
	}
	return s
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func le64(b []byte) uint64 {
	return uint64(le32(b)) | uint64(le32(b[4:]))<<32
}
