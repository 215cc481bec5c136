// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenboot_test

import (
	"encoding/binary"
	"internal/runtime/xenboot"
	"testing"
)

// acpiMem is a domain's memory holding ACPI tables from base on.
type acpiMem struct {
	base uint64
	b    []byte
}

func (m *acpiMem) read(addr uint64, n uint32) []byte {
	if addr < m.base || addr-m.base > uint64(len(m.b)) || uint64(n) > uint64(len(m.b))-(addr-m.base) {
		return nil
	}
	return m.b[addr-m.base : addr-m.base+uint64(n)]
}

// put appends b, 16-byte aligned, and returns its address.
func (m *acpiMem) put(b []byte) uint64 {
	for len(m.b)%16 != 0 {
		m.b = append(m.b, 0)
	}
	a := m.base + uint64(len(m.b))
	m.b = append(m.b, b...)
	return a
}

// table makes an ACPI table: the header, then body, with a good checksum.
func table(sig string, body []byte) []byte {
	t := make([]byte, 36, 36+len(body))
	copy(t, sig)
	t = append(t, body...)
	binary.LittleEndian.PutUint32(t[4:], uint32(len(t)))
	t[8] = 2 // revision
	fixSum(t, 9)
	return t
}

// fixSum sets b[at] so that b's bytes add up to 0.
func fixSum(b []byte, at int) {
	b[at] = 0
	var s byte
	for _, c := range b {
		s += c
	}
	b[at] = -s
}

// madt lists processors with the given enabled flags: local APIC
// entries, or x2APIC ones.
func madt(enabled []bool, x2apic bool) []byte {
	body := make([]byte, 8) // the local APIC's address, flags
	// An I/O APIC entry, which the count skips.
	body = append(body, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	for i, on := range enabled {
		flags := uint32(0)
		if on {
			flags = 1
		}
		if x2apic {
			e := make([]byte, 16)
			e[0], e[1] = 9, 16
			binary.LittleEndian.PutUint32(e[4:], uint32(2*i))
			binary.LittleEndian.PutUint32(e[8:], flags)
			body = append(body, e...)
		} else {
			e := []byte{0, 8, byte(i), byte(2 * i), 0, 0, 0, 0}
			binary.LittleEndian.PutUint32(e[4:], flags)
			body = append(body, e...)
		}
	}
	return table("APIC", body)
}

// acpiTables builds the RSDP (ACPI 2.0 with an XSDT, or 1.0 with an
// RSDT) and its tables, and returns the RSDP's address.
func acpiTables(m *acpiMem, v2 bool, tables ...[]byte) uint64 {
	var addrs []uint64
	for _, t := range tables {
		addrs = append(addrs, m.put(t))
	}
	rsdp := make([]byte, 36)
	copy(rsdp, "RSD PTR ")
	if v2 {
		var body []byte
		for _, a := range addrs {
			body = binary.LittleEndian.AppendUint64(body, a)
		}
		rsdp[15] = 2
		binary.LittleEndian.PutUint32(rsdp[20:], 36)
		binary.LittleEndian.PutUint64(rsdp[24:], m.put(table("XSDT", body)))
	} else {
		var body []byte
		for _, a := range addrs {
			body = binary.LittleEndian.AppendUint32(body, uint32(a))
		}
		binary.LittleEndian.PutUint32(rsdp[16:], uint32(m.put(table("RSDT", body))))
		rsdp = rsdp[:20]
	}
	fixSum(rsdp[:20], 8)
	if v2 {
		fixSum(rsdp, 32)
	}
	return m.put(rsdp)
}

func TestACPIOnlineCPUs(t *testing.T) {
	on := func(bits ...bool) []bool { return bits }
	for _, tc := range []struct {
		name    string
		v2, x2  bool
		enabled []bool
		want    int
		ok      bool
	}{
		{"xsdt, 2 of 4", true, false, on(true, true, false, false), 2, true},
		{"xsdt, all", true, false, on(true, true, true), 3, true},
		{"rsdt, 1 of 2", false, false, on(true, false), 1, true},
		{"x2apic, 3 of 4", true, true, on(true, true, true, false), 3, true},
		{"a gap ends the count", true, false, on(true, false, true), 1, true},
		{"none enabled", true, false, on(false, true), 0, false},
	} {
		m := &acpiMem{base: 0xfc000000}
		fadt := table("FACP", make([]byte, 100))
		rsdp := acpiTables(m, tc.v2, fadt, madt(tc.enabled, tc.x2))
		n, ok := xenboot.ACPIOnlineCPUs(rsdp, m.read)
		if n != tc.want || ok != tc.ok {
			t.Errorf("%s: got %d, %v; want %d, %v", tc.name, n, ok, tc.want, tc.ok)
		}
	}
}

// TestACPIBadTables: damaged tables are refused, never read past.
func TestACPIBadTables(t *testing.T) {
	build := func() (*acpiMem, uint64, uint64) {
		m := &acpiMem{base: 0x1000}
		mt := madt([]bool{true, true}, false)
		rsdp := acpiTables(m, true, mt)
		return m, rsdp, 0x1000 // the MADT is put first
	}
	for _, tc := range []struct {
		name   string
		damage func(m *acpiMem, rsdp, madt uint64)
	}{
		{"no RSDP", func(m *acpiMem, rsdp, madt uint64) { m.b[rsdp-m.base] = 'X' }},
		{"RSDP checksum", func(m *acpiMem, rsdp, madt uint64) { m.b[rsdp-m.base+9]++ }},
		{"MADT checksum", func(m *acpiMem, rsdp, madt uint64) { m.b[madt-m.base+40]++ }},
		{"MADT longer than memory", func(m *acpiMem, rsdp, madt uint64) {
			binary.LittleEndian.PutUint32(m.b[madt-m.base+4:], 1<<20)
		}},
		{"MADT over the limit", func(m *acpiMem, rsdp, madt uint64) {
			m.b = append(m.b, make([]byte, xenboot.ACPIMaxTable)...)
			binary.LittleEndian.PutUint32(m.b[madt-m.base+4:], xenboot.ACPIMaxTable+1)
		}},
		{"entry of length 0", func(m *acpiMem, rsdp, madt uint64) {
			m.b[madt-m.base+44+1] = 0
			fixSum(m.b[madt-m.base:madt-m.base+uint64(binary.LittleEndian.Uint32(m.b[madt-m.base+4:]))], 9)
		}},
		{"entry past the end", func(m *acpiMem, rsdp, madt uint64) {
			m.b[madt-m.base+44+1] = 200
			fixSum(m.b[madt-m.base:madt-m.base+uint64(binary.LittleEndian.Uint32(m.b[madt-m.base+4:]))], 9)
		}},
	} {
		m, rsdp, mt := build()
		if n, ok := xenboot.ACPIOnlineCPUs(rsdp, m.read); n != 2 || !ok {
			t.Fatalf("%s: the intact tables gave %d, %v", tc.name, n, ok)
		}
		tc.damage(m, rsdp, mt)
		if n, ok := xenboot.ACPIOnlineCPUs(rsdp, m.read); ok {
			t.Errorf("%s: got %d, true; want a refusal", tc.name, n)
		}
	}
}

// FuzzACPIOnlineCPUs: any memory content gives an answer without
// reading outside it or looping.
func FuzzACPIOnlineCPUs(f *testing.F) {
	m := &acpiMem{base: 0x1000}
	rsdp := acpiTables(m, true, madt([]bool{true, true, false}, false))
	f.Add(m.b, rsdp-m.base)
	m = &acpiMem{base: 0x1000}
	rsdp = acpiTables(m, false, madt([]bool{true}, true))
	f.Add(m.b, rsdp-m.base)
	f.Fuzz(func(t *testing.T, b []byte, off uint64) {
		m := &acpiMem{base: 0x1000, b: b}
		n, ok := xenboot.ACPIOnlineCPUs(m.base+off, m.read)
		if ok != (n > 0) || n > len(b)/8 {
			t.Fatalf("got %d, %v from %d bytes", n, ok, len(b))
		}
	})
}
