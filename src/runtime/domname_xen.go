// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import (
	"internal/runtime/atomic"
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
	hdr := xsdSockmsg{typ: _XS_READ, reqID: reqID, len: uint32(len(path) + 1)}
	msg := make([]byte, 0, unsafe.Sizeof(hdr)+uintptr(len(path))+1)
	msg = append(msg, unsafe.Slice((*byte)(unsafe.Pointer(&hdr)), unsafe.Sizeof(hdr))...)
	msg = append(msg, path...)
	msg = append(msg, 0)

	deadline := nanotime() + 2e9
	prod := atomic.Load(&r.reqProd)
	if _XENSTORE_RING_SIZE-(prod-atomic.Load(&r.reqCons)) < uint32(len(msg)) {
		return ""
	}
	for i, b := range msg {
		r.req[(prod+uint32(i))%_XENSTORE_RING_SIZE] = b
	}
	atomic.Store(&r.reqProd, prod+uint32(len(msg)))
	xenNotify(uint32(port))

	// Wait for a whole reply: its header, then its payload.
	var reply xsdSockmsg
	hb := unsafe.Slice((*byte)(unsafe.Pointer(&reply)), unsafe.Sizeof(reply))
	cons := atomic.Load(&r.rspCons)
	for {
		avail := atomic.Load(&r.rspProd) - cons
		if avail > _XENSTORE_RING_SIZE {
			return "" // nonsense indices
		}
		if avail >= uint32(len(hb)) {
			for i := range hb {
				hb[i] = r.rsp[(cons+uint32(i))%_XENSTORE_RING_SIZE]
			}
			if reply.len > _XENSTORE_RING_SIZE-uint32(len(hb)) {
				return ""
			}
			if avail >= uint32(len(hb))+reply.len {
				break
			}
		}
		if nanotime() > deadline || !xenPollPort(uint32(port), deadline) {
			return ""
		}
	}
	val := make([]byte, reply.len)
	for i := range val {
		val[i] = r.rsp[(cons+uint32(len(hb))+uint32(i))%_XENSTORE_RING_SIZE]
	}
	atomic.Store(&r.rspCons, cons+uint32(len(hb))+reply.len)
	xenNotify(uint32(port))
	if reply.typ != _XS_READ || reply.reqID != reqID {
		return ""
	}
	for i, b := range val {
		if b == 0 {
			val = val[:i]
			break
		}
	}
	return string(val)
}

// xenPollPort blocks the vCPU until port is pending or the deadline (in
// nanotime's clock, which is Xen's system time) passes.
func xenPollPort(port uint32, deadline int64) bool {
	p := port
	a := schedPoll{ports: uint64(uintptr(unsafe.Pointer(&p))), nrPorts: 1, timeout: uint64(deadline)}
	return xenHypercall(_HYPERVISOR_sched_op, _SCHEDOP_poll, uintptr(unsafe.Pointer(&a)), 0, 0, 0) == 0
}
