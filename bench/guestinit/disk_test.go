//go:build linux

package main

import (
	"syscall"
	"testing"
)

func TestParseDevNumber(t *testing.T) {
	ma, mi, err := parseDevNumber("202:16\n")
	if err != nil || ma != 202 || mi != 16 {
		t.Errorf("parseDevNumber = %d, %d, %v", ma, mi, err)
	}
	for _, bad := range []string{"", "202", "202:", "x:1", "1:-1"} {
		if _, _, err := parseDevNumber(bad); err == nil {
			t.Errorf("parseDevNumber(%q) accepted", bad)
		}
	}
}

func TestMkdev(t *testing.T) {
	// The small numbers keep the old 16-bit layout; the large ones spread as glibc's makedev.
	if d := mkdev(202, 16); d != 202<<8|16 {
		t.Errorf("mkdev(202, 16) = %#x", d)
	}
	if d := mkdev(0x1234, 0x56789); d != 0x0000_1000_5672_3489 {
		t.Errorf("mkdev(0x1234, 0x56789) = %#x", d)
	}
	var st syscall.Stat_t
	if err := syscall.Stat("/dev/null", &st); err == nil && st.Rdev != mkdev(1, 3) {
		t.Errorf("/dev/null is %#x, mkdev(1, 3) = %#x", st.Rdev, mkdev(1, 3))
	}
}
