#!/usr/bin/env bash
# overlay.sh GOROOT: copy the files the port adds into a GOROOT tree.
#   src/        -> GOROOT/src (files at their GOROOT paths)
#   rt0/        -> GOROOT/src/runtime (the boot path is part of the runtime)
#   hypercall/  -> GOROOT/src/xen/hypercall (its go.mod is only for host tests)
# and records this checkout's harness for go tool xen in GOROOT/misc/xen/harness.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
goroot=$1
cd "$repo"
copy() { # copy LIST-ROOT DEST: tracked and new files, not ignored ones
	git ls-files -z --cached --others --exclude-standard -- "$1" | while IFS= read -r -d '' f; do
		[[ -f $f ]] || continue
		rel=${f#"$1"/}
		case $rel in go.mod | go.sum | README.md | *.md) continue ;; esac
		mkdir -p "$2/$(dirname "$rel")"
		cp "$f" "$2/$rel"
	done
}
copy src "$goroot/src"
copy rt0 "$goroot/src/runtime"
copy hypercall "$goroot/src/xen/hypercall"
# Where go tool xen finds the harness's scripts (src/cmd/xen/harness.go).
mkdir -p "$goroot/misc/xen" && echo "$repo/scripts/harness" >"$goroot/misc/xen/harness"
