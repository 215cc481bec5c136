// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenbus

import (
	"errors"
	"slices"
	"strconv"
)

// Devices lists the devices of a class (vif, vbd, ...) the toolstack
// gave this domain: the numbers under device/class, in order. No
// device/class directory is no devices.
func Devices(s Store, class string) ([]int, error) {
	names, err := s.Directory("device/" + class)
	if errors.Is(err, ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ids []int
	for _, n := range names {
		if i, err := strconv.Atoi(n); err == nil && i >= 0 {
			ids = append(ids, i)
		}
	}
	slices.Sort(ids)
	return ids, nil
}
