// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build race && !xen

package ext4

// raceEnabled makes the long randomized tests take fewer rounds under
// the race detector, which slows them about tenfold.
const raceEnabled = true
