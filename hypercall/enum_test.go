// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package hypercall

import (
	"fmt"
	"testing"
)

// The String methods are generated; this checks the trim prefixes, the
// aliases and the holes in the numbering come out as intended.
func TestEnumStrings(t *testing.T) {
	tests := []struct {
		v    fmt.Stringer
		want string
	}{
		{OpSchedOp, "SchedOp"},
		{OpHypfsOp, "HypfsOp"},
		{OpArch1, "Arch1"},
		{Op(11), "Op(11)"},
		{SchedOpPoll, "Poll"},
		{ShutdownSoftReset, "SoftReset"},
		{ShutdownMax, "SoftReset"},
		{EvtchnOpBindVirq, "BindVirq"},
		{EvtchnStatInterdomain, "Interdomain"},
		{GnttabOpSetupTable, "SetupTable"},
		{GrantStatusBadGntref, "BadGntref"},
		{GrantStatusOkay, "Okay"},
		{MemOpPopulatePhysmap, "PopulatePhysmap"},
		{MapSpaceSharedInfo, "SharedInfo"},
		{VCPUOpRegisterVCPUInfo, "RegisterVCPUInfo"},
		{RunstateBlocked, "Blocked"},
		{ConsoleIOWrite, "Write"},
		{HVMOpSetEvtchnUpcallVector, "SetEvtchnUpcallVector"},
		{HVMParamStoreEvtchn, "StoreEvtchn"},
		{HVMParamConsolePFN, "ConsolePFN"},
		{VIRQTimer, "Timer"},
		{VIRQArch7, "Arch7"},
		{XenbusStateInitWait, "InitWait"},
		{XenbusStateConnected, "Connected"},
		{XenbusState(9), "XenbusState(9)"},
		{XSDebug, "Control"},
		{XSTransactionStart, "TransactionStart"},
		{XSMsgType(20), "XSMsgType(20)"},
		{XSInvalid, "Invalid"},
		{ElfNotePhys32Entry, "Phys32Entry"},
		{ElfNoteDumpcoreHeader, "DumpcoreHeader"},
		{FeatureHVMCallbackVector, "HVMCallbackVector"},
		{Feature(12), "Feature(12)"},
		{XenverGetFeatures, "GetFeatures"},
		{MemmapTypeRAM, "RAM"},
		{BlkifOpWrite, "Write"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%T(%d).String() = %q, want %q", tt.v, tt.v, got, tt.want)
		}
	}
	if got := GrantStatusNoSpace.Error(); got != "grant table: NoSpace" {
		t.Errorf("GrantStatusNoSpace.Error() = %q", got)
	}
}
