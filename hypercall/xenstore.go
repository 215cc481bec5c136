// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package hypercall

//go:generate go tool stringer -type=XSMsgType -trimprefix=XS

// XSMsgType is XsdSockmsg.Type (enum xsd_sockmsg_type in io/xs_wire.h).
type XSMsgType uint32

const (
	XSControl            XSMsgType = 0
	XSDebug              XSMsgType = 0 // old name of XSControl
	XSDirectory          XSMsgType = 1
	XSRead               XSMsgType = 2
	XSGetPerms           XSMsgType = 3
	XSWatch              XSMsgType = 4
	XSUnwatch            XSMsgType = 5
	XSTransactionStart   XSMsgType = 6
	XSTransactionEnd     XSMsgType = 7
	XSIntroduce          XSMsgType = 8
	XSRelease            XSMsgType = 9
	XSGetDomainPath      XSMsgType = 10
	XSWrite              XSMsgType = 11
	XSMkdir              XSMsgType = 12
	XSRm                 XSMsgType = 13
	XSSetPerms           XSMsgType = 14
	XSWatchEvent         XSMsgType = 15 // unsolicited: a watch fired
	XSError              XSMsgType = 16 // reply payload is an errno name
	XSIsDomainIntroduced XSMsgType = 17
	XSResume             XSMsgType = 18
	XSSetTarget          XSMsgType = 19
	XSResetWatches       XSMsgType = 21 // 20 was XS_RESTRICT, now removed
	XSDirectoryPart      XSMsgType = 22
	XSTypeCount          XSMsgType = 23 // number of types (with the hole)
	XSInvalid            XSMsgType = 0xffff
)

// XsdSockmsg is struct xsd_sockmsg, the header in front of every xenstore
// request and reply; Len bytes of payload follow.
type XsdSockmsg struct {
	Type  XSMsgType
	ReqID uint32 // echoed in the reply
	TxID  uint32 // transaction, 0 for none
	Len   uint32
}

// Positions in the payload of an XSWatchEvent (enum xs_watch_type).
const (
	XSWatchPath  = 0
	XSWatchToken = 1
)

// Sizes of the xenstore protocol.
const (
	XenstoreRingSize   = 1024 // XENSTORE_RING_SIZE, a power of two
	XenstorePayloadMax = 4096 // largest Len
	XenstoreAbsPathMax = 3072
	XenstoreRelPathMax = 2048
)

// XenstoreRingIdx is XENSTORE_RING_IDX: free-running, masked with
// XenstoreRingSize-1 to address the ring.
type XenstoreRingIdx uint32

// XenstoreDomainInterface is struct xenstore_domain_interface, the shared
// page of HVMParamStorePFN: the guest produces requests into Req and
// consumes replies and watch events from Rsp.
type XenstoreDomainInterface struct {
	Req            [XenstoreRingSize]byte
	Rsp            [XenstoreRingSize]byte
	ReqCons        XenstoreRingIdx
	ReqProd        XenstoreRingIdx
	RspCons        XenstoreRingIdx
	RspProd        XenstoreRingIdx
	ServerFeatures uint32 // XenstoreServerFeature* bits
	Connection     uint32 // XenstoreConnected or XenstoreReconnect
	Error          uint32 // XenstoreError*
}

// XenstoreDomainInterface.ServerFeatures bits.
const (
	XenstoreServerFeatureReconnection = 1
	XenstoreServerFeatureError        = 2
)

// XenstoreDomainInterface.Connection values.
const (
	XenstoreConnected = 0
	XenstoreReconnect = 1
)

// XenstoreDomainInterface.Error values.
const (
	XenstoreErrorNone    = 0
	XenstoreErrorComm    = 1
	XenstoreErrorRingidx = 2
	XenstoreErrorProto   = 3
)
