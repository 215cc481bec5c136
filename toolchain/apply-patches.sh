#!/usr/bin/env bash
# Git must not find an enclosing repository: "git apply" silently skips
# paths outside the directory it runs in when it does.
# apply-patches.sh GOROOT: apply patches/*.patch in order. On the first patch
# that does not apply, name it and the files and hunks that failed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
goroot=$(cd "$1" && pwd)
shopt -s nullglob
for p in "$repo"/patches/*.patch; do
	if ! out=$(cd "$goroot" && GIT_CEILING_DIRECTORIES=$(dirname "$goroot") git apply --check -p1 "$p" 2>&1); then
		echo "toolchain: error: patch $(basename "$p") does not apply to $(sed -n 1p "$repo/VERSION"):" >&2
		printf '%s\n' "$out" | sed 's/^/  /' >&2
		echo "  files touched by this patch:" >&2
		git apply --numstat -p1 "$p" | awk '{print "    " $3}' >&2
		exit 1
	fi
	(cd "$goroot" && GIT_CEILING_DIRECTORIES=$(dirname "$goroot") git apply -p1 "$p")
done
