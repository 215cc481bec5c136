// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import "regexp"

// sizeEdits keep code that no program on xen runs out of every program
// that uses the network: package-level work done at init time, and
// features behind run-time switches that nothing on xen turns on, link
// their whole closure whether or not it runs. Each edit keeps what
// programs can do, and must match exactly count times (as the vet edits
// do), so that a new gVisor release that changes the code fails loudly
// here. Figures are what each saves of bench/progs/httpserver's image
// (go build, not stripped; 13.9 MB before them).
var sizeEdits = []vetEdit{
	{
		// pkg/log compiles a regexp at init for LocalStack, which
		// nothing in the stack calls; the variable linked regexp,
		// regexp/syntax and unicode's tables into every net program
		// (-0.28 MB). Compiled on use, they go with LocalStack.
		files: []string{"log/log.go"},
		old:   regexp.MustCompile(`\nvar stackRegexp = (regexp\.MustCompile\(.*\))\n`),
		new:   "\nfunc stackRegexp() *regexp.Regexp { return $1 }\n",
		count: 1,
	},
	{
		files: []string{"log/log.go"},
		old:   regexp.MustCompile(`\bstackRegexp\.ReplaceAllFunc\(`),
		new:   "stackRegexp().ReplaceAllFunc(",
		count: 1,
	},
	{
		// stack.New seeds its random source with binary.Read, which
		// links encoding/binary's reflection-based decoder (-34 KB);
		// for an int64 that is these 8 bytes, little-endian.
		files: []string{"tcpip/stack/stack.go"},
		old: regexp.MustCompile(`\n(\s*)var v int64\n\s*if err := binary\.Read\(opts\.SecureRNG, binary\.LittleEndian, &v\); err != nil \{\n` +
			`(\s*)panic\(err\)\n\s*\}\n`),
		new: "\n${1}var b [8]byte\n${1}if _, err := io.ReadFull(opts.SecureRNG, b[:]); err != nil {\n${2}panic(err)\n${1}}\n" +
			"${1}v := int64(binary.LittleEndian.Uint64(b[:]))\n",
		count: 1,
	},
	{
		// iptables: nothing on xen installs rules (net and xen/netstack
		// never replace a table, and programs cannot import the stack),
		// so gVisor's hooks always skip them, but the rule engine,
		// connection tracking, NAT and the default tables (one 23 KB
		// function) stayed linked (-0.2 MB). A constant skip lets the
		// compiler drop them; replacing a table panics rather than
		// installing rules that would be ignored.
		files: []string{"tcpip/stack/iptables.go"},
		old:   regexp.MustCompile(`\n(\s*)if it\.shouldSkipOrPopulateTables\(tables\[:\], pkt\) \{\n`),
		new:   "\n${1}if iptablesOff || it.shouldSkipOrPopulateTables(tables[:], pkt) {\n",
		count: 5,
	},
	{
		files: []string{"tcpip/stack/iptables.go"},
		old:   regexp.MustCompile(`\nfunc \(it \*IPTables\) replaceTable\(id TableID, table Table, ipv6, force bool\) \{\n`),
		new: "\nfunc (it *IPTables) replaceTable(id TableID, table Table, ipv6, force bool) {\n" +
			"\tif iptablesOff {\n\t\tpanic(\"stack: iptables rules are not supported on xen (toolchain/netstack/sizeclean.go)\")\n\t}\n",
		count: 1,
	},
	{
		// The tables stay empty: nothing reads them.
		files: []string{"tcpip/stack/iptables.go"},
		old:   regexp.MustCompile(`\nfunc DefaultTables\(clock tcpip\.Clock, rand \*rand\.Rand\) \*IPTables \{\n`),
		new: "\n// iptablesOff turns the iptables hooks off (toolchain/netstack/sizeclean.go).\nconst iptablesOff = true\n" +
			"\nfunc DefaultTables(clock tcpip.Clock, rand *rand.Rand) *IPTables {\n" +
			"\tif iptablesOff {\n\t\treturn &IPTables{connections: ConnTrack{seed: rand.Uint32(), clock: clock, rng: rand}}\n\t}\n",
		count: 1,
	},
	{
		// IP forwarding: nothing on xen turns it on (the stack is a
		// host's, not a router's), but unicast and multicast
		// forwarding stayed linked behind the run-time checks
		// (-0.1 MB). A constant lets the compiler drop them; turning
		// forwarding on panics rather than doing nothing.
		files: []string{"tcpip/network/ipv4/ipv4.go", "tcpip/network/ipv6/ipv6.go"},
		old:   regexp.MustCompile(`\n(\s*)(multicastForw\w*) := e\.MulticastForwarding\(\) && e\.protocol\.multicastForwarding\(\)\n`),
		new:   "\n${1}${2} := !forwardingOff && e.MulticastForwarding() && e.protocol.multicastForwarding()\n",
		count: 1,
	},
	{
		files: []string{"tcpip/network/ipv4/ipv4.go", "tcpip/network/ipv6/ipv6.go"},
		old:   regexp.MustCompile(`\} else if e\.Forwarding\(\) \{\n`),
		new:   "} else if !forwardingOff && e.Forwarding() {\n",
		count: 1,
	},
	{
		files: []string{"tcpip/network/ipv4/ipv4.go", "tcpip/network/ipv6/ipv6.go"},
		old:   regexp.MustCompile(`\n(\s*)if !ep\.MulticastForwarding\(\) \{\n`),
		new:   "\n${1}if forwardingOff || !ep.MulticastForwarding() {\n",
		count: 1,
	},
	{
		files: []string{"tcpip/network/ipv4/ipv4.go", "tcpip/network/ipv6/ipv6.go"},
		old:   regexp.MustCompile(`\nfunc \(e \*endpoint\) (SetForwarding|SetMulticastForwarding)\(forwarding bool\) bool \{\n`),
		new: "\nfunc (e *endpoint) $1(forwarding bool) bool {\n" +
			"\tif forwardingOff && forwarding {\n\t\tpanic(\"ip: forwarding is not supported on xen (toolchain/netstack/sizeclean.go)\")\n\t}\n",
		count: 2,
	},
	{
		files: []string{"tcpip/network/ipv4/ipv4.go", "tcpip/network/ipv6/ipv6.go"},
		old:   regexp.MustCompile(`\nfunc \(e \*endpoint\) handleForwardingError\(err ip\.ForwardingError\) \{\n`),
		new: "\n// forwardingOff turns IP forwarding off (toolchain/netstack/sizeclean.go).\nconst forwardingOff = true\n" +
			"\nfunc (e *endpoint) handleForwardingError(err ip.ForwardingError) {\n",
		count: 1,
	},
	{
		// Ping sockets (SOCK_DGRAM, IPPROTO_ICMP): net and syscall on
		// xen make only TCP, UDP and raw sockets, so gVisor's ICMP
		// endpoints were never created, but the endpoint type and its
		// methods stayed linked through the transport protocol's
		// NewEndpoint (-60 KB). Raw ICMP sockets (ip4:icmp) go through
		// NewRawEndpoint and stay.
		files: []string{"tcpip/transport/icmp/protocol.go"},
		old: regexp.MustCompile(`\n// NewEndpoint creates a new icmp endpoint\. It implements\n// stack\.TransportProtocol\.NewEndpoint\.\n` +
			`func \(p \*protocol\) NewEndpoint\(netProto tcpip\.NetworkProtocolNumber, waiterQueue \*waiter\.Queue\) \(tcpip\.Endpoint, tcpip\.Error\) \{\n`),
		new: "\n// pingSocketsOff turns ping sockets off (toolchain/netstack/sizeclean.go).\nconst pingSocketsOff = true\n" +
			"\n// NewEndpoint creates a new icmp endpoint. It implements\n// stack.TransportProtocol.NewEndpoint.\n" +
			"func (p *protocol) NewEndpoint(netProto tcpip.NetworkProtocolNumber, waiterQueue *waiter.Queue) (tcpip.Endpoint, tcpip.Error) {\n" +
			"\tif pingSocketsOff {\n\t\tpanic(\"icmp: ping sockets are not supported on xen (toolchain/netstack/sizeclean.go)\")\n\t}\n",
		count: 1,
	},
	{
		// IGMP and MLD: xen/netstack never enables them (gVisor's
		// default, as Options leaves them), so the stack keeps its
		// multicast memberships but sends no reports and ignores
		// queries; the sending and query handling stayed linked behind
		// the run-time Enabled checks (-67 KB). A constant lets the
		// compiler drop them: what is dropped returns as it would when
		// disabled, and enabling either panics.
		files: []string{"tcpip/network/ipv4/igmp.go", "tcpip/network/ipv6/mld.go"},
		old:   regexp.MustCompile(`\n// Enabled implements ip\.MulticastGroupProtocol\.\n`),
		new: "\n// groupProtocolOff turns IGMP and MLD off (toolchain/netstack/sizeclean.go).\nconst groupProtocolOff = true\n" +
			"\n// Enabled implements ip.MulticastGroupProtocol.\n",
		count: 1,
	},
	{
		files: []string{"tcpip/network/ipv4/igmp.go", "tcpip/network/ipv6/mld.go"},
		old:   regexp.MustCompile(`\nfunc \((\w+) \*(igmpState|mldState)\) writePacket\(([^)]*)\) \(bool, tcpip\.Error\) \{\n`),
		new:   "\nfunc ($1 *$2) writePacket($3) (bool, tcpip.Error) {\n\tif groupProtocolOff {\n\t\treturn false, nil\n\t}\n",
		count: 1,
	},
	{
		files: []string{"tcpip/network/ipv4/igmp.go", "tcpip/network/ipv6/mld.go"},
		old:   regexp.MustCompile(`\nfunc \(b \*(igmpv3ReportBuilder|mldv2ReportBuilder)\) Send\(\) \(sent bool, err tcpip\.Error\) \{\n`),
		new:   "\nfunc (b *$1) Send() (sent bool, err tcpip.Error) {\n\tif groupProtocolOff {\n\t\treturn false, nil\n\t}\n",
		count: 1,
	},
	{
		files: []string{"tcpip/network/ipv4/igmp.go", "tcpip/network/ipv6/mld.go"},
		old: regexp.MustCompile(`\nfunc \((\w+) \*(igmpState|mldState)\) ` +
			`(handleMembershipQuery|handleMembershipQueryV3|handleMembershipReport|handleMulticastListenerQuery|handleMulticastListenerQueryV2|handleMulticastListenerReport)` +
			`\(([^)]*)\) \{\n`),
		new:   "\nfunc ($1 *$2) $3($4) {\n\tif groupProtocolOff {\n\t\treturn\n\t}\n",
		count: 3,
	},
	{
		files: []string{"tcpip/network/ipv4/ipv4.go"},
		old:   regexp.MustCompile(`\nfunc NewProtocolWithOptions\(opts Options\) stack\.NetworkProtocolFactory \{\n`),
		new: "\nfunc NewProtocolWithOptions(opts Options) stack.NetworkProtocolFactory {\n" +
			"\tif groupProtocolOff && opts.IGMP.Enabled {\n\t\tpanic(\"ipv4: IGMP is not supported on xen (toolchain/netstack/sizeclean.go)\")\n\t}\n",
		count: 1,
	},
	{
		files: []string{"tcpip/network/ipv6/ipv6.go"},
		old:   regexp.MustCompile(`\nfunc NewProtocolWithOptions\(opts Options\) stack\.NetworkProtocolFactory \{\n`),
		new: "\nfunc NewProtocolWithOptions(opts Options) stack.NetworkProtocolFactory {\n" +
			"\tif groupProtocolOff && opts.MLD.Enabled {\n\t\tpanic(\"ipv6: MLD is not supported on xen (toolchain/netstack/sizeclean.go)\")\n\t}\n",
		count: 1,
	},
}
