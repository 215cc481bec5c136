// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package vchan

import (
	"errors"
	"strconv"
	"unsafe"

	"xen/evtchn"
	"xen/gnttab"
	"xen/hypercall"
	"xen/internal/ring"
	"xen/xenstore"
)

// Listen offers a vchan to domain client at xenstore directory path
// (for instance "data/vchan", under this domain's home): rings of at
// least readMin bytes from the client and writeMin bytes to it. The
// Conn can be used at once; Accept waits for the client.
func Listen(client hypercall.DomID, path string, readMin, writeMin int) (*Conn, error) {
	left, right, err := chooseOrders(readMin, writeMin)
	if err != nil {
		return nil, err
	}
	xs, err := xenstore.Open()
	if err != nil {
		return nil, err
	}
	self, err := ownDomid(xs)
	if err != nil {
		return nil, err
	}
	grants := ring.GrantsTo(client)
	var p evtchn.Port
	cleanup := func() error {
		err := grants.Release()
		if p != 0 {
			err = errors.Join(err, evtchn.Close(p))
		}
		return err
	}
	fail := func(e error) (*Conn, error) {
		cleanup()
		return nil, errors.Join(errors.New("vchan: listen at "+path), e)
	}

	ctrl := gnttab.AllocPages(1)
	ringBuf := func(order int) []byte {
		if r := inPageRing(ctrl, order); r != nil {
			return r
		}
		return gnttab.AllocPages(ringPages(order))
	}
	lbuf, rbuf := ringBuf(left), ringBuf(right)
	var ringGrants []uint32
	for _, buf := range [][]byte{lbuf, rbuf} {
		if len(buf) < pageSize {
			continue // inside the control page
		}
		g, err := grants.Pages(buf, false)
		if err != nil {
			return fail(err)
		}
		ringGrants = append(ringGrants, g...)
	}
	serverInit(ctrl, left, right, ringGrants)
	ctrlRef, err := grants.Pages(ctrl, false)
	if err != nil {
		return fail(err)
	}
	ringRef := ctrlRef[0]
	if p, err = evtchn.AllocUnbound(client); err != nil {
		return fail(err)
	}
	perms := []xenstore.Perm{{Domain: self, Access: xenstore.AccessNone}, {Domain: uint32(client), Access: xenstore.AccessRead}}
	err = xs.Update(func(tx *xenstore.Tx) error {
		for _, kv := range [][2]string{{"ring-ref", strconv.Itoa(int(ringRef))}, {"event-channel", strconv.Itoa(int(p))}} {
			node := path + "/" + kv[0]
			if err := tx.Write(node, []byte(kv[1])); err != nil {
				return err
			}
			if err := tx.SetPerms(node, perms...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	teardown := func(moved bool) error {
		if moved {
			// The grants, the port and data/ nodes stayed behind.
			grants.Forget()
			return nil
		}
		return errors.Join(xs.Remove(path), cleanup())
	}
	evtchn.FollowsSuspend(p)
	c := newConn(true, unsafe.Pointer(&ctrl[0]), lbuf, rbuf, ring.Port(p), teardown)
	c.followSuspends("vchan server " + path)
	return c, nil
}

// Dial connects to the vchan domain server offers at xenstore directory
// path (absolute, or relative to this domain's home).
func Dial(server hypercall.DomID, path string) (*Conn, error) {
	xs, err := xenstore.Open()
	if err != nil {
		return nil, err
	}
	readNum := func(name string) (uint64, error) {
		v, err := xs.Read(path + "/" + name)
		if err != nil {
			return 0, err
		}
		n, err := strconv.ParseUint(string(v), 10, 32)
		if err != nil || n == 0 {
			return 0, errors.New("vchan: bad " + path + "/" + name + ": " + strconv.Quote(string(v)))
		}
		return n, nil
	}
	ringRef, err := readNum("ring-ref")
	if err != nil {
		return nil, err
	}
	remotePort, err := readNum("event-channel")
	if err != nil {
		return nil, err
	}
	var maps []*gnttab.Mapping
	cleanup := func() error {
		var err error
		for i := len(maps) - 1; i >= 0; i-- {
			err = errors.Join(err, maps[i].Unmap())
		}
		return err
	}
	fail := func(e error) (*Conn, error) {
		cleanup()
		return nil, errors.Join(errors.New("vchan: dial "+path), e)
	}
	m, err := gnttab.Map(server, gnttab.Ref(ringRef), false)
	if err != nil {
		return fail(err)
	}
	maps = append(maps, m)
	ctrl := m.Bytes()
	left, right, lg, rg, err := clientLayout(ctrl)
	if err != nil {
		return fail(err)
	}
	ringBuf := func(order int, grants []uint32, readOnly bool) ([]byte, error) {
		if r := inPageRing(ctrl, order); r != nil {
			return r, nil
		}
		refs := make([]gnttab.Ref, len(grants))
		for i, g := range grants {
			refs[i] = gnttab.Ref(g)
		}
		m, err := gnttab.MapPages(server, refs, readOnly)
		if err != nil {
			return nil, err
		}
		maps = append(maps, m)
		return m.Bytes(), nil
	}
	lbuf, err := ringBuf(left, lg, false) // the client writes left
	if err != nil {
		return fail(err)
	}
	rbuf, err := ringBuf(right, rg, true)
	if err != nil {
		return fail(err)
	}
	p, err := evtchn.BindInterdomain(server, evtchn.Port(remotePort))
	if err != nil {
		return fail(err)
	}
	teardown := func(moved bool) error {
		if moved {
			// The mappings and the port stayed behind.
			for _, m := range maps {
				m.Forget()
			}
			return nil
		}
		return errors.Join(cleanup(), evtchn.Close(p))
	}
	evtchn.FollowsSuspend(p)
	clientConnect(ctrl)
	c := newConn(false, unsafe.Pointer(&ctrl[0]), lbuf, rbuf, ring.Port(p), teardown)
	c.followSuspends("vchan client " + path)
	return c, evtchn.Notify(p)
}

func ownDomid(xs *xenstore.Client) (uint32, error) {
	v, err := xs.Read("domid")
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseUint(string(v), 10, 16)
	if err != nil {
		return 0, errors.New("vchan: bad domid in xenstore: " + strconv.Quote(string(v)))
	}
	return uint32(n), nil
}
