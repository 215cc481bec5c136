// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package xenbustest is an in-memory xenstore for the frontend
// drivers' handshake tests.
package xenbustest

import (
	"slices"
	"strings"
	"sync"

	"xen/xenstore"
)

// Store is an in-memory xenstore. OnWrite, if set, runs after each
// Write (outside the lock): the test's backend reacts there.
type Store struct {
	mu      sync.Mutex
	nodes   map[string]string
	watches map[string][]chan struct{}
	OnWrite func(path, value string)
}

// NewStore makes a store holding nodes (path to value).
func NewStore(nodes map[string]string) *Store {
	s := &Store{nodes: map[string]string{}, watches: map[string][]chan struct{}{}}
	for k, v := range nodes {
		s.nodes[k] = v
	}
	return s
}

// Read returns a node's value, or xenstore.ErrNotExist.
func (s *Store) Read(path string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.nodes[path]
	if !ok {
		return nil, xenstore.ErrNotExist
	}
	return []byte(v), nil
}

// Write sets a node and runs OnWrite.
func (s *Store) Write(path string, value []byte) error {
	s.Set(path, string(value))
	if s.OnWrite != nil {
		s.OnWrite(path, string(value))
	}
	return nil
}

// Set sets a node, as the backend or toolstack does, and fires the
// watches on it.
func (s *Store) Set(path, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nodes[path] = value
	s.fire(path)
}

// Remove deletes a node and fires the watches on it.
func (s *Store) Remove(path string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.nodes, path)
	s.fire(path)
}

func (s *Store) fire(path string) {
	for _, ch := range s.watches[path] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Directory lists the children of path.
func (s *Store) Directory(path string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var names []string
	for p := range s.nodes {
		if rest, ok := strings.CutPrefix(p, path+"/"); ok {
			names = append(names, strings.Split(rest, "/")[0])
		}
	}
	if names == nil {
		return nil, xenstore.ErrNotExist
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// Watch reports changes of the node path itself.
func (s *Store) Watch(path string) (<-chan struct{}, func(), error) {
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.watches[path] = append(s.watches[path], ch)
	s.mu.Unlock()
	return ch, func() {}, nil
}
