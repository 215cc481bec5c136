// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package control carries out what the toolstack asks of the domain by
// writing control/shutdown in xenstore: "poweroff" (xl shutdown), "halt"
// and "reboot" (xl reboot). Each becomes a SIGTERM to the program, as a
// Linux system going down sends one to its services: a program that asked
// os/signal for it can finish its work and exit; it ends any other. After
// a reboot request the domain ends with reason reboot, however the
// program exits (unless it crashes), and the toolstack starts it again.
//
// "suspend" (xl save, xl migrate, xl save -c) suspends the domain, with
// the parts of the program that registered with xen/internal/lifecycle
// (the xenstore connection, the grant table, network devices, disks,
// vchans, which end after a move; a program's own event channels refuse
// it, and the domain carries on). The program is not told: it goes on where it was, in the
// same domain or a new one, its timers counting only the time it ran.
//
// The domain also follows its memory target, memory/target (xl mem-set):
// the runtime hands free RAM back to Xen down to a lower target, and
// takes it again up to a higher one (see balloon_xen.go).
//
// The service starts with the first signal a program asks os/signal for,
// and with the network (xen/netstack).
package control

import (
	"errors"
	"os"
	"sync"

	"xen/internal/lifecycle"
	"xen/internal/xencall"
	"xen/xenstore"
)

const (
	shutdownNode = "control/shutdown"
	sigterm      = 15 // as on linux/amd64
)

// The features the domain offers the toolstack.
var features = []string{"control/feature-poweroff", "control/feature-reboot", "control/feature-suspend"}

func init() {
	xencall.SetControlStarter(func() { Start() })
}

var (
	startOnce sync.Once
	startErr  error
)

// Start begins carrying out the toolstack's requests, once; later calls
// return the first one's error. A domain without xenstore has no
// toolstack to hear.
func Start() error {
	startOnce.Do(func() {
		xs, err := xenstore.Open()
		if err != nil {
			startErr = err
			return
		}
		w, err := xs.Watch(shutdownNode, "")
		if err != nil {
			startErr = err
			return
		}
		for _, f := range features {
			if err := xs.Write(f, []byte("1")); err != nil {
				startErr = err
			}
		}
		if err := followTarget(xs); err != nil {
			startErr = err
		}
		go serve(xs, w.C)
	})
	return startErr
}

func serve(xs *xenstore.Client, events <-chan xenstore.WatchEvent) {
	for range events {
		req, err := take(xs)
		if err != nil {
			os.Stderr.WriteString("xen/control: reading " + shutdownNode + ": " + err.Error() + "\n")
			continue
		}
		carryOut(req)
	}
}

// take reads the request in control/shutdown and acknowledges it, as
// the toolstack expects, by clearing the node in the same transaction.
func take(xs *xenstore.Client) (string, error) {
	var req string
	err := xs.Update(func(tx *xenstore.Tx) error {
		v, err := tx.Read(shutdownNode)
		if errors.Is(err, xenstore.ErrNotExist) {
			req = ""
			return nil
		}
		if err != nil {
			return err
		}
		req = string(v)
		if req == "" {
			return nil
		}
		return tx.Write(shutdownNode, nil)
	})
	return req, err
}

// carryOut acts on request req.
func carryOut(req string) {
	switch req {
	case "": // none, or the one just taken
	case "poweroff", "halt":
		xencall.Raise(sigterm)
	case "reboot":
		xencall.AskReboot()
		xencall.Raise(sigterm)
	case "suspend":
		if _, err := lifecycle.Suspend(xencall.Suspend); err != nil {
			os.Stderr.WriteString("xen/control: the domain did not suspend: " + err.Error() + "\n")
		}
	default:
		os.Stderr.WriteString("xen/control: ignoring the unknown request " + req + "\n")
	}
}
