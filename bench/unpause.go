package main

import (
	"fmt"
	"path/filepath"
	"time"
)

// The unpause stage: hello's boot timed the way a unikernel's is, from the unpause of a
// domain created paused to the program's first line, by bench/unpause in dom0 (which also
// times `xl create -p` and its steps); the xen guest adds its own boot trace
// (GODEBUG=xenboottrace=1: runtime/boottrace_xen.go), in Xen's system time.
const unpauseHeading = "Boot from unpause: hello world"

// unpauseStages are the xen guest's trace fields, in order, with what each marks.
var unpauseStages = []struct{ key, what string }{
	{"created_us", "the domain's vCPU created (before the unpause: `xl create -p` and the 1 s wait)"},
	{"entry_us", "first instruction (PVH entry)"},
	{"osinit_us", "first Go code (osinit)"},
	{"paging_us", "the runtime's page tables loaded"},
	{"osinit_done_us", "osinit done: traps, memory, Ms, events, vCPUs"},
	{"runtime_main_us", "runtime.main (schedinit and mallocinit done)"},
	{"main_us", "main.main (package inits done)"},
	{"first_write_us", "the program's first write"},
	{"runnable_us", "time vCPU 0 waited for a physical CPU since the unpause (a duration)"},
}

// xlCreateSteps are bench/unpause's split of `xl create -p`, in order.
var xlCreateSteps = []struct{ key, what string }{
	{"xl_config_ms", "xl started, config parsed"},
	{"xl_make_ms", "domain creation begins (libxl__domain_make)"},
	{"xl_build_ms", "domain builder begins (xc_dom_allocate)"},
	{"xl_built_ms", "image, memory, start info, vCPU set (xc_dom_release)"},
	{"xl_console_ms", "xenconsoled has the console (xenstore watch fires)"},
	{"xl_done_ms", "libxl reports the create complete"},
	{"create_ms", "xl exits"},
}

// unpauseConfig is the xl config of hello on target t, pinned to CPU $cpu (the dom0 script
// sets it) as dom0's job runner pins a one-vCPU guest: to the last CPU.
func unpauseConfig(t string) string {
	c := fmt.Sprintf("name = \"bench-unpause\"\ntype = \"pvh\"\nmemory = %d\nvcpus = 1\ncpus = \"$cpu\"\n"+
		"tsc_mode = \"native\"\non_poweroff = \"destroy\"\non_crash = \"destroy\"\non_reboot = \"destroy\"\n", guestMem)
	if t == tXen {
		return c + "kernel = \"/tmp/bench/hello.xen\"\ncmdline = \"env:GODEBUG=xenboottrace=1 --\"\n"
	}
	return c + "kernel = \"/tmp/bench/vmlinux\"\nramdisk = \"/tmp/bench/hello.cpio\"\n" +
		"cmdline = \"console=hvc0 loglevel=1 -- /hello\"\n"
}

func (b *bench) runUnpause() error {
	tool := filepath.Join(b.binDir(), "unpause")
	if err := b.goCmd("linux", "build", "-trimpath", "-ldflags=-s -w", "-o", tool, "./unpause"); err != nil {
		return err
	}
	files := b.progs["hello"].files()
	files["unpause"] = tool
	if err := b.h.stage(files); err != nil {
		return err
	}
	b.up = map[string]map[string][]float64{}
	for rep := 1; rep <= b.reps; rep++ {
		for _, t := range []string{tXen, tDomU} {
			script := fmt.Sprintf(`cpu=$(($(xl info | sed -n 's/^nr_cpus *: *//p') - 1))
cat >/tmp/bench/unpause.cfg <<CFG
%sCFG
/tmp/bench/unpause -config /tmp/bench/unpause.cfg -name bench-unpause -await 'hello, world' -xllog /tmp/bench/unpause-xl.log`, unpauseConfig(t))
			// Debian's kernel sometimes crashes on QEMU's doubled event upcall (see
			// scripts/harness/README.md, "Known problems"): such a run is tried again.
			var out string
			var f map[string]string
			for try := 1; try <= 3; try++ {
				var err error
				if out, err = b.h.dom0(script, 10*time.Minute); err != nil {
					return err
				}
				if f = fields(lineWith(out, "BENCH-UNPAUSE ")); atof(f["line_ms"]) >= 0 {
					break
				}
				b.failf("unpause: hello on %s (rep %d, try %d): no line\n%s", t, rep, try, tail(out))
			}
			if atof(f["line_ms"]) < 0 {
				continue
			}
			if f["alone"] != "1" {
				b.progress("unpause: another domU was running during this run")
			}
			b.addUnpause(t, f)
			if t == tXen {
				tr := fields(lineWith(out, "go-xen-boottrace: "))
				if tr["first_write_us"] == "" {
					b.failf("unpause: hello on xen (rep %d): no boot trace\n%s", rep, tail(out))
				}
				b.addUnpause(t, tr)
			}
			b.progress("unpause rep %d/%d: hello on %s: line %s ms after the unpause, xl create -p %s ms",
				rep, b.reps, t, f["line_ms"], f["create_ms"])
		}
	}
	return nil
}

// addUnpause keeps the numeric fields of f for target t.
func (b *bench) addUnpause(t string, f map[string]string) {
	for k, v := range f {
		if x := atof(v); x != -1 || v == "-1" {
			addMetric(&b.up, k, t, x)
		}
	}
}

func (b *bench) reportUnpause(p printer) {
	p("## %s", unpauseHeading)
	p("")
	p("hello created paused (`xl create -p`, %d MB, 1 vCPU) in dom0 by `bench/unpause`, which waits a", guestMem)
	p("second, unpauses it with the domctl hypercall itself (no `xl` process) and reads its console")
	p("pty: the time from just before the hypercall to the line `hello, world` on the pty, as")
	p("xenconsoled passes it on (dom0's clock). The Linux domU is the kernel and initramfs of the")
	p("other rows (the line comes from the program `/init` runs). Each run first waits (up to 2")
	p("minutes) for no other domU to run; a Linux guest that crashes (QEMU's doubled event upcall,")
	p("see `scripts/harness/README.md`) is run again, up to 3 times, and the crash listed below.")
	p("QEMU ran with `-accel %s`. Load on the host moves these times a lot (the load averages", b.accel)
	p("are in the note above): a busy host slowed the xen guest's page-table setup most.")
	p("")
	p("| ms (median) | xen | linux-domU | xen/linux-domU |")
	p("|---|---:|---:|---:|")
	x, d := median(b.up["line_ms"][tXen]), median(b.up["line_ms"][tDomU])
	p("| **unpause -> first line** | **%s** | **%s** | **%s** (1/%.0f) |", num(x), num(d), ratio(x, d), d/x)
	for _, s := range xlCreateSteps {
		x, d := median(b.up[s.key][tXen]), median(b.up[s.key][tDomU])
		p("| `xl create -p`, from its start: %s | %s | %s | %s |", s.what, num(x), num(d), ratio(x, d))
	}
	p("")
	p("The xen guest's own trace (`GODEBUG=xenboottrace=1`, printed after the line): when each stage")
	p("began, in ms after the unpause, in Xen's system time (the unpause is Xen's record of vCPU 0")
	p("leaving the offline state it was created in).")
	p("")
	p("| xen stage | ms after the unpause (median) |")
	p("|---|---:|")
	for _, s := range unpauseStages {
		p("| %s | %s |", s.what, num(median(b.up[s.key][tXen])/1000))
	}
	p("")
}
