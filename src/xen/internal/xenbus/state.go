// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenbus

import (
	"errors"
	"slices"
	"time"

	"xen/hypercall"
	"xen/xenstore"
)

// Store is the part of xenstore the handshake uses.
type Store interface {
	Read(path string) ([]byte, error)
	Write(path string, value []byte) error
	Directory(path string) ([]string, error)
	// Watch reports changes at or below path on the channel until
	// stop; several changes may merge into one report.
	Watch(path string) (changes <-chan struct{}, stop func(), err error)
}

// ReadState reads a xenbus state node; a missing or unreadable node is
// XenbusStateUnknown, as a removed device's is.
func ReadState(s Store, path string) hypercall.XenbusState {
	v, err := s.Read(path)
	if err != nil {
		return hypercall.XenbusStateUnknown
	}
	st, err := xenstore.ParseState(string(v))
	if err != nil {
		return hypercall.XenbusStateUnknown
	}
	return st
}

// WriteState sets the state node of the device directory dir.
func WriteState(s Store, dir string, st hypercall.XenbusState) error {
	return s.Write(dir+"/state", xenstore.StateValue(st))
}

// IsState is a predicate true for the states given.
func IsState(want ...hypercall.XenbusState) func(hypercall.XenbusState) bool {
	return func(st hypercall.XenbusState) bool { return slices.Contains(want, st) }
}

// WaitBackend waits until the state of the backend directory satisfies
// done, and returns it; it gives up at the timeout or when fail (if
// not nil) says so.
func WaitBackend(s Store, backend string, timeout time.Duration, done, fail func(hypercall.XenbusState) bool) (hypercall.XenbusState, error) {
	changes, stop, err := s.Watch(backend + "/state")
	if err != nil {
		return 0, err
	}
	defer stop()
	// Not time.NewTimer: its chan time.Time would link time.Time's
	// String method and time formatting into every program.
	expired := make(chan struct{})
	defer time.AfterFunc(timeout, func() { close(expired) }).Stop()
	for {
		st := ReadState(s, backend+"/state")
		if done(st) {
			return st, nil
		}
		if fail != nil && fail(st) {
			return st, errors.New("backend " + backend + " in state " + st.String())
		}
		select {
		case <-changes:
		case <-expired:
			return st, errors.New("backend " + backend + " still in state " + st.String() + " after " + timeout.String())
		}
	}
}

// Disconnect runs the frontend's closing handshake: Closing, then
// Closed, each time waiting at most timeout for a backend that does
// not answer.
func Disconnect(s Store, front, backend string, timeout time.Duration) error {
	gone := IsState(hypercall.XenbusStateClosing, hypercall.XenbusStateClosed, hypercall.XenbusStateUnknown)
	err := WriteState(s, front, hypercall.XenbusStateClosing)
	if err == nil {
		_, err = WaitBackend(s, backend, timeout, gone, nil)
	}
	err2 := WriteState(s, front, hypercall.XenbusStateClosed)
	if err2 == nil {
		_, err2 = WaitBackend(s, backend, timeout,
			IsState(hypercall.XenbusStateClosed, hypercall.XenbusStateInitWait, hypercall.XenbusStateUnknown), nil)
	}
	return errors.Join(err, err2)
}

// FollowBackend is WatchBackend for a connected frontend: it first
// answers a backend that is Closing by closing too, at once, so that a
// toolstack removing the device need not wait for the user's Close.
func FollowBackend(s Store, front, backend string, stop <-chan struct{}, gone func(hypercall.XenbusState)) error {
	return WatchBackend(s, backend, stop, func(st hypercall.XenbusState) {
		if st == hypercall.XenbusStateClosing {
			WriteState(s, front, hypercall.XenbusStateClosing)
		}
		gone(st)
	})
}

// WatchBackend calls gone once the backend leaves the Connected state,
// until stop is closed.
func WatchBackend(s Store, backend string, stop <-chan struct{}, gone func(hypercall.XenbusState)) error {
	changes, unwatch, err := s.Watch(backend + "/state")
	if err != nil {
		return err
	}
	go func() {
		defer unwatch()
		for {
			if st := ReadState(s, backend+"/state"); st != hypercall.XenbusStateConnected {
				gone(st)
				return
			}
			select {
			case <-changes:
			case <-stop:
				return
			}
		}
	}()
	return nil
}
