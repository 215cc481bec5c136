package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The results of the full run live in the repository beside the report
// (docs/std-conformance.json), so that -merge works on a clean checkout;
// build/stdconf keeps the raw logs of the machine that ran them.

type committed struct {
	Std   *StdRun   `json:"std"`
	Progs *ProgsRun `json:"progs,omitempty"`
}

func committedJSON(repo string) string { return filepath.Join(repo, "docs", "std-conformance.json") }
func committedReport(repo string) string {
	return filepath.Join(repo, "docs", "std-conformance.md")
}

// saveCommitted writes the full run's results to docs/, without the
// paths of this machine's logs.
func saveCommitted(repo string, std *StdRun, progs *ProgsRun) {
	c := committed{Std: std, Progs: progs}
	b, err := json.Marshal(c)
	if err == nil {
		var clean committed // a deep copy, so the caller's logs stay
		err = json.Unmarshal(b, &clean)
		c = clean
	}
	if err != nil {
		fatalf("%v", err)
	}
	if c.Std != nil {
		for _, row := range c.Std.Packages {
			clearLogs(row.Results)
		}
	}
	if c.Progs != nil {
		for _, row := range c.Progs.Progs {
			clearLogs(row.Results)
		}
	}
	save(committedJSON(repo), c)
}

func clearLogs(results map[string]Result) {
	for goos, r := range results {
		r.Log = ""
		results[goos] = r
	}
}

// loadFullStd finds the full std run to merge a partial one into: this
// machine's saved run, else the committed one, else the one the committed
// report shows.
func loadFullStd(cfg *config) (*StdRun, string, error) {
	var full *StdRun
	if load(filepath.Join(cfg.work, jsonName("std", true)), &full) {
		return full, "build/stdconf", nil
	}
	var c committed
	if load(committedJSON(cfg.repo), &c) && c.Std != nil {
		return c.Std, "docs/std-conformance.json", nil
	}
	md, err := os.ReadFile(committedReport(cfg.repo))
	if err != nil {
		return nil, "", fmt.Errorf("no saved full run in %s, nor docs/std-conformance.{json,md}", cfg.work)
	}
	full, err = importReport(string(md))
	if err != nil {
		return nil, "", fmt.Errorf("docs/std-conformance.md: %v", err)
	}
	return full, "docs/std-conformance.md", nil
}

// loadFullProgs finds the full test/ run for the report: this machine's,
// else the committed one. Failing both, keptProgs is the test/ section of
// the committed report, kept as it stands.
func loadFullProgs(cfg *config) (progs *ProgsRun, keptProgs string) {
	if load(filepath.Join(cfg.work, jsonName("progs", true)), &progs) {
		return progs, ""
	}
	var c committed
	if load(committedJSON(cfg.repo), &c) && c.Progs != nil {
		return c.Progs, ""
	}
	md, err := os.ReadFile(committedReport(cfg.repo))
	if err != nil {
		return nil, ""
	}
	if i := strings.Index(string(md), "\n"+progsHeading); i >= 0 {
		return nil, string(md[i:])
	}
	return nil, ""
}
