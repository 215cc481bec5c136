// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package lifecycle_test

import (
	"errors"
	"slices"
	"testing"

	. "xen/internal/lifecycle"
)

type recorder struct {
	name string
	log  *[]string
	veto error
}

func (r *recorder) Suspend() error {
	*r.log = append(*r.log, "suspend "+r.name)
	return r.veto
}

func (r *recorder) Resume(moved bool) {
	s := "resume " + r.name
	if moved {
		s += " moved"
	}
	*r.log = append(*r.log, s)
}

func register(t *testing.T, log *[]string, names ...string) map[string]*recorder {
	rs := map[string]*recorder{}
	for _, n := range names {
		r := &recorder{name: n, log: log}
		rs[n] = r
		t.Cleanup(Register(n, r))
	}
	return rs
}

// The tests import the package from outside: under GOOS=xen, testing
// imports os, which reaches it through xen/mount and xen/xenstore.

// Participants quiesce last-registered first and resume in order.
func TestOrder(t *testing.T) {
	var log []string
	register(t, &log, "xenstore", "netfront")
	moved, err := Suspend(func() (bool, bool) { log = append(log, "domain"); return true, true })
	if err != nil || !moved {
		t.Fatalf("Suspend = %v, %v; want moved, no error", moved, err)
	}
	want := []string{"suspend netfront", "suspend xenstore", "domain", "resume xenstore moved", "resume netfront moved"}
	if !slices.Equal(log, want) {
		t.Errorf("got %q, want %q", log, want)
	}
}

// A veto stops the suspend; those that quiesced resume in place, the
// others are not touched.
func TestVeto(t *testing.T) {
	var log []string
	rs := register(t, &log, "xenstore", "vchan", "netfront")
	rs["vchan"].veto = errors.New("busy")
	_, err := Suspend(func() (bool, bool) { log = append(log, "domain"); return true, true })
	if err == nil || err.Error() != "vchan: busy" {
		t.Fatalf("err = %v, want vchan: busy", err)
	}
	want := []string{"suspend netfront", "suspend vchan", "resume netfront"}
	if !slices.Equal(log, want) {
		t.Errorf("got %q, want %q", log, want)
	}
}

// A domain that could not suspend resumes everyone in place.
func TestNotParked(t *testing.T) {
	var log []string
	register(t, &log, "xenstore")
	_, err := Suspend(func() (bool, bool) { return false, false })
	if !errors.Is(err, ErrNotParked) {
		t.Fatalf("err = %v, want ErrNotParked", err)
	}
	if want := []string{"suspend xenstore", "resume xenstore"}; !slices.Equal(log, want) {
		t.Errorf("got %q, want %q", log, want)
	}
}

// An unregistered participant takes no part.
func TestUnregister(t *testing.T) {
	var log []string
	unregister := Register("gone", &recorder{name: "gone", log: &log})
	unregister()
	if _, err := Suspend(func() (bool, bool) { return false, true }); err != nil {
		t.Fatal(err)
	}
	if len(log) != 0 {
		t.Errorf("got %q, want nothing", log)
	}
}
