package main

import "testing"

const oldDoc = `# Title

intro

## A

a numbers

## Net

old net
` + "```text\n## not a heading\n```\n" + `
## Failed runs

None.

## Running it

old usage
`

func TestSplitSections(t *testing.T) {
	s := splitSections(oldDoc)
	var hs []string
	for _, x := range s {
		hs = append(hs, x.heading)
	}
	if len(hs) != 5 || hs[0] != "" || hs[1] != "A" || hs[2] != "Net" || hs[3] != "Failed runs" || hs[4] != "Running it" {
		t.Fatalf("headings = %q", hs)
	}
	if joined := s[0].text + s[1].text + s[2].text + s[3].text + s[4].text; joined != oldDoc {
		t.Errorf("sections do not add up to the document:\n%s", joined)
	}
}

func TestMergeSections(t *testing.T) {
	newDoc := "# Title\n\nnew intro\n\n## A\n\nnew a\n\n## SMP\n\nsmp numbers\n\n## Failed runs\n\nOne.\n\n## Running it\n\nnew usage\n"
	got := mergeSections(oldDoc, newDoc, []string{"SMP", "Failed runs", "Running it", "Missing"}, "Failed runs")
	want := "# Title\n\nintro\n\n## A\n\na numbers\n\n## Net\n\nold net\n```text\n## not a heading\n```\n\n" +
		"## SMP\n\nsmp numbers\n\n## Failed runs\n\nOne.\n\n## Running it\n\nnew usage\n"
	if got != want {
		t.Errorf("merged:\n%s\nwant:\n%s", got, want)
	}
	// Replacing a section in place, and the insertion point missing: at the end.
	got = mergeSections("## A\n\nold\n\n## B\n\nb\n", "## B\n\nnew b\n\n## C\n\nc\n", []string{"B", "C"}, "Z")
	if want := "## A\n\nold\n\n## B\n\nnew b\n\n## C\n\nc\n"; got != want {
		t.Errorf("merged:\n%s\nwant:\n%s", got, want)
	}
}

func TestNoteAfterHeading(t *testing.T) {
	got := noteAfterHeading("# T\n\n## A\n\na\n\n## B\n\nb\n", "*note*", []string{"B"})
	if want := "# T\n\n## A\n\na\n\n## B\n\n*note*\n\nb\n"; got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
