package main

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A testPatch is a patch of the series that changes upstream test files.
type testPatch struct {
	name, subject string
	files         []string
}

// readTestPatches lists the patches in dir (patches/) that change test
// files (*_test.go, testdata/), in series order, so that the report names
// every change the port makes to upstream's tests, with its reason.
func readTestPatches(dir string) ([]testPatch, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.patch"))
	if err != nil {
		return nil, err
	}
	var list []testPatch
	for _, name := range names {
		tp, err := readTestPatch(name)
		if err != nil {
			return nil, err
		}
		if len(tp.files) > 0 {
			list = append(list, tp)
		}
	}
	return list, nil
}

func readTestPatch(name string) (testPatch, error) {
	f, err := os.Open(name)
	if err != nil {
		return testPatch{}, err
	}
	defer f.Close()
	tp := testPatch{name: strings.TrimSuffix(filepath.Base(name), ".patch")}
	if num, _, ok := strings.Cut(tp.name, "-"); ok {
		tp.name = num
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	inSubject := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Subject: "):
			tp.subject = strings.TrimPrefix(strings.TrimPrefix(line, "Subject: "), "[PATCH] ")
			inSubject = true
			continue
		case inSubject && strings.HasPrefix(line, " "):
			tp.subject += line
			continue
		case strings.HasPrefix(line, "diff --git a/"):
			file, _, _ := strings.Cut(strings.TrimPrefix(line, "diff --git a/"), " ")
			if isTestFile(file) && !slices.Contains(tp.files, file) {
				tp.files = append(tp.files, file)
			}
		}
		inSubject = false
	}
	return tp, sc.Err()
}

func isTestFile(path string) bool {
	return strings.HasSuffix(path, "_test.go") || strings.Contains("/"+path, "/testdata/")
}
