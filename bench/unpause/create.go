//go:build linux

package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// xlSteps are lines of `xl -vvv create`'s log (Xen 4.17) that begin the steps of a create,
// in order, with the names given to the time from xl's start to each.
var xlSteps = []struct{ name, text string }{
	{"xl_config_ms", "Parsing config from"},         // xl started, libxl loaded
	{"xl_make_ms", "libxl__domain_make"},            // the domain is being created
	{"xl_build_ms", "xc_dom_allocate"},              // the domain builder starts
	{"xl_built_ms", "xc_dom_release"},               // image, memory, start info and vCPU set
	{"xl_console_ms", "event epath=/local/domain/"}, // xenconsoled published the console
	{"xl_done_ms", "libxl__ao_complete: ao"},        // libxl says the create is complete
}

// createPaused runs `xl -vvv create -p config`, keeps its log in xllog with each line's time
// since xl started, and returns "create_ms=... xl_..._ms=..." for the steps it saw.
func createPaused(config, xllog string) (string, error) {
	log, err := os.Create(xllog)
	if err != nil {
		return "", err
	}
	defer log.Close()
	cmd := exec.Command("xl", "-vvv", "create", "-p", config)
	r, w, err := os.Pipe()
	if err != nil {
		return "", err
	}
	cmd.Stdout, cmd.Stderr = w, w
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return "", err
	}
	w.Close()
	seen := map[string]float64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		t := ms(time.Since(t0))
		fmt.Fprintf(log, "+%.1fms %s\n", t, sc.Text())
		for _, s := range xlSteps {
			if _, ok := seen[s.name]; !ok && strings.Contains(sc.Text(), s.text) {
				seen[s.name] = t
			}
		}
	}
	err = cmd.Wait()
	total := ms(time.Since(t0))
	if err != nil {
		return "", fmt.Errorf("xl create -p: %v (log in %s)", err, xllog)
	}
	out := fmt.Sprintf("create_ms=%.1f", total)
	for _, s := range xlSteps {
		if t, ok := seen[s.name]; ok {
			out += fmt.Sprintf(" %s=%.1f", s.name, t)
		}
	}
	return out, nil
}
