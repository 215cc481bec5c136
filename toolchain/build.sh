#!/usr/bin/env bash
# build.sh: turn upstream Go (VERSION) into the Go for Xen toolchain.
#
# Fetches the upstream distribution for VERSION through the Go module proxy
# (checksum verified against the checksum database by `go mod download`),
# applies patches/ in order, overlays src/, rt0/ and hypercall/, vendors
# the network stack into std (toolchain/netstack), and runs
# make.bash with the host Go as bootstrap. The result is installed in
# build/go (GOROOT); build/go/bin/go is the toolchain.
#
# The build is skipped when build/go was made from exactly the same inputs
# (a SHA-256 over VERSION, the patches, the overlays, this script and the
# bootstrap Go's version). Use -f to force a rebuild. A finished build is
# also kept, by that hash, in GOXEN_TOOLCHAIN_CACHE (default
# ~/.cache/goxen-toolchain; empty: none), so that another checkout of the
# same inputs (a clean clone in CI) copies it instead of building; the
# three newest are kept.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=${GOXEN_BUILD_DIR:-$repo/build}
goroot=$out/go
force=0
[[ ${1:-} == -f ]] && force=1

# install_stage moves the finished $stage to $goroot.
install_stage() {
	rm -rf "$goroot"
	mv "$stage" "$goroot"
	record_harness
	step "installed $goroot: $("$goroot/bin/go" version)"
}
# record_harness tells go tool xen where this checkout's harness is (as overlay.sh does): a
# build copied from the cache, or kept, may come from another checkout.
record_harness() { mkdir -p "$goroot/misc/xen" && echo "$repo/scripts/harness" >"$goroot/misc/xen/harness"; }
step() { printf '[toolchain %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'toolchain: error: %s\n' "$*" >&2; exit 1; }

bootstrap=${GOROOT_BOOTSTRAP:-$(go env GOROOT 2>/dev/null || true)}
[[ -x $bootstrap/bin/go ]] || die "no bootstrap Go: set GOROOT_BOOTSTRAP (Go 1.24 or newer)"
export GOROOT_BOOTSTRAP=$bootstrap

upstream=$(sed -n 1p "$repo/VERSION")
revision=$(sed -n 2p "$repo/VERSION")
[[ $upstream =~ ^go1\.[0-9]+(\.[0-9]+)?$ ]] || die "VERSION line 1 must be an upstream tag like go1.27.4, got '$upstream'"
[[ $revision =~ ^xen\.[0-9]+$ ]] || die "VERSION line 2 must be the port revision like xen.1, got '$revision'"

hash=$("$repo/toolchain/inputs-hash.sh" "$bootstrap")
if [[ $force == 0 && -f $goroot/.xen-inputs && $(cat "$goroot/.xen-inputs") == "$hash" && -x $goroot/bin/go ]]; then
	record_harness
	step "up to date: $goroot ($upstream-$revision, inputs $hash)"
	exit 0
fi

cache=${GOXEN_TOOLCHAIN_CACHE-$HOME/.cache/goxen-toolchain}
stage=$out/go.stage
if [[ $force == 0 && -n $cache && -x $cache/$hash/bin/go ]]; then
	step "copying the build of the same inputs from $cache/$hash"
	rm -rf "$stage"
	mkdir -p "$out"
	cp -a "$cache/$hash" "$stage"
	install_stage
	exit 0
fi

# The staged tree, make.bash's objects and the go build cache take about 1.5 GB: say so now
# rather than after minutes of building.
need_mb=1536
mkdir -p "$out"
free_mb=$(df -Pm "$out" | awk 'NR==2 {print $4}')
[[ ${free_mb:-0} -ge $need_mb ]] ||
	die "only ${free_mb:-0} MB free in $out, the build needs about $need_mb MB: free some space or set GOXEN_BUILD_DIR to a directory on a larger disk"

step "fetching upstream $upstream through the Go module proxy"
src=$("$repo/toolchain/fetch-upstream.sh" "$upstream")

rm -rf "$stage"
mkdir -p "$out"
step "staging upstream tree in $stage"
"$repo/toolchain/stage-upstream.sh" "$src" "$stage"

step "applying $(ls "$repo"/patches/*.patch 2>/dev/null | wc -l) patches"
"$repo/toolchain/apply-patches.sh" "$stage"

step "overlaying src/, rt0/, hypercall/"
"$repo/toolchain/overlay.sh" "$stage"
sed -i "1s/.*/$upstream-$revision/" "$stage/VERSION"

step "vendoring gVisor's TCP/IP stack into std (toolchain/netstack/netstack.lock)"
(cd "$repo/toolchain/netstack" && GOTOOLCHAIN=local GOFLAGS= "$bootstrap/bin/go" run . "$stage") ||
	die "vendoring the network stack failed"

step "make.bash (takes ~6 minutes on 2 cores)"
(cd "$stage/src" && GOROOT_FINAL= ./make.bash -v=0 2>&1) || die "make.bash failed"

echo "$hash" >"$stage/.xen-inputs"
install_stage

if [[ -n $cache ]] && mkdir -p "$cache" && cp -a "$goroot" "$cache/.$hash.tmp"; then
	rm -rf "${cache:?}/$hash"
	mv "$cache/.$hash.tmp" "$cache/$hash"
	# Keep the three newest builds.
	ls -1dt "$cache"/*/ | tail -n +4 | xargs -r rm -rf
	step "kept a copy in $cache/$hash"
fi
