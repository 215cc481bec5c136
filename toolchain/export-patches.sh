#!/usr/bin/env bash
# export-patches.sh DEVTREE: write the commits of a development GOROOT
# (a git repository whose first commit is the staged upstream tree, see
# MAINTAINING.md) as the numbered series in patches/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dev=$1
base=$(git -C "$dev" rev-list --max-parents=0 HEAD)
rm -f "$repo"/patches/*.patch
git -C "$dev" format-patch --quiet --no-signature --zero-commit --no-stat -N \
	-o "$repo/patches" "$base"..HEAD
ls "$repo/patches"
