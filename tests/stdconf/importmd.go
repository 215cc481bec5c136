package main

import (
	"bufio"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// importReport rebuilds the std part of a run from the report it wrote
// (docs/std-conformance.md), for -merge on a machine that does not hold
// the run's JSON. It keeps what the table shows: outcomes, durations,
// counts, reasons and the failure classes; the names of failed tests
// survive only as far as the reason lists them.
func importReport(md string) (*StdRun, error) {
	run := &StdRun{}
	kinds := map[string]string{} // package -> failure class
	inStd, sawTable := false, false
	sc := bufio.NewScanner(strings.NewReader(md))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			inStd = strings.HasPrefix(line, "## Standard library tests")
			continue
		case !inStd:
			continue
		}
		if m := runLine.FindStringSubmatch(line); m != nil {
			run.Meta = importMeta(m[1], m[2], m[4], m[5])
			run.Mode = m[3]
		} else if m := updateLine.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[3])
			run.Updates = append(run.Updates, Update{Meta: importMeta(m[1], m[2], m[5], m[6]), Mode: m[4], Count: n})
		} else if m := setupLine.FindStringSubmatch(line); m != nil {
			run.Timeout = m[1]
			if m := memLine.FindStringSubmatch(line); m != nil {
				run.Mem, _ = strconv.Atoi(m[1])
			}
		} else if m := causeLine.FindStringSubmatch(line); m != nil {
			kind := ""
			for k, name := range kindNames {
				if name == m[1] {
					kind = k
				}
			}
			for _, p := range strings.Split(m[2], ", ") {
				kinds[p] = kind
			}
		} else if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| package |") {
			row, err := importRow(line)
			if err != nil {
				return nil, err
			}
			sawTable = true
			run.Packages = append(run.Packages, row)
		}
	}
	if !sawTable || run.Date == "" {
		return nil, fmt.Errorf("no standard library table in the report")
	}
	for _, row := range run.Packages {
		x := row.Results["xen"]
		if failed(x) {
			x.Kind = kinds[row.Pkg]
			row.Results["xen"] = x
		}
	}
	sortRows(run.Packages)
	return run, nil
}

var (
	runLine    = regexp.MustCompile(`^Run on (.+?) with (\S+): (.+), in (\S+) \(load average (.+)\)\.$`)
	updateLine = regexp.MustCompile(`^Rows updated on (.+?) with (\S+): (\d+) packages \((.+)\), in (\S+) \(load average (.+)\)\.$`)
	setupLine  = regexp.MustCompile("-test\\.timeout=([^`]+)`")
	memLine    = regexp.MustCompile(`boots as a (\d+) MB PVH guest`)
	causeLine  = regexp.MustCompile(`^- (.+) \(\d+\): (.+)$`)
	cellText   = regexp.MustCompile(`^(?:\*\*)?(ok|FAIL|skip|no tests|build failure|not run)(?:\*\*)?(?: ([0-9.]+)s)?$`)
	countsText = regexp.MustCompile(`^(\d+)/(\d+)/(\d+)$`)
)

func importMeta(date, toolchain, d, load string) Meta {
	secs, _ := time.ParseDuration(d)
	return Meta{Date: date, Toolchain: toolchain, Secs: secs.Seconds(), Load: load}
}

// importRow parses one row of the std table (see stdSection).
func importRow(line string) (*PkgResult, error) {
	cols := splitRow(line)
	if len(cols) != 5 {
		return nil, fmt.Errorf("report row with %d columns: %s", len(cols), line)
	}
	row := &PkgResult{Pkg: cols[0], Results: map[string]Result{}}
	for i, goos := range []string{"linux", "xen"} {
		m := cellText.FindStringSubmatch(cols[1+i])
		if m == nil {
			return nil, fmt.Errorf("report row %s: bad %s cell %q", cols[0], goos, cols[1+i])
		}
		secs, _ := strconv.ParseFloat(m[2], 64)
		if m[2] != "" && secs == 0 {
			secs = 0.001 // shown as 0.0s: it ran, for less than 0.05 s
		}
		row.Results[goos] = Result{Outcome: m[1], Secs: secs}
	}
	x := row.Results["xen"]
	if m := countsText.FindStringSubmatch(cols[3]); m != nil {
		x.Pass, _ = strconv.Atoi(m[1])
		x.Skip, _ = strconv.Atoi(m[2])
		x.Fail, _ = strconv.Atoi(m[3])
	}
	reason := unesc(cols[4])
	if rest, ok := strings.CutPrefix(reason, "expected: "); ok {
		// "expected: WHY; REASON", the "; " trimmed with the cell when REASON is empty.
		row.Expected, reason, _ = strings.Cut(strings.TrimSuffix(rest, ";"), "; ")
	}
	if failed(row.Results["linux"]) {
		// "XEN-REASON (linux: LINUX-REASON)", the space trimmed with the
		// cell when XEN-REASON is empty.
		i := strings.LastIndex(reason, " (linux: ")
		if i < 0 && strings.HasPrefix(reason, "(linux: ") {
			reason, i = " "+reason, 0
		}
		if i >= 0 && strings.HasSuffix(reason, ")") {
			l := row.Results["linux"]
			l.Reason = reason[i+len(" (linux: ") : len(reason)-1]
			row.Results["linux"] = l
			reason = reason[:i]
		}
	}
	x.Reason = reason
	row.Results["xen"] = x
	return row, nil
}

// splitRow splits a markdown table row at the unescaped bars.
func splitRow(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(strings.TrimSuffix(line, "|"), "|")
	var cols []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteString(`\|`)
			i++
		case line[i] == '|':
			cols = append(cols, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	return append(cols, strings.TrimSpace(cur.String()))
}

// unesc undoes esc (but for backquotes, which esc turns into quotes).
func unesc(s string) string {
	return strings.NewReplacer(`\|`, "|", "&lt;", "<", "&gt;", ">", `\*`, "*", `\_`, "_").Replace(s)
}
