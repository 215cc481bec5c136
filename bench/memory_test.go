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

func TestSmallestReliable(t *testing.T) {
	// Sizes below 20 MB always fail, 20 and 21 fail every third run, 22 and up always work.
	calls := 0
	works := func(mb int) (bool, error) {
		calls++
		switch {
		case mb < 20:
			return false, nil
		case mb < 22:
			return calls%3 != 0, nil
		}
		return true, nil
	}
	if got, err := smallestReliable(works, 20); err != nil || got != 22 {
		t.Errorf("flaky at 20-21 MB: got %d, %v; want 22", got, err)
	}
	never := func(int) (bool, error) { return false, nil }
	if got, err := smallestReliable(never, guestMem-1); err != nil || got != -1 {
		t.Errorf("never works: got %d, %v; want -1", got, err)
	}
}
