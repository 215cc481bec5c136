#!/usr/bin/env bash
# dev-sync.sh DEVTREE [GOROOT]: for development only. Copy into GOROOT
# (default build/go) the
# upstream files changed in a development tree (see MAINTAINING.md) and
# the overlays, so that runtime and std changes can be tried without a
# full toolchain build (the go command rebuilds std from source).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dev=$(cd "$1" && pwd)
goroot=$(cd "${2:-$repo/build/go}" && pwd)
base=$(git -C "$dev" rev-list --max-parents=0 HEAD)
# Files any patch touched, including those a later patch put back as
# upstream has them.
{ git -C "$dev" diff --name-only "$base" -- src; git -C "$dev" log --format= --name-only "$base"..HEAD -- src; } |
	sort -u | while read -r f; do
	[[ -f $dev/$f ]] && cp "$dev/$f" "$goroot/$f"
done
"$repo/toolchain/overlay.sh" "$goroot"
