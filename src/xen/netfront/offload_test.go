// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netfront

import (
	"bytes"
	"errors"
	"testing"

	"xen/hypercall"
	"xen/internal/xenbus/xenbustest"
)

func TestBackendFeatures(t *testing.T) {
	for _, c := range []struct {
		nodes map[string]string
		want  Features
	}{
		{nil, Features{}},
		{map[string]string{"feature-gso-tcpv4": "1"}, Features{}}, // no scatter-gather
		{map[string]string{"feature-sg": "1"}, Features{}},
		{map[string]string{"feature-sg": "1", "feature-gso-tcpv4": "1", "feature-gso-tcpv6": "0"}, Features{GSOTCPv4: true}},
		{map[string]string{"feature-sg": "1", "feature-gso-tcpv4": "1", "feature-gso-tcpv6": "1"}, Features{GSOTCPv4: true, GSOTCPv6: true}},
		{map[string]string{"feature-sg": "yes", "feature-gso-tcpv4": "1"}, Features{}},
	} {
		s := xenbustest.NewStore(nil)
		for k, v := range c.nodes {
			s.Set(backendDir+"/"+k, v)
		}
		if got := backendFeatures(s, backendDir); got != c.want {
			t.Errorf("%v: got %+v, want %+v", c.nodes, got, c.want)
		}
	}
}

// TestSendGSO sends frames the backend segments: each takes its data
// slots plus an extra slot, whose NULL answer frees no page.
func TestSendGSO(t *testing.T) {
	d, b := newFake(t, 1500, 16, true, nil)
	gso := Offload{ChecksumPartial: true, GSO: GSOTCPv4, MSS: 1448}
	if err := d.SendOffload(gso, make([]byte, 3000)); !errors.Is(err, ErrOffload) {
		t.Errorf("GSO the backend did not offer: %v, want ErrOffload", err)
	}
	d.offered = Features{GSOTCPv4: true}
	for _, o := range []Offload{
		{ChecksumPartial: true, GSO: GSOTCPv6, MSS: 1428},
		{ChecksumPartial: true, GSO: GSOTCPv4},
		{GSO: GSOTCPv4, MSS: 1448},
	} {
		if err := d.SendOffload(o, make([]byte, 3000)); !errors.Is(err, ErrOffload) {
			t.Errorf("SendOffload(%+v) = %v, want ErrOffload", o, err)
		}
	}
	if err := d.SendOffload(gso, make([]byte, MaxGSOFrame+1)); !errors.Is(err, ErrFrameSize) {
		t.Errorf("frame of %d bytes: %v, want ErrFrameSize", MaxGSOFrame+1, err)
	}
	if err := d.SendOffload(Offload{ChecksumPartial: true}, make([]byte, 3000)); !errors.Is(err, ErrFrameSize) {
		t.Errorf("frame of 3000 bytes without GSO: %v, want ErrFrameSize", err)
	}

	// Enough frames of up to 17 slots to go round the ring many times.
	type sent struct {
		data []byte
		o    Offload
	}
	var want []sent
	for i := range 100 {
		n := []int{MaxGSOFrame, 60, 1514, 4097, 30000}[i%5]
		o := gso
		if n <= 1514 {
			o = Offload{ChecksumPartial: i%2 == 0}
		}
		f := frameOf(n, uint64(i))
		if err := d.SendOffload(o, f[:n/2], f[n/2:]); err != nil {
			t.Fatalf("frame %d: %v", i, err)
		}
		want = append(want, sent{f, o})
	}
	got := b.waitSent(t, len(want))
	for i, w := range want {
		g := got[i]
		wantFlags := w.o.flags()
		if w.o.GSO != GSONone {
			wantFlags |= hypercall.NetTxfExtraInfo
		}
		if len(w.data) > pageSize {
			wantFlags |= hypercall.NetTxfMoreData
		}
		if !bytes.Equal(g.data, w.data) || g.flags != wantFlags || g.gsoType != uint8(w.o.GSO) || g.gsoSize != w.o.MSS {
			t.Errorf("frame %d: got %d bytes, flags %#x, gso %d/%d; want %d bytes, flags %#x, gso %d/%d",
				i, len(g.data), g.flags, g.gsoType, g.gsoSize, len(w.data), wantFlags, w.o.GSO, w.o.MSS)
		}
	}
	s := d.Stats()
	if s.TxFrames != 100 || s.TxGSOFrames != 60 || s.TxBadID != 0 || s.TxErrors != 0 {
		t.Errorf("stats %+v", s)
	}
	// Every page came back: a full ring's worth of frames fits again.
	for d.tx.reap() {
	}
	if len(d.tx.free) != ringSize {
		t.Errorf("%d of %d tx pages free after all answers", len(d.tx.free), ringSize)
	}
}
