// Package dockercontext checks the Docker build context: the Dockerfile
// builds the toolchain from the files .dockerignore lets through alone, so
// those must hold every input toolchain/inputs-hash.sh counts. The context
// is copied (matched with Docker's own pattern rules) into a git repository
// of its own, as the Dockerfile does, and its inputs hash must equal the
// repository's.
package dockercontext

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

const repo = "../.."

func TestContextHoldsEveryInput(t *testing.T) {
	if err := checkContext(t, ignorePatterns(t)); err != nil {
		t.Fatal(err)
	}
}

// TestCheckFindsDroppedInput drops one input more with .dockerignore's
// syntax: the check must see it.
func TestCheckFindsDroppedInput(t *testing.T) {
	for _, drop := range []string{"toolchain/netstack/netstack.lock", "src/xen", "patches/*.patch"} {
		err := checkContext(t, append(ignorePatterns(t), drop))
		if err == nil {
			t.Errorf("with %q ignored too, the context check passed", drop)
		} else {
			t.Logf("with %q ignored: %v", drop, err)
		}
	}
}

func ignorePatterns(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(repo, ".dockerignore"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	patterns, err := ignorefile.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return patterns
}

// checkContext copies the files the patterns let through into a new git
// repository and compares its inputs hash with the repository's.
func checkContext(t *testing.T, patterns []string) error {
	t.Helper()
	pm, err := patternmatcher.New(patterns)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.TempDir()
	for _, f := range gitFiles(t, repo) {
		excluded, err := pm.MatchesOrParentMatches(f)
		if err != nil {
			t.Fatal(err)
		}
		if !excluded {
			copyFile(t, filepath.Join(repo, f), filepath.Join(ctx, f))
		}
	}
	run(t, ctx, "git", "init", "-q", ".")
	run(t, ctx, "git", "add", "-A", ".")

	want := inputsHash(t, repo)
	if _, err := os.Stat(filepath.Join(ctx, "toolchain/inputs-hash.sh")); err != nil {
		return fmt.Errorf("the build context has no toolchain/inputs-hash.sh")
	}
	if got := inputsHash(t, ctx); got != want {
		var missing []string
		for _, f := range gitFiles(t, repo, "VERSION", "patches", "src", "rt0", "hypercall", "toolchain") {
			if _, err := os.Stat(filepath.Join(ctx, f)); err != nil {
				missing = append(missing, f)
			}
		}
		if len(missing) > 5 {
			missing = append(missing[:5], fmt.Sprintf("and %d more", len(missing)-5))
		}
		return fmt.Errorf("the build context's inputs hash is %s, the repository's %s; inputs missing from it (fix .dockerignore): %s", got, want, strings.Join(missing, ", "))
	}
	return nil
}

// gitFiles lists the files of a checkout under paths, tracked or not
// ignored, as inputs-hash.sh does; those deleted from the work tree are left
// out.
func gitFiles(t *testing.T, dir string, paths ...string) []string {
	t.Helper()
	args := append([]string{"ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"}, paths...)
	var files []string
	for _, f := range strings.Split(run(t, dir, "git", args...), "\x00") {
		if _, err := os.Lstat(filepath.Join(dir, f)); f != "" && err == nil {
			files = append(files, f)
		}
	}
	return files
}

func inputsHash(t *testing.T, dir string) string {
	t.Helper()
	goroot := strings.TrimSpace(run(t, dir, "go", "env", "GOROOT"))
	return strings.TrimSpace(run(t, dir, "bash", "toolchain/inputs-hash.sh", goroot))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	fi, err := os.Lstat(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		target, err := os.Readlink(from)
		if err == nil {
			err = os.Symlink(target, to)
		}
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(from)
	if err == nil {
		err = os.WriteFile(to, data, fi.Mode().Perm())
	}
	if err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("%s %s in %s: %v\n%s", name, strings.Join(args, " "), dir, err, msg)
	}
	return string(out)
}
