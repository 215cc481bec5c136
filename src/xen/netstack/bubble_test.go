// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

//go:build xen

package netstack_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"testing/synctest"
	"time"
)

// TestSyncTestBubble uses loopback TCP inside a synctest bubble, as on
// Linux: waiting for the network is not durable blocking, so the
// bubble's clock stands still meanwhile, deadlines run on real time, and
// Wait returns once the peer goroutine has finished.
func TestSyncTestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		echoed := make(chan error, 1)
		go func() {
			c, err := ln.Accept()
			if err == nil {
				_, err = io.Copy(c, c)
				c.Close()
			}
			echoed <- err
		}()
		// A context from the bubble reaches the stack's wait as a
		// channel of no bubble.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c, err := (&net.Dialer{}).DialContext(ctx, "tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		msg := []byte("through the stack and back")
		if _, err := c.Write(msg); err != nil {
			t.Fatal(err)
		}
		got := make([]byte, len(msg))
		if _, err := io.ReadFull(c, got); err != nil || string(got) != string(msg) {
			t.Fatalf("echo: %q, %v", got, err)
		}
		// The echo goroutine waits for more: a deadline on real time ends
		// the read, the bubble's clock does not move.
		c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		if _, err := c.Read(got); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("read past the deadline: %v", err)
		}
		if d := time.Since(start); d != 0 {
			t.Errorf("the bubble's clock moved by %v while goroutines waited for the network", d)
		}
		c.Close()
		synctest.Wait()
		select {
		case err := <-echoed:
			if err != nil {
				t.Errorf("echo goroutine: %v", err)
			}
		default:
			t.Error("synctest.Wait returned before the echo goroutine finished")
		}
		// With nobody on the network, fake time moves at once.
		time.Sleep(time.Hour)
		if d := time.Since(start); d != time.Hour {
			t.Errorf("an hour's sleep took %v of the bubble's time", d)
		}
	})
}
