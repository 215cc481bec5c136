// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build !xen

package hypercall

import (
	"errors"
	"testing"
)

func TestErrno(t *testing.T) {
	if EAGAIN.String() != "EAGAIN" || EWOULDBLOCK.String() != "EAGAIN" {
		t.Errorf("EAGAIN/EWOULDBLOCK = %q/%q", EAGAIN.String(), EWOULDBLOCK.String())
	}
	if EDEADLOCK.String() != "EDEADLK" {
		t.Errorf("EDEADLOCK = %q", EDEADLOCK.String())
	}
	if got := ENOSYS.Error(); got != "xen: ENOSYS" {
		t.Errorf("ENOSYS.Error() = %q", got)
	}
	if got := Errno(4).String(); got != "Errno(4)" { // EINTR is Xen-internal
		t.Errorf("Errno(4) = %q", got)
	}
}

func TestCheckReturn(t *testing.T) {
	for _, ret := range []int64{0, 1, 4096, 1 << 40} {
		if err := CheckReturn(ret); err != nil {
			t.Errorf("CheckReturn(%d) = %v, want nil", ret, err)
		}
	}
	tests := []struct {
		ret  int64
		want Errno
	}{{-1, EPERM}, {-11, EAGAIN}, {-38, ENOSYS}, {-111, ECONNREFUSED}}
	for _, tt := range tests {
		err := CheckReturn(tt.ret)
		var e Errno
		if !errors.As(err, &e) || e != tt.want || !errors.Is(err, tt.want) {
			t.Errorf("CheckReturn(%d) = %v, want %v", tt.ret, err, tt.want)
		}
	}
}
