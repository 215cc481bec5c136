// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenbus

import "xen/xenstore"

// Open returns the domain's xenstore connection as a Store.
func Open() (Store, error) {
	xs, err := xenstore.Open()
	if err != nil {
		return nil, err
	}
	return xsStore{xs}, nil
}

type xsStore struct{ *xenstore.Client }

func (s xsStore) Watch(path string) (<-chan struct{}, func(), error) {
	w, err := s.Client.Watch(path, "")
	if err != nil {
		return nil, nil, err
	}
	ch := make(chan struct{}, 1)
	go func() {
		for range w.C {
			select {
			case ch <- struct{}{}:
			default: // one pending change is enough: the state is re-read
			}
		}
	}()
	return ch, func() { w.Close() }, nil
}
