// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package hypercall

import (
	"math/big"
	"testing"
)

// 0x55555555 = (2^32-1)/3: the scale of a 3 GHz TSC, 1/3 ns per cycle.
const mul3GHz = 0x55555555

func TestPvclockScaleDelta(t *testing.T) {
	tests := []struct {
		name  string
		delta uint64
		mul   uint32
		shift int8
		want  uint64
	}{
		{"zero", 0, mul3GHz, 0, 0},
		{"half", 1000, 1 << 31, 0, 500},
		{"shift left", 1000, 1 << 31, 2, 2000},
		{"shift right", 1000, 1 << 31, -2, 125},
		// 1.5e9 * (2^32-1) / 2^32 = 1.5e9 - 0.349...
		{"shift right, max mul", 3_000_000_000, 0xFFFFFFFF, -1, 1_499_999_999},
		// One second at 3 GHz: 1e9*(2^32-1)/2^32 = 1e9 - 0.23...
		{"3GHz 1s", 3_000_000_000, mul3GHz, 0, 999_999_999},
		// One hour at 3 GHz, 1.08e13 cycles, far past 2^32: a 64-bit
		// delta*mul (1.5e22) overflows here. 3.6e12 - 3.6e12/2^32
		// = 3.6e12 - 838.19...
		{"3GHz 1h", 3_000_000_000 * 3600, mul3GHz, 0, 3_599_999_999_161},
		// Exactly 2^32 cycles at scale 1.0-2^-32: 2^32 - 1.
		{"2^32 cycles", 1 << 32, 0xFFFFFFFF, 0, 1<<32 - 1},
		// (2^64-1)(2^32-1) >> 32 = 2^64 - 2^32 - 1 (the 2^-32 is dropped).
		{"max", ^uint64(0), 0xFFFFFFFF, 0, 0xFFFFFFFEFFFFFFFF},
		// Left shift is done in 64 bits, as in Xen: the top bit falls off.
		{"shift overflow", 1<<63 | 1, 1 << 31, 1, 1},
	}
	for _, tt := range tests {
		if got := PvclockScaleDelta(tt.delta, tt.mul, tt.shift); got != tt.want {
			t.Errorf("%s: PvclockScaleDelta(%d, %#x, %d) = %d, want %d", tt.name, tt.delta, tt.mul, tt.shift, got, tt.want)
		}
	}
}

func TestPvclockSystemTime(t *testing.T) {
	ti := VCPUTimeInfo{
		Version:        2,
		TSCTimestamp:   1_000_000,
		SystemTime:     5_000_000_000,
		TSCToSystemMul: mul3GHz,
	}
	if got := PvclockSystemTime(ti, ti.TSCTimestamp); got != ti.SystemTime {
		t.Errorf("at TSCTimestamp: got %d, want %d", got, ti.SystemTime)
	}
	// 10 hours later at 3 GHz: 1.08e14 cycles.
	got := PvclockSystemTime(ti, ti.TSCTimestamp+3_000_000_000*36000)
	want := ti.SystemTime + 35_999_999_991_618 // 3.6e13 - 8381.90...
	if got != want {
		t.Errorf("10h later: got %d, want %d", got, want)
	}
}

func TestPvclockTSCFrequency(t *testing.T) {
	tests := []struct {
		mul   uint32
		shift int8
		want  uint64
	}{
		{mul3GHz, 0, 3_000_000_000},
		{mul3GHz, -1, 6_000_000_000}, // cycles are halved before scaling
		{1 << 31, 1, 1_000_000_000},  // 2e9 / 2
		{0, 0, 0},
	}
	for _, tt := range tests {
		if got := PvclockTSCFrequency(tt.mul, tt.shift); got != tt.want {
			t.Errorf("PvclockTSCFrequency(%#x, %d) = %d, want %d", tt.mul, tt.shift, got, tt.want)
		}
	}
}

func TestWallClock(t *testing.T) {
	var s SharedInfo
	s.WcSec = 1_700_000_000
	s.WcNsec = 900_000_000
	if got := s.WcSeconds(); got != 1_700_000_000 {
		t.Errorf("WcSeconds = %d", got)
	}
	sec, nsec := WallClock(s.WcSeconds(), s.WcNsec, 2_300_000_000)
	if sec != 1_700_000_003 || nsec != 200_000_000 {
		t.Errorf("WallClock = %d.%09d, want 1700000003.200000000", sec, nsec)
	}

	// Past 2106 the seconds need wc_sec_hi.
	s.WcSecHi = 1
	s.WcSec = 5
	s.WcNsec = 0
	sec, nsec = WallClock(s.WcSeconds(), s.WcNsec, 999_999_999)
	if sec != 1<<32+5 || nsec != 999_999_999 {
		t.Errorf("WallClock with wc_sec_hi = %d.%09d", sec, nsec)
	}

	// A malformed wc_nsec >= 1e9 still normalises.
	sec, nsec = WallClock(0, 4_000_000_000, 1_500_000_000)
	if sec != 5 || nsec != 500_000_000 {
		t.Errorf("WallClock(nsec overflow) = %d.%09d, want 5.500000000", sec, nsec)
	}
}

// refSystemTime is Xen's formula in unbounded arithmetic, with the
// 64-bit wraparounds Xen has: the TSC difference, the left shift and the
// final sum are modulo 2^64; the product is not truncated.
func refSystemTime(tscTimestamp, systemTime, tsc uint64, mul uint32, shift int8) uint64 {
	mod := new(big.Int).Lsh(big.NewInt(1), 64)
	d := new(big.Int).Sub(new(big.Int).SetUint64(tsc), new(big.Int).SetUint64(tscTimestamp))
	d.Mod(d, mod)
	if shift < 0 {
		d.Rsh(d, uint(-int(shift)))
	} else {
		d.Lsh(d, uint(shift))
		d.Mod(d, mod)
	}
	d.Mul(d, new(big.Int).SetUint64(uint64(mul)))
	d.Rsh(d, 32)
	d.Add(d, new(big.Int).SetUint64(systemTime))
	d.Mod(d, mod)
	return d.Uint64()
}

func FuzzPvclockSystemTime(f *testing.F) {
	f.Add(uint64(0), uint64(0), uint64(3_000_000_000), uint32(mul3GHz), int8(0))
	f.Add(uint64(1<<40), uint64(1<<50), uint64(1<<62), uint32(0xFFFFFFFF), int8(-1))
	f.Add(uint64(5), uint64(7), uint64(3), uint32(1<<31), int8(1)) // tsc before timestamp
	f.Add(uint64(0), ^uint64(0), ^uint64(0), uint32(0xFFFFFFFF), int8(0))
	f.Add(uint64(0), uint64(0), uint64(1<<33), uint32(12345), int8(100))
	f.Add(uint64(0), uint64(0), uint64(1<<33), uint32(12345), int8(-128))
	f.Fuzz(func(t *testing.T, tscTimestamp, systemTime, tsc uint64, mul uint32, shift int8) {
		ti := VCPUTimeInfo{TSCTimestamp: tscTimestamp, SystemTime: systemTime, TSCToSystemMul: mul, TSCShift: shift}
		got := PvclockSystemTime(ti, tsc)
		want := refSystemTime(tscTimestamp, systemTime, tsc, mul, shift)
		if got != want {
			t.Fatalf("PvclockSystemTime(ts=%d sys=%d mul=%#x shift=%d, tsc=%d) = %d, big.Int reference %d",
				tscTimestamp, systemTime, mul, shift, tsc, got, want)
		}
	})
}
