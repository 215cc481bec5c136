// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package blkfront

import (
	"errors"
	"math/bits"
	"strconv"

	"xen/hypercall"
	"xen/internal/xenbus"
)

// Features are what the backend offers, read when it connected.
type Features struct {
	Flush   bool // feature-flush-cache: Flush empties the write cache
	Barrier bool // feature-barrier: Flush writes a barrier instead

	Discard            bool   // feature-discard
	SecureDiscard      bool   // discard-secure
	DiscardGranularity uint32 // bytes; the sector size when not given
	DiscardAlignment   uint32 // bytes

	// MaxIndirectSegments is the backend's limit on the pages of one
	// indirect request (feature-max-indirect-segments); 0 without.
	MaxIndirectSegments int
	// RingPages is the size of the request ring in use.
	RingPages int
}

// disk is the device the backend offers.
type disk struct {
	sectors        uint64 // 512-byte units, as blkback counts them
	sectorSize     int    // logical: the unit of every transfer
	physSectorSize int
	readOnly       bool
	cdrom          bool
	features       Features
}

// maxSectorSize is the largest logical sector size taken: a sector
// must fit in one granted page.
const maxSectorSize = pageSize

// readDisk reads the backend's description of the disk, refusing
// values that cannot be.
func readDisk(s xenbus.Store, backend string) (disk, error) {
	var d disk
	var err error
	get := func(name string, bits int, def uint64) uint64 {
		n, e := xenbus.Uint(s, backend+"/"+name, bits, def)
		err = errors.Join(err, e)
		return n
	}
	if _, e := s.Read(backend + "/sectors"); e != nil {
		return d, errors.Join(errors.New("reading "+backend+"/sectors"), e)
	}
	d.sectors = get("sectors", 64, 0)
	info := get("info", 32, 0)
	d.sectorSize = int(get("sector-size", 32, wireSector))
	d.physSectorSize = int(get("physical-sector-size", 32, uint64(d.sectorSize)))
	f := &d.features
	f.MaxIndirectSegments = int(get("feature-max-indirect-segments", 32, 0))
	f.DiscardGranularity = uint32(get("discard-granularity", 32, uint64(d.sectorSize)))
	f.DiscardAlignment = uint32(get("discard-alignment", 32, 0))
	if err != nil {
		return disk{}, err
	}
	mode, _ := xenbus.String(s, backend+"/mode")
	d.readOnly = info&hypercall.VdiskReadonly != 0 || mode == "r"
	d.cdrom = info&hypercall.VdiskCDROM != 0
	on := func(name string) bool { return xenbus.Flag(s, backend+"/"+name) }
	f.Flush, f.Barrier = on("feature-flush-cache"), on("feature-barrier")
	f.Discard = on("feature-discard")
	f.SecureDiscard = f.Discard && on("discard-secure")
	if f.MaxIndirectSegments <= maxDirectSegs {
		f.MaxIndirectSegments = 0
	}
	bad := func(why string) (disk, error) {
		return disk{}, errors.New("backend " + backend + ": " + why)
	}
	switch {
	case !pow2(d.sectorSize) || d.sectorSize < wireSector || d.sectorSize > maxSectorSize:
		return bad("sector-size " + strconv.Itoa(d.sectorSize))
	case !pow2(d.physSectorSize) || d.physSectorSize < d.sectorSize:
		return bad("physical-sector-size " + strconv.Itoa(d.physSectorSize))
	case d.sectors > (1<<63-1)/wireSector:
		return bad("sectors " + strconv.FormatUint(d.sectors, 10))
	case f.Discard && f.DiscardGranularity == 0:
		return bad("discard-granularity 0")
	}
	return d, nil
}

func pow2(n int) bool { return n > 0 && bits.OnesCount(uint(n)) == 1 }

// size is the disk's length in bytes, whole logical sectors.
func (d disk) size() int64 {
	b := int64(d.sectors) * wireSector
	return b - b%int64(d.sectorSize)
}
