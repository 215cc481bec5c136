// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package main

import (
	"reflect"
	"slices"
	"testing"
)

func TestEncodeCmdline(t *testing.T) {
	got := encodeCmdline("x.test", []string{"GOTRACEBACK=all", "HOME=/"}, nil, "/src/my pkg", []string{"-test.v", "-test.run=Foo Bar", "", "100%", "a\"b'c\\", "é"}, true)
	want := `argv0:x.test env:GOTRACEBACK=all env:HOME=/ cwd:/src/my%20pkg stdin:eof -- -test.v -test.run=Foo%20Bar '' 100%25 a%22b%27c%5C %C3%A9`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := encodeCmdline("", nil, nil, "", nil, false); got != "--" {
		t.Errorf("empty: got %q", got)
	}
}

func TestGuestEnv(t *testing.T) {
	environ := []string{"HOME=/root", "XEN_GUEST_ENV_ZED=1", "GODEBUG=x=1", "XEN_GUEST_ENV_A=b c",
		"GOTRACEBACK=all", "XEN_GUEST_ENV_=bad", "PATH=/bin"}
	want := []string{"GOTRACEBACK=all", "GODEBUG=x=1", "A=b c", "ZED=1"}
	if got := guestEnv(environ); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestArgv0(t *testing.T) {
	for _, c := range []struct {
		binary, cwd string
		files       []string
		want        string
	}{
		{"/b/x.test", "/src/p", []string{"/src/p/a.go"}, "x.test"},
		{"/b/x.test", "/src/p", []string{"/src/p/a.go", "/b/x.test"}, "/b/x.test"},
		{"../b/x.test", "/src/p", []string{"/src/b/x.test"}, "/src/b/x.test"},
		{"x", "/src/p", nil, "x"},
	} {
		if got := argv0(c.binary, c.cwd, c.files); got != c.want {
			t.Errorf("argv0(%q, %q, %q) = %q, want %q", c.binary, c.cwd, c.files, got, c.want)
		}
	}
}

func TestMountSettings(t *testing.T) {
	got, err := mountSettings(" xvda=/data  xvdb=/a/b,ro ")
	if want := []string{"mount:xvda=/data", "mount:xvdb=/a/b,ro"}; err != nil || !slices.Equal(got, want) {
		t.Errorf("mountSettings = %q, %v; want %q", got, err, want)
	}
	for _, bad := range []string{"xvda", "xvda=data", "=/data", "xvda=/d,rx"} {
		if _, err := mountSettings(bad); err == nil {
			t.Errorf("mountSettings(%q) accepted", bad)
		}
	}
}
