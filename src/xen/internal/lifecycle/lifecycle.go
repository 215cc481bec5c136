// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package lifecycle suspends the domain on the toolstack's request (xl
// save, xl migrate) with the parts of the program that talk to other
// domains: each registers a Participant, which quiesces before the
// suspend and picks up again after it, in the same domain (the suspend
// was cancelled) or in a new one (restored or migrated), where its
// event channels and grants are gone and its backends are new.
package lifecycle

import (
	"errors"
	"sync"
)

// A Participant takes part in suspends.
type Participant interface {
	// Suspend quiesces: nothing of it may be in flight with another
	// domain when it returns. An error refuses the suspend; the
	// participants that already quiesced then resume in place.
	Suspend() error
	// Resume picks up again, moved if in a new domain.
	Resume(moved bool)
}

var (
	mu           sync.Mutex // held for a whole suspend, and by Register
	participants []*entry
)

type entry struct {
	name string
	p    Participant
}

// Register adds p, under name (for messages), and returns a func that
// removes it. Participants quiesce in the reverse order of their
// registration and resume in that order, so that one registered first
// (the xenstore connection) serves the others on both sides.
func Register(name string, p Participant) (unregister func()) {
	e := &entry{name, p}
	mu.Lock()
	participants = append(participants, e)
	mu.Unlock()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		for i, x := range participants {
			if x == e {
				participants = append(participants[:i], participants[i+1:]...)
				return
			}
		}
	}
}

// ErrNotParked is Suspend's error when a vCPU did not stop in time.
var ErrNotParked = errors.New("lifecycle: a vCPU did not park for the suspend")

// Suspend quiesces every participant, suspends the domain with
// suspendDomain and resumes them. It reports whether the domain runs in
// a new one, and why it did not suspend.
func Suspend(suspendDomain func() (moved, ok bool)) (moved bool, err error) {
	mu.Lock()
	defer mu.Unlock()
	done := 0
	for i := len(participants) - 1; i >= 0; i-- {
		e := participants[i]
		if err = e.p.Suspend(); err != nil {
			err = errors.New(e.name + ": " + err.Error())
			break
		}
		done++
	}
	if err == nil {
		var ok bool
		if moved, ok = suspendDomain(); !ok {
			err = ErrNotParked
		}
	}
	for _, e := range participants[len(participants)-done:] {
		e.p.Resume(moved)
	}
	return moved, err
}
