// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package control

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"time"

	"xen/internal/xencall"
	"xen/xenstore"
)

// The toolstack's memory target for the domain (xl mem-set), in KiB.
const targetNode = "memory/target"

// The longest wait before trying again to reach a target the heap's live
// data stood in the way of.
const maxBalloonRetry = 30 * time.Second

// followTarget makes the domain follow memory/target: the runtime hands
// RAM back to Xen down to it, and takes RAM back up to it
// (runtime/balloon_xen.go).
func followTarget(xs *xenstore.Client) error {
	w, err := xs.Watch(targetNode, "")
	if err != nil {
		return err
	}
	go balloon(xs, w.C)
	return nil
}

// balloon follows the target as it changes. When live data keeps the
// domain above it, it tries again later, backing off.
func balloon(xs *xenstore.Client, events <-chan xenstore.WatchEvent) {
	var (
		target   uint64
		retry    *time.Timer
		retryC   <-chan time.Time
		wait     = time.Second
		reported bool
	)
	for {
		select {
		case _, ok := <-events:
			if !ok {
				return
			}
			kib, err := readTarget(xs)
			if err != nil {
				os.Stderr.WriteString("xen/control: " + err.Error() + "\n")
				continue
			}
			if kib == target {
				continue
			}
			target, wait, reported = kib, time.Second, false
		case <-retryC:
		}
		excess := xencall.BalloonTarget(target)
		if excess == 0 {
			retryC = nil
			continue
		}
		if !reported {
			os.Stderr.WriteString("xen/control: memory target " + kibString(target) +
				": the program's memory holds " + kibString(excess) + " more; trying again\n")
			reported = true
		}
		if retry == nil {
			retry = time.NewTimer(wait)
		} else {
			retry.Reset(wait)
		}
		retryC = retry.C
		wait = min(2*wait, maxBalloonRetry)
	}
}

// Memory describes the domain's RAM and its memory target, in bytes.
type Memory struct {
	RAM    uint64 // the RAM the domain was given
	Held   uint64 // the part of it the domain holds now
	Target uint64 // the toolstack's target (xl mem-set)
}

// ReadMemory reports the domain's RAM, what it holds of it and its
// memory target. Until the service runs, the target is the RAM.
func ReadMemory() Memory {
	ram, held, target := xencall.BalloonStats()
	return Memory{RAM: ram << 10, Held: held << 10, Target: target << 10}
}

// readTarget reads memory/target, a number of KiB.
func readTarget(xs *xenstore.Client) (uint64, error) {
	v, err := xs.Read(targetNode)
	if errors.Is(err, xenstore.ErrNotExist) {
		return 0, errors.New("no " + targetNode)
	}
	if err != nil {
		return 0, errors.New("reading " + targetNode + ": " + err.Error())
	}
	kib, err := strconv.ParseUint(strings.TrimSpace(string(v)), 10, 64)
	if err != nil || kib == 0 {
		return 0, errors.New(targetNode + " is not a size in KiB: " + strconv.Quote(string(v)))
	}
	return kib, nil
}

func kibString(kib uint64) string {
	if kib%1024 == 0 {
		return strconv.FormatUint(kib/1024, 10) + " MiB"
	}
	return strconv.FormatUint(kib, 10) + " KiB"
}
