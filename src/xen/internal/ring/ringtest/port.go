// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package ringtest

import (
	"sync"
	"sync/atomic"
)

// Port is one end of an in-process event channel: a signal is a token
// in a one-slot buffer, so signals before a Wait merge, as events on a
// port do.
type Port struct {
	peer     *Port
	ch       chan struct{}
	Notifies atomic.Int64 // signals sent to the peer
}

// NewPortPair makes two connected ends.
func NewPortPair() (*Port, *Port) {
	a, b := &Port{ch: make(chan struct{}, 1)}, &Port{ch: make(chan struct{}, 1)}
	a.peer, b.peer = b, a
	return a, b
}

func (p *Port) kick() {
	select {
	case p.ch <- struct{}{}:
	default:
	}
}

// Notify signals the peer.
func (p *Port) Notify() error { p.Notifies.Add(1); p.peer.kick(); return nil }

// Wait sleeps until the peer signals or Interrupt.
func (p *Port) Wait() { <-p.ch }

// Interrupt makes Wait return.
func (p *Port) Interrupt() { p.kick() }

// Serve plays a backend's event loop in a goroutine of its own: it
// calls step, then again after every signal from the peer. The stop
// function it returns ends the loop and waits until it has.
func (p *Port) Serve(step func()) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			step()
			p.Wait()
			select {
			case <-quit:
				return
			default:
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(quit); p.Interrupt() })
		<-done
	}
}
