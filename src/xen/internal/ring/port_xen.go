// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ring

import "xen/evtchn"

// Port is an event channel as Events.
type Port evtchn.Port

func (p Port) Notify() error { return evtchn.Notify(evtchn.Port(p)) }
func (p Port) Wait()         { evtchn.Wait(evtchn.Port(p)) }
func (p Port) Interrupt()    { evtchn.Interrupt(evtchn.Port(p)) }
