// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ext4

import (
	"internal/byteorder"
	"syscall"
)

const (
	sbOffset = 1024
	sbSize   = 1024
	sbMagic  = 0xef53
)

// Feature bits (ext4 superblock s_feature_*).
const (
	compatHasJournal  = 0x4
	compatExtAttr     = 0x8
	compatResizeInode = 0x10
	compatDirIndex    = 0x20
	compatSparse2     = 0x200
	compatOrphanFile  = 0x1000

	incompatFiletype   = 0x2
	incompatRecover    = 0x4
	incompatJournalDev = 0x8
	incompatMetaBG     = 0x10
	incompatExtents    = 0x40
	incompat64bit      = 0x80
	incompatMMP        = 0x100
	incompatFlexBG     = 0x200
	incompatEAInode    = 0x400
	incompatDirdata    = 0x1000
	incompatCsumSeed   = 0x2000
	incompatLargedir   = 0x4000
	incompatInlineData = 0x8000
	incompatEncrypt    = 0x10000
	incompatCasefold   = 0x20000

	roSparseSuper   = 0x1
	roLargeFile     = 0x2
	roHugeFile      = 0x8
	roGdtCsum       = 0x10
	roDirNlink      = 0x20
	roExtraIsize    = 0x40
	roQuota         = 0x100
	roBigalloc      = 0x200
	roMetadataCsum  = 0x400
	roReadonly      = 0x1000
	roProject       = 0x2000
	roVerity        = 0x8000
	roOrphanPresent = 0x10000
)

// Features this package reads and writes. Anything else in incompat
// refuses the mount; anything else in ro_compat allows only a
// read-only mount.
const (
	incompatKnown = incompatFiletype | incompatRecover | incompatExtents |
		incompat64bit | incompatFlexBG | incompatCsumSeed | incompatLargedir |
		incompatEAInode
	roKnown = roSparseSuper | roLargeFile | roHugeFile | roGdtCsum |
		roDirNlink | roExtraIsize | roMetadataCsum | roProject
)

const (
	stateValid  = 0x1
	stateErrors = 0x2
)

// superblock holds the fields this package uses; raw keeps the rest
// so that writing it back preserves what we do not interpret.
type superblock struct {
	raw [sbSize]byte

	inodesCount     uint32
	blocksCount     uint64
	freeBlocks      uint64
	freeInodes      uint32
	firstDataBlock  uint32
	logBlockSize    uint32
	blocksPerGroup  uint32
	inodesPerGroup  uint32
	state           uint16
	revLevel        uint32
	firstIno        uint32
	inodeSize       uint16
	featureCompat   uint32
	featureIncompat uint32
	featureRoCompat uint32
	uuid            [16]byte
	reservedGdt     uint16
	journalInum     uint32
	lastOrphan      uint32
	descSize        uint16
	wantExtraIsize  uint16
	logGroupsFlex   uint8
	checksumSeed    uint32
	backupBGs       [2]uint32
}

func le16(b []byte, off int) uint16 { return byteorder.LEUint16(b[off:]) }
func le32(b []byte, off int) uint32 { return byteorder.LEUint32(b[off:]) }
func put16(b []byte, off int, v uint16) {
	byteorder.LEPutUint16(b[off:], v)
}
func put32(b []byte, off int, v uint32) {
	byteorder.LEPutUint32(b[off:], v)
}

func parseSuperblock(raw []byte) (*superblock, error) {
	sb := new(superblock)
	copy(sb.raw[:], raw)
	b := sb.raw[:]
	if le16(b, 0x38) != sbMagic {
		return nil, corrupt("bad superblock magic")
	}
	sb.inodesCount = le32(b, 0x0)
	sb.blocksCount = uint64(le32(b, 0x4))
	sb.freeBlocks = uint64(le32(b, 0xc))
	sb.freeInodes = le32(b, 0x10)
	sb.firstDataBlock = le32(b, 0x14)
	sb.logBlockSize = le32(b, 0x18)
	sb.blocksPerGroup = le32(b, 0x20)
	sb.inodesPerGroup = le32(b, 0x28)
	sb.state = le16(b, 0x3a)
	sb.revLevel = le32(b, 0x4c)
	sb.firstIno = 11
	sb.inodeSize = 128
	if sb.revLevel >= 1 {
		sb.firstIno = le32(b, 0x54)
		sb.inodeSize = le16(b, 0x58)
		sb.featureCompat = le32(b, 0x5c)
		sb.featureIncompat = le32(b, 0x60)
		sb.featureRoCompat = le32(b, 0x64)
	}
	copy(sb.uuid[:], b[0x68:0x78])
	sb.reservedGdt = le16(b, 0xce)
	sb.journalInum = le32(b, 0xe0)
	sb.lastOrphan = le32(b, 0xe8)
	sb.descSize = le16(b, 0xfe)
	sb.wantExtraIsize = le16(b, 0x15e)
	sb.logGroupsFlex = b[0x174]
	sb.checksumSeed = le32(b, 0x270)
	sb.backupBGs = [2]uint32{le32(b, 0x24c), le32(b, 0x250)}
	if sb.has64() {
		sb.blocksCount |= uint64(le32(b, 0x150)) << 32
		sb.freeBlocks |= uint64(le32(b, 0x158)) << 32
	}
	if sb.csum() {
		if le32(b, 0x3fc) != crc32c(^uint32(0), b[:0x3fc]) {
			return nil, corrupt("superblock checksum")
		}
	}
	return sb, sb.validate()
}

func (sb *superblock) validate() error {
	switch {
	case sb.logBlockSize > 6:
		return corrupt("block size")
	case sb.blocksPerGroup == 0 || sb.blocksPerGroup > 8<<(10+sb.logBlockSize) || sb.blocksPerGroup%8 != 0:
		return corrupt("blocks per group")
	case sb.inodesPerGroup == 0 || sb.inodesPerGroup > 8<<(10+sb.logBlockSize) || sb.inodesPerGroup%8 != 0:
		return corrupt("inodes per group")
	case sb.inodeSize < 128 || sb.inodeSize&(sb.inodeSize-1) != 0 || uint32(sb.inodeSize) > sb.blockSize():
		return corrupt("inode size")
	case sb.blocksCount <= uint64(sb.firstDataBlock) || sb.blocksCount >= 1<<48:
		return corrupt("block count")
	case sb.has64() && (sb.descSize < 64 || sb.descSize > 1024 || sb.descSize&(sb.descSize-1) != 0):
		return corrupt("descriptor size")
	case sb.firstIno < 11 || sb.firstIno > sb.inodesCount:
		return corrupt("first inode")
	case uint64(sb.groupCount())*uint64(sb.inodesPerGroup) != uint64(sb.inodesCount):
		return corrupt("inode count")
	case sb.blockSize() == 1024 && sb.firstDataBlock != 1 || sb.blockSize() > 1024 && sb.firstDataBlock != 0:
		return corrupt("first data block")
	}
	return nil
}

func (sb *superblock) blockSize() uint32 { return 1024 << sb.logBlockSize }
func (sb *superblock) has64() bool       { return sb.featureIncompat&incompat64bit != 0 }
func (sb *superblock) csum() bool        { return sb.featureRoCompat&roMetadataCsum != 0 }
func (sb *superblock) gdtCsum() bool     { return sb.featureRoCompat&roGdtCsum != 0 }

func (sb *superblock) groupCount() uint32 {
	n := (sb.blocksCount - uint64(sb.firstDataBlock) + uint64(sb.blocksPerGroup) - 1) / uint64(sb.blocksPerGroup)
	if n > 1<<32-1 {
		return 0
	}
	return uint32(n)
}

func (sb *superblock) gdSize() uint32 {
	if sb.has64() {
		return uint32(sb.descSize)
	}
	return 32
}

// seed is the checksum seed of metadata_csum: crc32c of the UUID,
// or the stored seed with metadata_csum_seed.
func (sb *superblock) seed() uint32 {
	if sb.featureIncompat&incompatCsumSeed != 0 {
		return sb.checksumSeed
	}
	return crc32c(^uint32(0), sb.uuid[:])
}

// hasSuper reports whether group g holds a superblock backup.
func (sb *superblock) hasSuper(g uint32) bool {
	if g == 0 {
		return true
	}
	if sb.featureCompat&compatSparse2 != 0 {
		return g == sb.backupBGs[0] || g == sb.backupBGs[1]
	}
	if sb.featureRoCompat&roSparseSuper == 0 || g == 1 {
		return true
	}
	for _, p := range []uint32{3, 5, 7} {
		n := p
		for n < g {
			n *= p
		}
		if n == g {
			return true
		}
	}
	return false
}

// checkFeatures says whether the file system can be mounted, and
// whether only read-only.
func (sb *superblock) checkFeatures(readOnly bool) error {
	if u := sb.featureIncompat &^ incompatKnown; u != 0 {
		return &FeatureError{Kind: "incompat", Flags: u, Err: syscall.EINVAL}
	}
	if readOnly {
		return nil
	}
	if u := sb.featureRoCompat &^ roKnown; u != 0 {
		return &FeatureError{Kind: "ro_compat", Flags: u, Err: syscall.EROFS}
	}
	if sb.featureIncompat&incompatEAInode != 0 {
		// Freeing an inode would leak the inodes its attributes use.
		return &FeatureError{Kind: "incompat", Flags: incompatEAInode, Err: syscall.EROFS}
	}
	if sb.featureIncompat&incompatExtents == 0 {
		return &FeatureError{Kind: "layout without extents", Err: syscall.EROFS}
	}
	if sb.featureCompat&compatHasJournal != 0 && sb.journalInum == 0 {
		return &FeatureError{Kind: "external journal", Err: syscall.EROFS}
	}
	return nil
}

// encode writes the fields we change back into raw and seals it.
func (sb *superblock) encode() []byte {
	b := sb.raw[:]
	put32(b, 0xc, uint32(sb.freeBlocks))
	put32(b, 0x10, sb.freeInodes)
	put16(b, 0x3a, sb.state)
	put32(b, 0x60, sb.featureIncompat)
	put32(b, 0x64, sb.featureRoCompat)
	put32(b, 0xe8, sb.lastOrphan)
	if sb.has64() {
		put32(b, 0x158, uint32(sb.freeBlocks>>32))
	}
	if sb.csum() {
		put32(b, 0x3fc, crc32c(^uint32(0), b[:0x3fc]))
	}
	return b
}
