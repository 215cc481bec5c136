// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package netstack

import (
	"errors"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"gvisor.dev/gvisor/pkg/tcpip"

	"xen/internal/xencall"
	"xen/netfront"
	"xen/netstack/internal/dhcp"
)

// vifs keeps the stack's interfaces in step with the domain's network
// devices: eth<N> for device/vif/N. A vif whose backend goes (xl
// network-detach) loses its interface and its pages; one the toolstack
// attaches later, or brings back, gets an interface. The command line's
// settings apply to the primary vif: the first there was.
type vifs struct {
	st  *Stack
	cfg Config

	mu      sync.Mutex
	primary int          // -1 until a vif has been seen
	active  map[int]bool // vifs attached, or being attached
}

// attachDevices attaches the domain's network devices, then watches
// for more. A domain without devices has loopback alone until one comes.
// Errors are printed on the console, as a boot would show them, and
// returned.
func attachDevices(st *Stack) error {
	cfg, err := ParseConfig(xencall.NetSettings())
	if err != nil {
		os.Stderr.WriteString("netstack: bad network settings on the command line: " + err.Error() + "\n")
		return err
	}
	ids, err := netfront.Devices()
	if err != nil {
		os.Stderr.WriteString("netstack: listing network devices: " + err.Error() + "\n")
		return err
	}
	v := &vifs{st: st, cfg: cfg, primary: -1, active: map[int]bool{}}
	var errs []error
	for _, n := range ids {
		errs = append(errs, v.attach(n, false))
	}
	offered, err := netfront.WatchOffered(nil)
	if err != nil {
		os.Stderr.WriteString("netstack: watching for network devices: " + err.Error() + "\n")
		return errors.Join(append(errs, err)...)
	}
	go func() {
		for ids := range offered {
			for _, n := range ids {
				v.attach(n, true)
			}
		}
	}()
	return errors.Join(errs...)
}

// attach brings vif n up as an interface unless it is up already; a
// vif coming after boot is announced on the console.
func (v *vifs) attach(n int, hotplug bool) error {
	v.mu.Lock()
	if v.active[n] {
		v.mu.Unlock()
		return nil
	}
	v.active[n] = true
	var c Config
	if v.primary < 0 || v.primary == n {
		v.primary, c = n, v.cfg
	}
	v.mu.Unlock()
	name := "eth" + strconv.Itoa(n)
	id, dev, err := attachVif(v.st, n, name, c)
	if err != nil {
		os.Stderr.WriteString("netstack: " + err.Error() + "\n")
		v.forget(n)
		return err
	}
	if hotplug {
		os.Stderr.WriteString("netstack: " + name + ": attached\n")
	}
	go v.detachWhenGone(n, name, id, dev)
	return nil
}

// detachWhenGone removes vif n's interface once its backend has gone,
// and closes the device, which frees its pages.
func (v *vifs) detachWhenGone(n int, name string, id tcpip.NICID, dev *netfront.Device) {
	<-dev.Gone()
	v.st.s.RemoveNIC(id)
	msg := "netstack: " + name + ": backend gone, interface removed"
	if err := dev.Close(); err != nil {
		msg += " (" + err.Error() + ")"
	}
	os.Stderr.WriteString(msg + "\n")
	v.forget(n)
}

// forget marks vif n as down; if the toolstack offered it again
// meanwhile, when the watch skipped it, it is attached now.
func (v *vifs) forget(n int) {
	v.mu.Lock()
	delete(v.active, n)
	v.mu.Unlock()
	if ids, err := netfront.Offered(); err == nil && slices.Contains(ids, n) {
		go v.attach(n, true)
	}
}

func attachVif(st *Stack, n int, name string, c Config) (tcpip.NICID, *netfront.Device, error) {
	link := new(frameLink)
	var nic atomic.Int32 // the interface's id, once it has one
	// Receive checksum offload stays on: frames netback vouches for skip
	// verification (dom0's own traffic arrives with blank checksums),
	// the others are verified by the stack (link.go).
	dev, err := netfront.Open(n, netfront.Config{Deliver: link.deliver, Moved: func() {
		if id := nic.Load(); id != 0 {
			st.announce(tcpip.NICID(id), link.dev)
		}
	}})
	if err != nil {
		return 0, nil, errors.New("vif " + strconv.Itoa(n) + ": " + err.Error())
	}
	link.dev = dev
	useDHCP := c.DHCP
	var lease dhcp.Lease
	if useDHCP {
		if lease, err = leaseFor(link, dev); err != nil {
			// The interface still comes up, with IPv6 link-local only,
			// and keeps asking (lease_xen.go).
			os.Stderr.WriteString("netstack: " + name + ": no IPv4 address: " + err.Error() + "\n")
		} else {
			c = configOf(lease)
		}
	}
	id, err := st.addInterface(name, link, c)
	if id == 0 {
		dev.Close()
		return 0, nil, err
	}
	nic.Store(int32(id))
	if err != nil {
		// The interface is up, without part of its configuration.
		os.Stderr.WriteString("netstack: " + err.Error() + "\n")
	}
	if useDHCP {
		go st.keepLease(id, name, link, dev, lease, lease.Addr.IsValid())
	}
	return id, dev, nil
}
