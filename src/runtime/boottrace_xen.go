// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package runtime

import "unsafe"

// The boot trace: when each stage of the boot began, in Xen's system
// time, which dom0 and every domain share. Marks cost a TSC read and a
// store; they are printed only with GODEBUG=xenboottrace=1, as one
// console line right after the program's first write through package
// syscall (os.Stdout, fmt.Println; not the runtime's own print), so
// that the line it times comes first:
//
//	go-xen-boottrace: unpause_us=0 created_us=-812345 entry_us=310 ...
//
// Times are in µs from the moment the toolstack unpaused the domain,
// which Xen's runstate of vCPU 0 tells: the vCPU was offline from its
// creation until the unpause, and has been runnable, running or blocked
// since. So created_us is what the toolstack spent building the domain
// (xl create), and entry_us what Xen took to run the first instruction.

const (
	xenBootEntry      = iota // rt0's first instruction (32-bit mode)
	xenBootOsinit            // osinit: Go code on the boot stack, long mode
	xenBootPaging            // the runtime's own page tables are loaded
	xenBootOsinitDone        // traps, memory, Ms, events, vCPUs are up
	xenBootMain              // main.main is called (package inits are done)
	xenBootFirstWrite        // the program's first write to standard output or error
	xenBootStages
)

// xenBootTSC holds each stage's TSC; rt0 writes the first one.
var xenBootTSC [xenBootStages]uint64

var xenBootNames = [xenBootStages]string{"entry", "osinit", "paging", "osinit_done", "main", "first_write"}

var (
	xenBootRunstate vcpuRunstateInfo // vCPU 0's, read in osinit before it can block
	xenBootPrinted  bool
)

//go:nosplit
func xenBootMark(stage int) {
	if xenBootTSC[stage] == 0 {
		xenBootTSC[stage] = uint64(cputicks())
	}
}

// xenBootReadRunstate records when the domain was created and unpaused.
func xenBootReadRunstate() {
	xenHypercall(_HYPERVISOR_vcpu_op, _VCPUOP_get_runstate_info, 0, uintptr(unsafe.Pointer(&xenBootRunstate)), 0, 0)
}

// bootTraceMain is called by runtime.main just before main.main.
func bootTraceMain() { xenBootMark(xenBootMain) }

// xenBootTracePrintOnce prints the trace after the program's first
// write, if asked.
func xenBootTracePrintOnce() {
	if xenBootPrinted {
		return
	}
	xenBootPrinted = true
	if xenBootTraceOn() {
		xenBootTracePrint()
	}
}

func xenBootTraceOn() bool {
	s := gogetenv("GODEBUG")
	const key = "xenboottrace=1"
	for i := 0; i+len(key) <= len(s); i++ {
		if s[i:i+len(key)] == key && (i == 0 || s[i-1] == ',') && (i+len(key) == len(s) || s[i+len(key)] == ',') {
			return true
		}
	}
	return false
}

// xenTSCToSystem converts a TSC value to Xen's system time with vCPU 0's
// pvclock (whose scale is the same for earlier and later ticks).
func xenTSCToSystem(tsc uint64) int64 {
	t := &xenCPU0.info.time
	now := xenPvclock(t)
	cur := uint64(cputicks())
	if tsc > cur {
		return now
	}
	return now - int64(pvclockScale(cur-tsc, t.tscToSystemMul, t.tscShift))
}

// xenBootUnpause is the system time of the unpause, from the runstate.
func xenBootUnpause() int64 {
	r := &xenBootRunstate
	since := r.time[0] + r.time[1] + r.time[2] // running, runnable, blocked
	return int64(r.stateEntryTime - since)
}

func xenBootTracePrint() {
	base := xenBootUnpause()
	us := func(t int64) int64 { return (t - base) / 1000 }
	print("go-xen-boottrace: unpause_us=0 created_us=", us(base-int64(xenBootRunstate.time[3])))
	for i, tsc := range xenBootTSC {
		if i == xenBootMain {
			// runtime.main starts after schedinit and runs the inits.
			print(" runtime_main_us=", us(runtimeInitTime-xenClockOffset.Load()))
		}
		if tsc != 0 {
			print(" ", xenBootNames[i], "_us=", us(xenTSCToSystem(tsc)))
		}
	}
	// Since the unpause vCPU 0 waited this long for a physical CPU, and
	// blocked this long (xenstore replies, timers).
	var now vcpuRunstateInfo
	xenHypercall(_HYPERVISOR_vcpu_op, _VCPUOP_get_runstate_info, 0, uintptr(unsafe.Pointer(&now)), 0, 0)
	print(" runnable_us=", now.time[1]/1000, " blocked_us=", now.time[2]/1000)
	print(" image_end=", hex(firstmoduledata.end), " mem_base=", hex(xenMemBase), " ram_end=", hex(xenRAMEnd), " low_ram=", hex(xenLowRAM), "\n")
}
