package main

import "testing"

func TestSmallestWorking(t *testing.T) {
	for _, need := range []int{1, 3, 4, 13, 64, 65, 128, 129, 200, 256} {
		tries := 0
		got, err := smallestWorking(func(mb int) (bool, error) { tries++; return mb >= need, nil })
		want := need
		if err != nil || got != want || tries > 10 {
			t.Errorf("need %d: got %d after %d tries, want %d", need, got, tries, want)
		}
	}
	if got, _ := smallestWorking(func(int) (bool, error) { return false, nil }); got != -1 {
		t.Errorf("nothing works: got %d", got)
	}
}
