package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestReadTestPatches(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("0001-runtime-no-tests.patch", `From 0 Mon Sep 17 00:00:00 2001
Subject: [PATCH] runtime: a change with no test file

diff --git a/src/runtime/os_xen.go b/src/runtime/os_xen.go
`)
	write("0002-net-skip.patch", `From 0 Mon Sep 17 00:00:00 2001
Subject: [PATCH] net: skip a test on xen, whose subject line goes on
 to a second line

Body mentioning diff --git a/src/not/a/header_test.go in text.

diff --git a/src/net/udpsock_test.go b/src/net/udpsock_test.go
index 1..2 100644
diff --git a/src/net/testdata/hosts b/src/net/testdata/hosts
diff --git a/src/net/udpsock_test.go b/src/net/udpsock_test.go
diff --git a/src/net/net.go b/src/net/net.go
`)
	got, err := readTestPatches(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d patches, want 1: %+v", len(got), got)
	}
	tp := got[0]
	if tp.name != "0002" || tp.subject != "net: skip a test on xen, whose subject line goes on to a second line" {
		t.Errorf("name %q subject %q", tp.name, tp.subject)
	}
	if want := []string{"src/net/udpsock_test.go", "src/net/testdata/hosts"}; !slices.Equal(tp.files, want) {
		t.Errorf("files %q, want %q", tp.files, want)
	}
}
