#!/usr/bin/env bash
# stage-upstream.sh MODDIR DEST: copy an upstream distribution from the
# module cache into a writable GOROOT tree. The module zip stores go.mod
# files as _go.mod and drops exec bits; both are undone here. Prebuilt
# binaries (bin/, pkg/) are left behind: make.bash rebuilds them.
set -euo pipefail
from=$1 dest=$2
mkdir -p "$dest"
cp -r "$from"/{src,lib,misc,test,api,doc,VERSION,LICENSE,PATENTS,README.md,go.env} "$dest"/ 2>/dev/null || true
[[ -d $dest/src/runtime ]] || { echo "stage-upstream: copy failed" >&2; exit 1; }
chmod -R u+w "$dest"
find "$dest" -name _go.mod -execdir mv _go.mod go.mod \;
find "$dest/src" -name '*.bash' -exec chmod +x {} +
chmod +x "$dest/src/make.bash" "$dest/src/run.bash" "$dest/src/all.bash" 2>/dev/null || true
# A Xen toolchain must never silently switch itself for an upstream one.
sed -i 's/^GOTOOLCHAIN=.*/GOTOOLCHAIN=local/' "$dest/go.env"
