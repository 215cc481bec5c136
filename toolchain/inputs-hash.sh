#!/usr/bin/env bash
# inputs-hash.sh BOOTSTRAP_GOROOT: print a SHA-256 over everything that goes
# into the toolchain, so that build.sh can skip a build whose inputs are
# unchanged. Tests, docs and scripts outside these paths do not count.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
{
	"$1/bin/go" version
	git ls-files -z --cached --others --exclude-standard -- VERSION patches src rt0 hypercall toolchain |
		sort -z | xargs -0 sha256sum
} | sha256sum | cut -c1-16
