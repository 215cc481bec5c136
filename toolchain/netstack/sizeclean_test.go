// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sizeSamples are the shapes of the vendored code the size edits rewrite.
var sizeSamples = map[string]string{
	"log/log.go": `package log

// stackRegexp matches one level within a stack trace.
var stackRegexp = regexp.MustCompile(` + "`(?m)^\\S+\\(.*\\)$\\r?\\n^\\t\\S+:\\d+.*$\\r?\\n`" + `)

func LocalStack(excludeTopN int) []byte {
	replaceNext := excludeTopN + 1
	return stackRegexp.ReplaceAllFunc(Stacks(false), func(s []byte) []byte {
		return s
	})
}
`,
	"tcpip/stack/stack.go": `package stack

func New(opts Options) *Stack {
	randSrc := opts.RandSource
	if randSrc == nil {
		var v int64
		if err := binary.Read(opts.SecureRNG, binary.LittleEndian, &v); err != nil {
			panic(err)
		}
		randSrc = &lockedRandomSource{src: rand.NewSource(v)}
	}
	return nil
}
`,
	"tcpip/stack/iptables.go": `package stack

func DefaultTables(clock tcpip.Clock, rand *rand.Rand) *IPTables {
	return &IPTables{}
}

func (it *IPTables) replaceTable(id TableID, table Table, ipv6, force bool) {
	it.modified = true
}

func (it *IPTables) CheckPrerouting(pkt *PacketBuffer) bool {
	if it.shouldSkipOrPopulateTables(tables[:], pkt) {
		return true
	}
	return false
}
` + strings.Repeat(`
func (it *IPTables) CheckOther(pkt *PacketBuffer) bool {
	if it.shouldSkipOrPopulateTables(tables[:], pkt) {
		return true
	}
	return false
}
`, 4),
	"tcpip/network/ipv4/ipv4.go": forwardingSample("multicastForwarding"),
	"tcpip/network/ipv6/ipv6.go": forwardingSample("multicastForwading"), // sic
	"tcpip/network/ipv4/igmp.go": groupProtocolSample("igmp", "igmpv3ReportBuilder",
		"handleMembershipQuery(groupAddress tcpip.Address, maxRespTime time.Duration)",
		"handleMembershipQueryV3(igmpHdr header.IGMPv3Query)", "handleMembershipReport(groupAddress tcpip.Address)"),
	"tcpip/network/ipv6/mld.go": groupProtocolSample("mld", "mldv2ReportBuilder",
		"handleMulticastListenerQuery(mldHdr header.MLD)", "handleMulticastListenerQueryV2(mldHdr header.MLDv2Query)",
		"handleMulticastListenerReport(mldHdr header.MLD)"),
	"tcpip/transport/icmp/protocol.go": `package icmp

// NewEndpoint creates a new icmp endpoint. It implements
// stack.TransportProtocol.NewEndpoint.
func (p *protocol) NewEndpoint(netProto tcpip.NetworkProtocolNumber, waiterQueue *waiter.Queue) (tcpip.Endpoint, tcpip.Error) {
	return newEndpoint(p.stack, netProto, p.number, waiterQueue)
}

// NewRawEndpoint creates a new raw icmp endpoint. It implements
// stack.TransportProtocol.NewRawEndpoint.
func (p *protocol) NewRawEndpoint(netProto tcpip.NetworkProtocolNumber, waiterQueue *waiter.Queue) (tcpip.Endpoint, tcpip.Error) {
	return raw.NewEndpoint(p.stack, netProto, p.number, waiterQueue)
}
`,
}

// groupProtocolSample is igmp.go's or mld.go's shape: recv is the state's
// receiver, builder the V2 report builder's type, handlers the three
// handlers' names and parameters.
func groupProtocolSample(recv, builder string, handlers ...string) string {
	s := `package ip

// Enabled implements ip.MulticastGroupProtocol.
func (` + recv + ` *` + recv + `State) Enabled() bool {
	return ` + recv + `.ep.protocol.options.Enabled
}

func (b *` + builder + `) Send() (sent bool, err tcpip.Error) {
	return b.send()
}

func (` + recv + ` *` + recv + `State) writePacket(destAddress, groupAddress tcpip.Address, t uint8) (bool, tcpip.Error) {
	return ` + recv + `.writePacketInner(destAddress, groupAddress, t)
}
`
	for _, h := range handlers {
		s += "\nfunc (" + recv + " *" + recv + "State) " + h + " {\n\t" + recv + ".generic.Handle()\n}\n"
	}
	return s
}

func forwardingSample(multicastVar string) string {
	return `package ip

func (e *endpoint) SetForwarding(forwarding bool) bool {
	return e.setForwarding(forwarding)
}

func (e *endpoint) SetMulticastForwarding(forwarding bool) bool {
	return e.setMulticastForwarding(forwarding)
}

func (e *endpoint) handleValidatedPacket(h header.IPv4, pkt *stack.PacketBuffer, inNICName string) {
	if header.IsV4MulticastAddress(dstAddr) {
		` + multicastVar + ` := e.MulticastForwarding() && e.protocol.multicastForwarding()
		if ` + multicastVar + ` {
			e.handleForwardingError(e.forwardMulticastPacket(h, pkt))
		}
		return
	}
	if addressEndpoint := e.AcquireAssignedAddress(dstAddr); addressEndpoint != nil {
		e.deliverPacketLocally(h, pkt, inNICName)
	} else if e.Forwarding() {
		e.handleForwardingError(e.forwardUnicastPacket(pkt))
	}
}

func NewProtocolWithOptions(opts Options) stack.NetworkProtocolFactory {
	return nil
}

func (e *endpoint) handleForwardingError(err ip.ForwardingError) {
}

func (p *protocol) OnMulticastRouteResolved(pkt *stack.PacketBuffer) {
	if !ep.MulticastForwarding() {
		return
	}
	ep.handleForwardingError(ep.forwardValidatedMulticastPacket(pkt, installedRoute))
}
`
}

func writeSizeSamples(t *testing.T) string {
	vendor := t.TempDir()
	for name, text := range sizeSamples {
		path := filepath.Join(vendor, "gvisor.dev/gvisor/pkg", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return vendor
}

func TestSizeEdits(t *testing.T) {
	vendor := writeSizeSamples(t)
	if err := applyEdits(vendor, sizeEdits, "size edit"); err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"log/log.go": {"func stackRegexp() *regexp.Regexp {", "return regexp.MustCompile(`", "stackRegexp().ReplaceAllFunc("},
		"tcpip/stack/stack.go": {"if _, err := io.ReadFull(opts.SecureRNG, b[:]); err != nil {",
			"v := int64(binary.LittleEndian.Uint64(b[:]))", "rand.NewSource(v)"},
		"tcpip/stack/iptables.go": {"const iptablesOff = true", "if iptablesOff || it.shouldSkipOrPopulateTables(tables[:], pkt) {",
			"return &IPTables{connections: ConnTrack{", "panic(\"stack: iptables rules are not supported on xen"},
		"tcpip/network/ipv4/ipv4.go": {"const forwardingOff = true", "} else if !forwardingOff && e.Forwarding() {",
			"multicastForwarding := !forwardingOff && e.MulticastForwarding()", "if forwardingOff || !ep.MulticastForwarding() {",
			"func (e *endpoint) SetMulticastForwarding(forwarding bool) bool {\n\tif forwardingOff && forwarding {",
			"\tif groupProtocolOff && opts.IGMP.Enabled {\n\t\tpanic(\"ipv4: IGMP is not supported on xen"},
		"tcpip/network/ipv6/ipv6.go": {"multicastForwading := !forwardingOff && e.MulticastForwarding()",
			"func (e *endpoint) SetForwarding(forwarding bool) bool {\n\tif forwardingOff && forwarding {",
			"\tif groupProtocolOff && opts.MLD.Enabled {\n\t\tpanic(\"ipv6: MLD is not supported on xen"},
		"tcpip/network/ipv4/igmp.go": {"const groupProtocolOff = true\n\n// Enabled implements",
			"Send() (sent bool, err tcpip.Error) {\n\tif groupProtocolOff {\n\t\treturn false, nil\n\t}\n\treturn b.send()",
			") (bool, tcpip.Error) {\n\tif groupProtocolOff {\n\t\treturn false, nil\n\t}\n\treturn igmp.writePacketInner(",
			"handleMembershipQuery(groupAddress tcpip.Address, maxRespTime time.Duration) {\n\tif groupProtocolOff {\n\t\treturn\n\t}\n",
			"handleMembershipQueryV3(igmpHdr header.IGMPv3Query) {\n\tif groupProtocolOff {\n\t\treturn\n\t}\n",
			"handleMembershipReport(groupAddress tcpip.Address) {\n\tif groupProtocolOff {\n\t\treturn\n\t}\n"},
		"tcpip/network/ipv6/mld.go": {"const groupProtocolOff = true",
			"handleMulticastListenerQuery(mldHdr header.MLD) {\n\tif groupProtocolOff {",
			"handleMulticastListenerQueryV2(mldHdr header.MLDv2Query) {\n\tif groupProtocolOff {",
			"handleMulticastListenerReport(mldHdr header.MLD) {\n\tif groupProtocolOff {"},
		"tcpip/transport/icmp/protocol.go": {"const pingSocketsOff = true\n\n// NewEndpoint creates",
			"waiterQueue *waiter.Queue) (tcpip.Endpoint, tcpip.Error) {\n\tif pingSocketsOff {\n\t\tpanic(\"icmp: ping sockets are not supported on xen",
			"NewRawEndpoint(netProto tcpip.NetworkProtocolNumber, waiterQueue *waiter.Queue) (tcpip.Endpoint, tcpip.Error) {\n\treturn raw.NewEndpoint("},
	}
	for name, data := range checkVendored(t, vendor, want) {
		if strings.Contains(data, "binary.Read(") || strings.Contains(data, "var stackRegexp") {
			t.Errorf("%s: unedited code left:\n%s", name, data)
		}
	}
}

// TestSizeEditsChangedUpstream checks that code no longer in the expected
// shape stops the vendoring instead of going through unedited.
func TestSizeEditsChangedUpstream(t *testing.T) {
	vendor := writeSizeSamples(t)
	name := filepath.Join(vendor, "gvisor.dev/gvisor/pkg/tcpip/stack/iptables.go")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "if it.shouldSkipOrPopulateTables(tables[:], pkt) {", "if it.skip(pkt) {", 1))
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	err = applyEdits(vendor, sizeEdits, "size edit")
	if err == nil || !strings.Contains(err.Error(), "changed upstream") {
		t.Fatalf("got %v, want a changed-upstream error", err)
	}
}
