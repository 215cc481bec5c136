package main

import "strings"

// A run of some of the stages rewrites only their sections of docs/benchmarks.md and keeps the
// rest of the file (the numbers of the run named at its top) as it is.

// stageSections are the "## " headings of the report that each stage's measurements fill.
var stageSections = map[string][]string{
	"size":      {"Image size"},
	"programs":  {"Boot: hello world", "Whole programs"},
	"unpause":   {unpauseHeading},
	"memory":    {"Smallest domain memory"},
	"suites":    {"CPU and runtime: standard library benchmarks"},
	"network":   {"Network"},
	"smp":       {smpHeading},
	"storage":   {storageHeading},
	"lifecycle": {lifecycleHeading},
	"toolchain": {toolchainHeading},
}

// Sections a partial run always rewrites: its failures, and the usage (no measurements).
const (
	failedHeading  = "Failed runs"
	runningHeading = "Running it"
)

// section is one "## " section of a Markdown document, from its heading line to the next
// one; the text before the first heading is a section with heading "".
type section struct{ heading, text string }

// splitSections cuts doc at its "## " headings (not those inside ``` fences).
func splitSections(doc string) []section {
	var out []section
	cur := section{}
	fence := false
	for _, line := range strings.SplitAfter(doc, "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
		}
		if h, ok := strings.CutPrefix(line, "## "); ok && !fence {
			if cur.heading != "" || cur.text != "" {
				out = append(out, cur)
			}
			cur = section{heading: strings.TrimSpace(h)}
		}
		cur.text += line
	}
	if cur.heading != "" || cur.text != "" {
		out = append(out, cur)
	}
	return out
}

// mergeSections returns old with each section of new whose heading is in replace in place of
// old's section of that heading or, when old has none, inserted before old's section headed
// before (at the end when old has none of that either). A heading in replace that new lacks
// leaves old's section alone.
func mergeSections(old, new string, replace []string, before string) string {
	fresh := map[string]string{}
	for _, s := range splitSections(new) {
		for _, h := range replace {
			if s.heading == h {
				fresh[h] = s.text
			}
		}
	}
	secs := splitSections(old)
	used := map[string]bool{}
	for i, s := range secs {
		if t, ok := fresh[s.heading]; ok && !used[s.heading] {
			secs[i].text = t
			used[s.heading] = true
		}
	}
	var w strings.Builder
	insert := func() {
		for _, h := range replace {
			if t, ok := fresh[h]; ok && !used[h] {
				w.WriteString(t)
				used[h] = true
			}
		}
	}
	for _, s := range secs {
		if s.heading == before {
			insert()
		}
		w.WriteString(s.text)
	}
	insert()
	return w.String()
}

// noteAfterHeading puts note (a paragraph) right after the heading line of each section of doc
// headed by one of headings.
func noteAfterHeading(doc, note string, headings []string) string {
	var w strings.Builder
	for _, s := range splitSections(doc) {
		marked := false
		for _, h := range headings {
			marked = marked || (s.heading == h && h != "")
		}
		if !marked {
			w.WriteString(s.text)
			continue
		}
		first, rest, _ := strings.Cut(s.text, "\n")
		w.WriteString(first + "\n\n" + note + "\n" + rest)
		if rest == "" {
			w.WriteString("\n")
		}
	}
	return w.String()
}
