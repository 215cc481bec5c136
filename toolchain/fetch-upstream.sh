#!/usr/bin/env bash
# fetch-upstream.sh TAG: download upstream Go TAG (e.g. go1.27.4) as the
# module golang.org/toolchain@v0.0.1-TAG.linux-amd64 and print the directory
# it was extracted to. `go mod download` verifies it against the checksum
# database (GOSUMDB), so a tampered download is refused.
set -euo pipefail
tag=$1
mod=golang.org/toolchain@v0.0.1-$tag.linux-amd64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
json=$(GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod download -json "$mod") || {
	echo "fetch-upstream: cannot download $mod: $json" >&2
	exit 1
}
dir=$(printf '%s' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[[ -d $dir/src/runtime ]] || { echo "fetch-upstream: $mod has no src/runtime in '$dir'" >&2; exit 1; }
echo "$dir"
