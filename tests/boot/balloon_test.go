package boot

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Ballooning (runtime/balloon_xen.go, xen/control): xl mem-set moves the
// domain's memory target while the guest (testdata/balloon) keeps 16 MiB
// of live data and a collector busy with garbage. dom0 reads what the
// domain holds from xl list, whose Mem column counts the pages Xen gives
// it.

// memSetScript is the dom0 script: down to 48 MiB, xl save and xl
// restore at that size, down to 20 MiB (below what the program needs),
// back to 128 MiB, then, once the guest has grown its live data by 64
// MiB, down to 112 MiB; then xl shutdown.
const memSetScript = `mem() { xl list "$n" 2>/dev/null | awk 'NR==2{print $3}'; }
waitmem() { # OP MIB LABEL: wait up to 40 s for the domain's memory to compare so
	for i in $(seq 80); do m=$(mem); [ -n "$m" ] && [ "$m" "$1" "$2" ] && break; sleep 0.5; done
	echo "$3 $(mem)"
}
echo "start $(mem)"
xl mem-set "$n" 48m && waitmem -le 48 at48
sleep 4; echo "still48 $(mem)"
f=/tmp/img/$n.save
timeout 120 xl save "$n" $f >/dev/null 2>&1; echo "save status $?"; echo "savefile $(($(wc -c <$f) >> 20))"
timeout 120 xl restore -e $f >/dev/null 2>&1; echo "restore status $?"; rm -f $f
sleep 2; echo "restored $(mem)"
xl mem-set "$n" 20m && sleep 6 && echo "at20 $(mem)"
xl mem-set "$n" 128m && waitmem -ge 127 at128
xenstore-write /local/domain/$(xl domid "$n")/data/balloon-phase grow; echo "asked to grow"`

const memSetScript2 = `mem() { xl list "$n" 2>/dev/null | awk 'NR==2{print $3}'; }
xl mem-set "$n" 112m
for i in $(seq 80); do [ "$(mem)" -le 112 ] && break; sleep 0.5; done
echo "at112 $(mem)"
timeout 60 xl shutdown -w "$n"; echo "shutdown status $?"`

// TestXLMemSet: the domain follows xl mem-set down and up while a
// GC-heavy program runs, loses no data, and survives a target below
// what its live data needs.
func TestXLMemSet(t *testing.T) {
	tc := toolchain(t)
	bin := buildGuest(t, tc, "balloon")
	var name string
	r := runWithDom0(t, tc, bin, nil, []peerStep{{
		on: `^READY balloon (\S+)$`,
		script: func(m []string) string {
			name = m[1]
			return "n=" + m[1] + "\n" + memSetScript
		},
	}, {
		on:     `^GREW 80 MiB live$`,
		script: func([]string) string { return "n=" + name + "\n" + memSetScript2 },
	}}, withGuest(1, 128))
	dom0 := strings.Join(r.dom0, "")
	mib := func(label string) int {
		m := regexp.MustCompile(`(?m)^` + label + ` (\d+)$`).FindStringSubmatch(dom0)
		if m == nil {
			t.Errorf("dom0 did not report %q", label)
			return -1
		}
		v, _ := strconv.Atoi(m[1])
		return v
	}
	if v := mib("start"); v != 128 {
		t.Errorf("the domain started with %d MiB, want 128", v)
	}
	if v := mib("at48"); v < 0 || v > 48 {
		t.Errorf("after xl mem-set 48m the domain holds %d MiB", v)
	}
	if v := mib("still48"); v < 0 || v > 48 {
		t.Errorf("4 s of garbage later the domain holds %d MiB, above its target of 48", v)
	}
	// xl save writes only the pages the domain holds.
	checkDom0Said(t, dom0, "save status 0", "restore status 0")
	if v := mib("savefile"); v < 0 || v > 60 {
		t.Errorf("xl save wrote %d MiB for a 48 MiB domain", v)
	}
	if v := mib("restored"); v < 0 || v > 48 {
		t.Errorf("the restored domain holds %d MiB, above its target of 48", v)
	}
	if v, was := mib("at20"), mib("still48"); v <= 20 || v > was {
		t.Errorf("at a target of 20 MiB, below the program's needs, the domain holds %d MiB (was %d): want between", v, was)
	}
	if v := mib("at128"); v < 127 {
		t.Errorf("after xl mem-set 128m the domain holds %d MiB", v)
	}
	if v := mib("at112"); v < 0 || v > 112 {
		t.Errorf("after xl mem-set 112m the domain holds %d MiB", v)
	}
	for _, want := range []string{"xen/control: memory target 20 MiB: the program's memory holds ", "verified 80 MiB live"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("the guest did not say %q", want)
		}
	}
	// The soft memory limit followed the target down and back up.
	limits := regexp.MustCompile(`target (\d+) MiB, limit (\d+) MiB`).FindAllStringSubmatch(r.out, -1)
	low, high := false, false
	for _, l := range limits {
		target, _ := strconv.Atoi(l[1])
		limit, _ := strconv.Atoi(l[2])
		if limit >= target {
			t.Errorf("limit %d MiB at a target of %d MiB", limit, target)
		}
		low = low || target == 48
		high = high || (target == 128 && limit > 100)
	}
	if !low || !high {
		t.Errorf("the guest's reports do not show the limit at targets 48 and 128 MiB (%d reports)", len(limits))
	}
	if !strings.Contains(dom0, "shutdown status 0") || r.status != 0 {
		t.Errorf("xl shutdown: status %d", r.status)
	}
	if t.Failed() {
		t.Logf("dom0:\n%s", dom0)
		logRun(t, r)
	}
}
