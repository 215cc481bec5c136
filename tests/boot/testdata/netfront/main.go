// netfront opens the domain's first network device and, with no TCP/IP
// stack, answers ARP requests and ICMP echo requests for 10.88.0.2 by
// building the reply frames by hand. It prints READY and serves until
// dom0 writes data/netfront in its xenstore home: "quit" to close the
// device, "detach" once dom0 detaches the device (Send must then fail
// and Close must not hang). It then prints its counters.
package main

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"xen/netfront"
	"xen/xenstore"
)

var myIP = [4]byte{10, 88, 0, 2}

var (
	dev                   *netfront.Device
	arps, echoes, dropped atomic.Uint64
)

func main() {
	ids, err := netfront.Devices()
	if err != nil || len(ids) == 0 {
		fail("Devices: %v %v", ids, err)
	}
	fmt.Printf("devices: %v\n", ids)
	start := time.Now()
	dev, err = netfront.Open(ids[0], netfront.Config{Deliver: deliver})
	if err != nil {
		fail("Open: %v", err)
	}
	mac := dev.MAC()
	fmt.Printf("opened vif %d in %v: mac %x mtu %d\n", ids[0], time.Since(start).Round(time.Millisecond), mac[:], dev.MTU())
	xs, err := xenstore.Open()
	if err != nil {
		fail("xenstore: %v", err)
	}
	domid, _ := xs.Read("domid")
	w, err := xs.Watch("data/netfront", "")
	if err != nil {
		fail("watch: %v", err)
	}
	fmt.Printf("READY netfront %s %d.%d.%d.%d\n", domid, myIP[0], myIP[1], myIP[2], myIP[3])
	cmd := ""
	for cmd == "" {
		select {
		case <-w.C:
			v, _ := xs.Read("data/netfront")
			cmd = string(v)
		case <-time.After(2 * time.Minute):
			fail("no command from dom0 within 2 minutes")
		}
	}
	fmt.Printf("command: %s\n", cmd)
	if cmd == "detach" {
		// Send until the driver has seen the backend go.
		start := time.Now()
		for dev.Send(garp()) == nil {
			if time.Since(start) > time.Minute {
				fail("Send still succeeds a minute after the detach")
			}
			time.Sleep(50 * time.Millisecond)
		}
		fmt.Printf("backend gone after %v: %v\n", time.Since(start).Round(time.Millisecond), dev.Send(garp()))
	}
	s := dev.Stats()
	start = time.Now()
	if err := dev.Close(); err != nil {
		fmt.Printf("Close: %v\n", err)
	}
	fmt.Printf("closed in %v\n", time.Since(start).Round(time.Millisecond))
	if err := dev.Send(make([]byte, 60)); err == nil {
		fail("Send after Close succeeded")
	}
	fmt.Printf("answered arp=%d echo=%d ignored=%d\n", arps.Load(), echoes.Load(), dropped.Load())
	fmt.Printf("stats %+v rxdropped=%d\n", s, s.RxDropped())
	fmt.Println("netfront ok")
}

func fail(format string, args ...any) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

// garp is a gratuitous ARP announcing our address.
func garp() []byte {
	mac := dev.MAC()
	r := make([]byte, 42)
	for i := range 6 {
		r[i] = 0xff
	}
	copy(r[6:12], mac[:])
	r[12], r[13] = 0x08, 0x06
	copy(r[14:22], []byte{0, 1, 8, 0, 6, 4, 0, 1})
	copy(r[22:28], mac[:])
	copy(r[28:32], myIP[:])
	copy(r[38:42], myIP[:])
	return r
}

func be16(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) }

// deliver answers what is for us. It runs on the driver's receive
// goroutine and replies from there.
func deliver(f []byte, _ bool) {
	if len(f) < 14 {
		dropped.Add(1)
		return
	}
	switch be16(f[12:]) {
	case 0x0806:
		arp(f)
	case 0x0800:
		ipv4(f)
	default:
		dropped.Add(1)
	}
}

func arp(f []byte) {
	a := f[14:]
	// Ethernet/IPv4 request for our address.
	if len(a) < 28 || be16(a[0:]) != 1 || be16(a[2:]) != 0x0800 || be16(a[6:]) != 1 || [4]byte(a[24:28]) != myIP {
		dropped.Add(1)
		return
	}
	mac := dev.MAC()
	r := make([]byte, 42)
	copy(r[0:6], a[8:14]) // to the asker
	copy(r[6:12], mac[:])
	r[12], r[13] = 0x08, 0x06
	copy(r[14:22], a[0:6]) // htype, ptype, hlen, plen
	r[21] = 2              // reply
	copy(r[22:28], mac[:])
	copy(r[28:32], myIP[:])
	copy(r[32:42], a[8:18]) // the asker's MAC and IP
	if dev.Send(r) == nil {
		arps.Add(1)
	}
}

func ipv4(f []byte) {
	ip := f[14:]
	if len(ip) < 20 || ip[0]>>4 != 4 || [4]byte(ip[16:20]) != myIP {
		dropped.Add(1)
		return
	}
	hl := int(ip[0]&15) * 4
	total := int(be16(ip[2:]))
	if hl < 20 || total < hl+8 || total > len(ip) || be16(ip[6:])&0x3fff != 0 {
		dropped.Add(1) // bad header or a fragment
		return
	}
	body := ip[hl:total]
	switch {
	case ip[9] == 1 && body[0] == 8 && checksum(body) == 0:
		echo(f, ip[:hl], body)
	default:
		dropped.Add(1)
	}
}

// echo sends the reply to an echo request: the same frame with the
// addresses swapped, type 0, and both checksums made again.
func echo(f, hdr, body []byte) {
	mac := dev.MAC()
	r := make([]byte, 14+len(hdr)+len(body))
	copy(r[0:6], f[6:12])
	copy(r[6:12], mac[:])
	r[12], r[13] = 0x08, 0x00
	h := r[14 : 14+len(hdr)]
	copy(h, hdr)
	copy(h[12:16], hdr[16:20])
	copy(h[16:20], hdr[12:16])
	h[8] = 64
	h[10], h[11] = 0, 0
	c := checksum(h)
	h[10], h[11] = byte(c>>8), byte(c)
	b := r[14+len(hdr):]
	copy(b, body)
	b[0] = 0
	b[2], b[3] = 0, 0
	c = checksum(b)
	b[2], b[3] = byte(c>>8), byte(c)
	if dev.Send(r) == nil {
		echoes.Add(1)
	}
}

// checksum is the Internet checksum of b (0 over a correct packet).
func checksum(b []byte) uint16 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(b[i])<<8 | uint32(b[i+1])
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return ^uint16(s)
}
