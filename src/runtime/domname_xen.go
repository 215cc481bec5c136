// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
	"internal/runtime/xenboot"
	"unsafe"
)

// The domain's name, which os.Hostname reports. It comes from xenstore
// ("name", under the domain's home), read once: at the first request, or
// when package xen/xenstore takes the xenstore ring over, whichever comes
// first, so that the runtime's one request never meets the package's.

var (
	xenNameLock mutex
	xenNameDone bool
	xenName     string
)

func xenDomainName() string {
	lock(&xenNameLock)
	if !xenNameDone {
		xenNameDone = true
		xenName = xenstoreReadOnce("name")
	}
	name := xenName
	unlock(&xenNameLock)
	return name
}

//go:linkname syscall_domainName syscall.domainName
func syscall_domainName() string { return xenDomainName() }

// xencall_claimXenstore is called by xen/xenstore before it uses the ring.
//
//go:linkname xencall_claimXenstore xen/internal/xencall.claimXenstore
func xencall_claimXenstore() { xenDomainName() }

// xenboot's xenstore header is xsdSockmsg, whose layout tests/abi checks.
var (
	_ [unsafe.Sizeof(xsdSockmsg{}) - xenboot.XSHeaderSize]byte
	_ [xenboot.XSHeaderSize - unsafe.Sizeof(xsdSockmsg{})]byte
)

// xenstoreReadOnce reads one node with a blocking request on the
// domain's xenstore ring, waiting at most two seconds; "" if it fails.
func xenstoreReadOnce(path string) string {
	pfn, ok1 := xenGetParam(_HVM_PARAM_STORE_PFN)
	port, ok2 := xenGetParam(_HVM_PARAM_STORE_EVTCHN)
	if !ok1 || !ok2 || pfn == 0 || pfn >= xenIdentityMapped>>12 {
		return ""
	}
	r := (*xenstoreDomainInterface)(unsafe.Pointer(uintptr(pfn << 12)))
	const reqID = 0x676f // any id: nobody else uses the ring yet
	var req [xenboot.XSHeaderSize + 64]byte
	msg := xenboot.XSRequest(req[:], _XS_READ, reqID, path)
	if msg == nil {
		return ""
	}
	prod, reqCons := atomic.Load(&r.reqProd), atomic.Load(&r.reqCons)
	if free, ok := xenboot.RingFree(prod, reqCons, _XENSTORE_RING_SIZE); !ok || free < uint32(len(msg)) {
		return "" // the whole request or nothing
	}
	xenboot.RingWrite(r.req[:], prod, reqCons, msg)
	atomic.Store(&r.reqProd, prod+uint32(len(msg)))
	xenNotify(uint32(port))

	// Wait for a whole reply, at most 2 s: a xenstored that does not
	// answer costs the name, not the boot.
	deadline := nanotime() + 2e9
	var val [256]byte
	cons := atomic.Load(&r.rspCons)
	for {
		reply, whole, err := xenboot.XSReplyIn(r.rsp[:], atomic.Load(&r.rspProd), cons, val[:])
		if err != "" {
			return ""
		}
		if whole {
			atomic.Store(&r.rspCons, reply.Next)
			xenNotify(uint32(port))
			if reply.Type != _XS_READ || reply.ReqID != reqID {
				return ""
			}
			v := val[:reply.N]
			for i, b := range v {
				if b == 0 {
					v = v[:i]
					break
				}
			}
			return string(v)
		}
		if nanotime() > deadline || !xenPollPort(uint32(port), deadline) {
			return ""
		}
	}
}

// xenPollPort blocks the vCPU until port is pending or the deadline (in
// nanotime's clock, which is Xen's system time) passes.
func xenPollPort(port uint32, deadline int64) bool {
	p := port
	a := schedPoll{ports: uint64(uintptr(unsafe.Pointer(&p))), nrPorts: 1, timeout: uint64(deadline)}
	return xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_poll, uintptr(unsafe.Pointer(&a)), 0, 0, 0) == 0
}
