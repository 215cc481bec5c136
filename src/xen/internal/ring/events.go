// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ring

// Events is a driver's event channel: a Port in a guest, a
// ringtest.Port in tests.
type Events interface {
	Notify() error // signal the other end
	Wait()         // sleep until the other end signals, or Interrupt
	Interrupt()    // make Wait return
}
