// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=XenverOp -trimprefix=Xenver
//go:generate go tool stringer -type=Feature -trimprefix=Feature

// XenverOp is the command of OpXenVersion (XENVER_*).
type XenverOp uint32

const (
	XenverVersion            XenverOp = 0 // returns major<<16 | minor
	XenverExtraversion       XenverOp = 1
	XenverCompileInfo        XenverOp = 2
	XenverCapabilities       XenverOp = 3
	XenverChangeset          XenverOp = 4
	XenverPlatformParameters XenverOp = 5
	XenverGetFeatures        XenverOp = 6 // XenFeatureInfo
	XenverPagesize           XenverOp = 7
	XenverGuestHandle        XenverOp = 8
	XenverCommandline        XenverOp = 9
	XenverBuildID            XenverOp = 10
)

// XenFeatureInfo is struct xen_feature_info: 32 Feature bits per submap.
type XenFeatureInfo struct {
	SubmapIdx uint32 // in: which 32 features
	Submap    uint32 // out: bit i is Feature(32*SubmapIdx + i)
}

// XenFeatNrSubmaps is how many submaps are defined (XENFEAT_NR_SUBMAPS).
const XenFeatNrSubmaps = 1

// Feature is a bit number reported by XenverGetFeatures (XENFEAT_*).
type Feature uint32

const (
	FeatureWritablePageTables       Feature = 0
	FeatureWritableDescriptorTables Feature = 1
	FeatureAutoTranslatedPhysmap    Feature = 2 // always set for PVH
	FeatureSupervisorModeKernel     Feature = 3
	FeaturePAEPgdirAbove4GB         Feature = 4
	FeatureMMUPtUpdatePreserveAD    Feature = 5
	FeatureHighmemAssist            Feature = 6
	FeatureGnttabMapAvailBits       Feature = 7
	FeatureHVMCallbackVector        Feature = 8 // HVMParamCallbackTypeVector works
	FeatureHVMSafePvclock           Feature = 9
	FeatureHVMPirqs                 Feature = 10
	FeatureDom0                     Feature = 11
	// 12 was grant_map_identity, deprecated: features.h comments it out.
	FeatureMemoryOpVnodeSupported Feature = 13
	FeatureARMSMCCCSupported      Feature = 14
	FeatureLinuxRSDPUnrestricted  Feature = 15
	FeatureNotDirectMapped        Feature = 16
	FeatureDirectMapped           Feature = 17
)
