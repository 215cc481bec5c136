package xenstore

import "sync/atomic"

// RingSize is XENSTORE_RING_SIZE, the bytes in each ring; a power of two.
const RingSize = 1024

// Values of DomainInterface.ServerFeatures, Connection and Error.
const (
	ServerFeatureReconnection = 1 // XENSTORE_SERVER_FEATURE_RECONNECTION
	ServerFeatureError        = 2 // XENSTORE_SERVER_FEATURE_ERROR

	ConnectionConnected = 0 // XENSTORE_CONNECTED
	ConnectionReconnect = 1 // XENSTORE_RECONNECT

	RingErrorNone    = 0 // XENSTORE_ERROR_NONE
	RingErrorComm    = 1 // XENSTORE_ERROR_COMM
	RingErrorRingIdx = 2 // XENSTORE_ERROR_RINGIDX
	RingErrorProto   = 3 // XENSTORE_ERROR_PROTO
)

// DomainInterface is struct xenstore_domain_interface, the page shared
// with xenstored, byte for byte (2076 bytes; the indices start at offset
// 2048). In a guest it is the page named by HVM_PARAM_STORE_PFN, reached by
// converting that page's address to a *DomainInterface.
//
// The indices are free-running and masked with RingSize-1 to address a
// ring. While the page is in use, access them only with sync/atomic (the
// methods below do), because the other domain changes them concurrently.
type DomainInterface struct {
	Req            [RingSize]byte // requests, guest to xenstored
	Rsp            [RingSize]byte // replies and watch events
	ReqCons        uint32         // advanced by xenstored
	ReqProd        uint32         // advanced by the guest
	RspCons        uint32         // advanced by the guest
	RspProd        uint32         // advanced by xenstored
	ServerFeatures uint32
	Connection     uint32
	Error          uint32
}

// WriteRequest copies a prefix of b into the request ring, as much as
// fits, publishes it, and returns its length. It returns ErrRingCorrupt if
// the indices claim more than a ring's worth of unconsumed bytes.
//
// Each index is read once: the other side may change it at any moment.
// Go's atomic loads and stores are sequentially consistent, so the data is
// written before the new producer index becomes visible, and the consumer
// index is read before we overwrite the space it frees.
func (p *DomainInterface) WriteRequest(b []byte) (int, error) {
	cons := atomic.LoadUint32(&p.ReqCons)
	prod := atomic.LoadUint32(&p.ReqProd)
	used := prod - cons
	if used > RingSize {
		return 0, ErrRingCorrupt
	}
	n := copyIn(&p.Req, prod, RingSize-used, b)
	if n > 0 {
		atomic.StoreUint32(&p.ReqProd, prod+uint32(n))
	}
	return n, nil
}

// ReadResponse copies up to len(b) unread bytes of the reply ring into b,
// releases their space to xenstored, and returns how many it copied. It
// returns ErrRingCorrupt if the indices claim more than a ring's worth of
// unread bytes. Ordering is as for WriteRequest: the data is read after
// the producer index and before the consumer index moves past it.
func (p *DomainInterface) ReadResponse(b []byte) (int, error) {
	cons := atomic.LoadUint32(&p.RspCons)
	prod := atomic.LoadUint32(&p.RspProd)
	avail := prod - cons
	if avail > RingSize {
		return 0, ErrRingCorrupt
	}
	n := copyOut(b, &p.Rsp, cons, avail)
	if n > 0 {
		atomic.StoreUint32(&p.RspCons, cons+uint32(n))
	}
	return n, nil
}

// copyIn writes up to space bytes of src into ring starting at index idx,
// wrapping at the end; space must not exceed RingSize.
func copyIn(ring *[RingSize]byte, idx, space uint32, src []byte) int {
	n := 0
	for space > 0 && n < len(src) {
		off := idx & (RingSize - 1)
		chunk := min(RingSize-off, space)
		c := copy(ring[off:off+chunk], src[n:])
		n += c
		idx += uint32(c)
		space -= uint32(c)
	}
	return n
}

// copyOut reads up to avail bytes from ring starting at index idx into
// dst, wrapping at the end; avail must not exceed RingSize.
func copyOut(dst []byte, ring *[RingSize]byte, idx, avail uint32) int {
	n := 0
	for avail > 0 && n < len(dst) {
		off := idx & (RingSize - 1)
		chunk := min(RingSize-off, avail)
		c := copy(dst[n:], ring[off:off+chunk])
		n += c
		idx += uint32(c)
		avail -= uint32(c)
	}
	return n
}
