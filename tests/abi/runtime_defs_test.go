// Package abi checks the runtime's private copy of the Xen ABI
// (src/runtime/defs_xen.go) against Xen's C headers, as package
// hypercall's layout test does for the public copy: every constant's
// value, and the size and field offsets of every struct, computed by
// go/types for amd64.
package abi

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const defsFile = "../../src/runtime/defs_xen.go"

// cExpr gives the C expression for runtime constants whose names are not
// a C macro with a leading underscore; "" marks runtime-only constants.
var cExpr = map[string]string{
	"_HYPERVISOR_set_timer_op":     "__HYPERVISOR_set_timer_op",
	"_HYPERVISOR_console_io":       "__HYPERVISOR_console_io",
	"_HYPERVISOR_memory_op":        "__HYPERVISOR_memory_op",
	"_HYPERVISOR_vcpu_op":          "__HYPERVISOR_vcpu_op",
	"_HYPERVISOR_sched_op":         "__HYPERVISOR_sched_op",
	"_HYPERVISOR_event_channel_op": "__HYPERVISOR_event_channel_op",
	"_HYPERVISOR_hvm_op":           "__HYPERVISOR_hvm_op",
	"_hvmStartMagic":               "XEN_HVM_START_MAGIC_VALUE",
	"_hvmMemmapTypeRAM":            "XEN_HVM_MEMMAP_TYPE_RAM",
	"_hvmCallbackTypeVector":       "HVM_PARAM_CALLBACK_TYPE_VECTOR",
	"_xenconsOutSize":              "sizeof(((struct xencons_interface *)0)->out)",
	"_xenconsInSize":               "sizeof(((struct xencons_interface *)0)->in)",
	"_evtchnWordBits":              "(sizeof(xen_ulong_t) * 8)",
	"_evtchnWords":                 "(sizeof(((struct shared_info *)0)->evtchn_pending) / sizeof(xen_ulong_t))",
	"_xenCPUIDBase":                "XEN_CPUID_FIRST_LEAF",
	"_xenCPUIDBaseLast":            "",
	"_xenUpcallVector":             "",
	"_MSR_FS_BASE":                 "",
	"_MSR_EFER":                    "",
	"_EFER_NXE":                    "",
}

// cStruct maps runtime struct types to C, field by field in order (""
// for padding the runtime names but C leaves implicit).
var cStruct = map[string]struct {
	c      string
	fields []string
}{
	"hvmStartInfo":            {"struct hvm_start_info", []string{"magic", "version", "flags", "nr_modules", "modlist_paddr", "cmdline_paddr", "rsdp_paddr", "memmap_paddr", "memmap_entries", "reserved"}},
	"hvmMemmapEntry":          {"struct hvm_memmap_table_entry", []string{"addr", "size", "type", "reserved"}},
	"hvmModlistEntry":         {"struct hvm_modlist_entry", []string{"paddr", "size", "cmdline_paddr", "reserved"}},
	"vcpuTimeInfo":            {"struct vcpu_time_info", []string{"version", "pad0", "tsc_timestamp", "system_time", "tsc_to_system_mul", "tsc_shift", "flags", "pad1"}},
	"vcpuInfo":                {"struct vcpu_info", []string{"evtchn_upcall_pending", "evtchn_upcall_mask", "", "evtchn_pending_sel", "arch.cr2", "arch.pad", "time"}},
	"xenconsInterface":        {"struct xencons_interface", []string{"in", "out", "in_cons", "in_prod", "out_cons", "out_prod"}},
	"xenstoreDomainInterface": {"struct xenstore_domain_interface", []string{"req", "rsp", "req_cons", "req_prod", "rsp_cons", "rsp_prod"}},
	"xsdSockmsg":              {"struct xsd_sockmsg", []string{"type", "req_id", "tx_id", "len"}},
	"schedPoll":               {"struct sched_poll", []string{"ports", "nr_ports", "", "timeout"}},
	"xenHVMParam":             {"struct xen_hvm_param", []string{"domid", "", "index", "value"}},
	"xenAddToPhysmap":         {"struct xen_add_to_physmap", []string{"domid", "size", "space", "idx", "gpfn"}},
	"xenMemoryReservation":    {"struct xen_memory_reservation", []string{"extent_start", "nr_extents", "extent_order", "mem_flags", "domid"}},
	"evtchnBindVirq":          {"struct evtchn_bind_virq", []string{"virq", "vcpu", "port"}},
	"evtchnBindIPI":           {"struct evtchn_bind_ipi", []string{"vcpu", "port"}},
	"vcpuRunstateInfo":        {"struct vcpu_runstate_info", []string{"state", "", "state_entry_time", "time"}},
	"vcpuRegisterVCPUInfo":    {"struct vcpu_register_vcpu_info", []string{"mfn", "offset", "rsvd"}},
	"vcpuHVMContext": {"struct vcpu_hvm_context", []string{"mode", "pad",
		"cpu_regs.x86_64.rax", "cpu_regs.x86_64.rcx", "cpu_regs.x86_64.rdx", "cpu_regs.x86_64.rbx",
		"cpu_regs.x86_64.rsp", "cpu_regs.x86_64.rbp", "cpu_regs.x86_64.rsi", "cpu_regs.x86_64.rdi",
		"cpu_regs.x86_64.rip", "cpu_regs.x86_64.rflags", "cpu_regs.x86_64.cr0", "cpu_regs.x86_64.cr3",
		"cpu_regs.x86_64.cr4", "cpu_regs.x86_64.efer", ""}},
	// shared_info: the runtime declares only the part it reads.
	"sharedInfo": {"struct shared_info", []string{"vcpu_info", "evtchn_pending", "evtchn_mask", "wc_version", "wc_sec", "wc_nsec", "wc_sec_hi"}},
}

// partial lists structs the runtime declares only a prefix of.
var partial = map[string]bool{"sharedInfo": true, "xenstoreDomainInterface": true}

type check struct {
	what   string
	goVal  int64
	cValue string // C expression printed as %lld
}

func TestRuntimeDefsMatchCHeaders(t *testing.T) {
	if _, err := os.Stat("/usr/include/xen/xen.h"); err != nil {
		if os.Getenv("XEN_LAYOUT_TEST_REQUIRED") == "1" {
			t.Fatal("Xen's headers are missing (apt-get install libxen-dev)")
		}
		t.Skip("Xen's headers are missing (apt-get install libxen-dev)")
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, defsFile, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.Default(), Sizes: types.SizesFor("gc", "amd64")}
	pkg, err := conf.Check("runtime", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var checks []check
	scope := pkg.Scope()
	names := scope.Names()
	sort.Strings(names)
	for _, name := range names {
		switch obj := scope.Lookup(name).(type) {
		case *types.Const:
			c, ok := cExpr[name]
			if !ok {
				c = strings.TrimPrefix(name, "_")
			}
			if c == "" {
				continue
			}
			v, exact := constant.Int64Val(obj.Val())
			if !exact {
				t.Fatalf("%s: not an int64", name)
			}
			checks = append(checks, check{name, v, c})
		case *types.TypeName:
			st, ok := obj.Type().Underlying().(*types.Struct)
			if !ok {
				continue
			}
			m, ok := cStruct[name]
			if !ok {
				t.Errorf("struct %s has no C counterpart in the table", name)
				continue
			}
			if st.NumFields() != len(m.fields) {
				t.Errorf("%s has %d fields, the table %d", name, st.NumFields(), len(m.fields))
				continue
			}
			vars := make([]*types.Var, st.NumFields())
			for i := range vars {
				vars[i] = st.Field(i)
			}
			offs := conf.Sizes.Offsetsof(vars)
			if !partial[name] {
				checks = append(checks, check{name + " size", conf.Sizes.Sizeof(st), "sizeof(" + m.c + ")"})
			}
			for i, cf := range m.fields {
				if cf == "" {
					continue
				}
				checks = append(checks, check{name + "." + vars[i].Name(), offs[i], fmt.Sprintf("offsetof(%s, %s)", m.c, cf)})
			}
		}
	}
	for name := range cStruct {
		if scope.Lookup(name) == nil {
			t.Errorf("table names %s, which defs_xen.go does not define", name)
		}
	}
	results := runC(t, checks)
	for i, c := range checks {
		if results[i] != c.goVal {
			t.Errorf("%s = %d in the runtime, %d in C (%s)", c.what, c.goVal, results[i], c.cValue)
		}
	}
	t.Logf("%d checks against the C headers", len(checks))
}

func runC(t *testing.T, checks []check) []int64 {
	var src bytes.Buffer
	src.WriteString(`#define __XEN_INTERFACE_VERSION__ 0x00040e00
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/sched.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/hvm/hvm_vcpu.h>
#include <xen/io/console.h>
#include <xen/io/xs_wire.h>
#include <xen/arch-x86/cpuid.h>
#include <xen/arch-x86/hvm/start_info.h>
int main(void) {
`)
	for _, c := range checks {
		fmt.Fprintf(&src, "\tprintf(\"%%lld\\n\", (long long)(%s));\n", c.cValue)
	}
	src.WriteString("\treturn 0;\n}\n")
	dir := t.TempDir()
	cfile, bin := filepath.Join(dir, "defs.c"), filepath.Join(dir, "defs")
	if err := os.WriteFile(cfile, src.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("gcc", "-o", bin, cfile).CombinedOutput(); err != nil {
		t.Fatalf("gcc: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(out))
	if len(lines) != len(checks) {
		t.Fatalf("C program printed %d values, want %d", len(lines), len(checks))
	}
	vals := make([]int64, len(lines))
	for i, l := range lines {
		if vals[i], err = strconv.ParseInt(l, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	return vals
}
