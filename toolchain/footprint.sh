#!/usr/bin/env bash
# footprint.sh: print the port's footprint on upstream Go as markdown tables:
#   - the series (patches/): number of patches, upstream files they modify
#     and the +/- lines in them, split into non-test and test files
#     (*_test.go and testdata/ count as test);
#   - the files the overlays add (src/, rt0/, hypercall/ as overlay.sh copies
#     them: tracked and untracked files, not ignored ones, without go.mod,
#     go.sum and *.md), non-test vs test, with the generated ("Code
#     generated ... DO NOT EDIT.") files among the non-test ones;
#   - per patch: files and +/- lines.
# The series' lines are the net difference between upstream (VERSION, from
# the module cache, fetched if needed) and upstream with the series applied,
# so a line changed by two patches counts once. If upstream cannot be
# fetched, the per-patch numbers are summed instead, and the output says so.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
shopt -s nullglob
patches=(patches/*.patch)
upstream=$(sed -n 1p VERSION)
revision=$(sed -n 2p VERSION)

istest() { [[ $1 == *_test.go || $1 == */testdata/* ]]; }

# numstat of the whole series: "ADDED<TAB>REMOVED<TAB>PATH" lines.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
net=1
if ((${#patches[@]})) && src=$("$repo/toolchain/fetch-upstream.sh" "$upstream" 2>/dev/null); then
	# Only the files the series touches are needed.
	git init -q "$tmp/t"
	for f in $(sed -n 's|^diff --git a/\([^ ]*\) b/\([^ ]*\)$|\1\n\2|p' "${patches[@]}" | sort -u); do
		from=$src/$f
		[[ $(basename "$f") == go.mod ]] && from=$(dirname "$src/$f")/_go.mod
		if [[ -f $from ]]; then
			mkdir -p "$tmp/t/$(dirname "$f")"
			cp "$from" "$tmp/t/$f"
			chmod u+w "$tmp/t/$f"
		fi
	done
	(cd "$tmp/t" && git add -A -f . && git -c user.name=f -c user.email=f@f commit -q --allow-empty -m base)
	for p in "${patches[@]}"; do
		if ! (cd "$tmp/t" && git apply --index "$repo/$p" 2>/dev/null); then
			net=0
			break
		fi
	done
	((net)) && (cd "$tmp/t" && git diff --cached --numstat HEAD) >"$tmp/numstat"
else
	net=0
fi
if ((!net)); then
	for p in "${patches[@]}"; do git apply --numstat "$p"; done >"$tmp/numstat"
fi

files_nt=0 files_t=0 add_nt=0 del_nt=0 add_t=0 del_t=0
declare -A seen=()
while read -r a d f; do
	[[ $a == - ]] && a=0 d=0 # binary
	if istest "$f"; then
		[[ -n ${seen[$f]:-} ]] || files_t=$((files_t + 1))
		add_t=$((add_t + a)) del_t=$((del_t + d))
	else
		[[ -n ${seen[$f]:-} ]] || files_nt=$((files_nt + 1))
		add_nt=$((add_nt + a)) del_nt=$((del_nt + d))
	fi
	seen[$f]=1
done <"$tmp/numstat"

echo "## Footprint of Go for Xen $upstream-$revision"
echo
echo "| series (patches/) | files | lines added | lines removed |"
echo "|---|---:|---:|---:|"
echo "| patches | ${#patches[@]} | | |"
echo "| upstream files modified, non-test | $files_nt | +$add_nt | -$del_nt |"
echo "| upstream files modified, test | $files_t | +$add_t | -$del_t |"
echo "| **total** | **$((files_nt + files_t))** | **+$((add_nt + add_t))** | **-$((del_nt + del_t))** |"
if ((!net)); then
	echo
	echo "(upstream $upstream not available: lines are summed over the patches, a line changed by two patches counts twice)"
fi

echo
echo "| overlays (new files) | non-test files | non-test lines | of which generated | test files | test lines |"
echo "|---|---:|---:|---:|---:|---:|"
T_f=0 T_l=0 T_g=0 T_tf=0 T_tl=0
for root in src rt0 hypercall; do
	f=0 l=0 g=0 gl=0 tf=0 tl=0
	while IFS= read -r -d '' p; do
		[[ -f $p ]] || continue
		rel=${p#"$root"/}
		case $rel in go.mod | go.sum | README.md | *.md) continue ;; esac
		n=$(wc -l <"$p")
		if istest "$p"; then
			tf=$((tf + 1)) tl=$((tl + n))
		else
			f=$((f + 1)) l=$((l + n))
			if grep -qE '^// Code generated .* DO NOT EDIT\.$' "$p"; then g=$((g + 1)) gl=$((gl + n)); fi
		fi
	done < <(git ls-files -z --cached --others --exclude-standard -- "$root")
	echo "| $root/ | $f | $l | $g ($gl lines) | $tf | $tl |"
	T_f=$((T_f + f)) T_l=$((T_l + l)) T_g=$((T_g + g)) T_tf=$((T_tf + tf)) T_tl=$((T_tl + tl))
done
echo "| **total** | **$T_f** | **$T_l** | **$T_g** | **$T_tf** | **$T_tl** |"

echo
echo "| patch | files | + | - |"
echo "|---|---:|---:|---:|"
for p in "${patches[@]}"; do
	git apply --numstat "$p" | awk -v name="$(basename "$p" .patch)" '
		{ n++; a += ($1 == "-" ? 0 : $1); d += ($2 == "-" ? 0 : $2) }
		END { printf "| %s | %d | +%d | -%d |\n", name, n, a, d }'
done
