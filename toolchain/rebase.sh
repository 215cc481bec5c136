#!/usr/bin/env bash
# rebase.sh [options] NEWTAG: move the patch series (patches/) from the
# upstream release in VERSION (line 1) to upstream NEWTAG, e.g. go1.27.5.
#
# Both releases are fetched like build.sh does (fetch-upstream.sh: the Go
# module proxy, checksum-verified; seconds once cached) and staged
# (stage-upstream.sh). In a git repository under
# build/maint-rebase/NEWTAG/tree the script commits the old upstream tree,
# applies the series to it with `git am` (this must be clean: it checks that
# patches/ fits VERSION), commits the new upstream tree as the root of a
# separate branch xen-NEWTAG, and replays the series commit by commit onto it
# with three-way merges (git cherry-pick). Per patch it reports:
#   clean       the patch applies to NEWTAG as it is
#   offset      it applies as it is, with hunks at other line numbers
#   3-way       plain `git apply` fails; the three-way merge resolves it
#   empty       NEWTAG already contains the change; the patch is dropped
#   CONFLICT    conflicting files, the hunks that failed and the conflict
#               regions (line numbers in the work tree)
# It also checks the overlays: files of src/, rt0/ and hypercall/ that
# exist upstream at NEWTAG (a collision: the overlay would silently replace
# an upstream file), and upstream changes between the two releases in the
# directories the overlays add files to (the code they depend on).
#
# Nothing in patches/ or VERSION changes unless --write is given: by default
# this is a dry run that leaves the rebased development tree in
# build/maint-rebase/NEWTAG/tree for inspection.
#
# On a conflict it stops with the work tree at the conflicting patch, tries
# the remaining patches in a scratch worktree (skipping the conflicting one)
# so that the report covers the whole series, prints what to do, and exits 1.
# Resolve the files in the tree, `git add` them, then run
#   toolchain/rebase.sh --continue [--write] NEWTAG
# which commits the resolution (author and message of the original patch)
# and replays the rest.
#
# Options:
#   --write      on success, rewrite patches/ (toolchain/export-patches.sh)
#                and VERSION line 1; line 2 (the port revision) is kept.
#   --build      afterwards run build.sh: with --write, the real one
#                (builds build/go); without, on a scratch copy of the inputs
#                with the rebased series (builds build/maint-rebase/NEWTAG/build/go).
#                Then compile the runtime for GOOS=xen (make.bash does not)
#                and report which std packages have GOOS=xen compile errors.
#   --continue   resume after a conflict has been resolved and `git add`ed.
#   --restart    discard an unfinished rebase to NEWTAG and start again.
#   --workdir D  parent of the per-tag work dirs (default build/maint-rebase).
# Exit status: 0 success, 1 conflict, 2 usage, 3 the series does not apply
# to VERSION or another failure, 4 overlay collision (series replayed).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
write=0 build=0 cont=0 restart=0 new=""
workroot=${GOXEN_REBASE_DIR:-$repo/build/maint-rebase}
usage() { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while (($#)); do
	case $1 in
	--write) write=1 ;;
	--build) build=1 ;;
	--continue) cont=1 ;;
	--restart) restart=1 ;;
	--workdir) workroot=$2; shift ;;
	-h | --help) usage; exit 0 ;;
	-*) echo "rebase: unknown option $1" >&2; exit 2 ;;
	*) [[ -z $new ]] || { echo "rebase: one NEWTAG only" >&2; exit 2; }; new=$1 ;;
	esac
	shift
done
[[ -n $new ]] || { usage >&2; exit 2; }
[[ $new =~ ^go1\.[0-9]+(\.[0-9]+)?$ ]] || { echo "rebase: NEWTAG must be an upstream tag like go1.27.5, got '$new'" >&2; exit 2; }

t_start=$SECONDS
say() { printf '[rebase %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf 'rebase: error: %s\n' "$1" >&2; exit "${2:-3}"; }
mkdir -p "$workroot"
workroot=$(cd "$workroot" && pwd)
work=$workroot/$new
T=$work/tree   # the development tree (git repository) that is rebased
S=$work/state  # what --continue needs, and the per-patch reports
G() { git -C "$T" "$@"; }

# ---------------------------------------------------------------- helpers

# commit_dir DIR MESSAGE: commit DIR's contents as a parentless commit in
# the work repository without touching its index or work tree.
commit_dir() {
	local idx tree
	idx=$(mktemp "$work/index.XXXXXX")
	rm -f "$idx"
	GIT_INDEX_FILE=$idx git --git-dir="$T/.git" --work-tree="$1" add -A -f .
	tree=$(GIT_INDEX_FILE=$idx git --git-dir="$T/.git" write-tree)
	rm -f "$idx"
	git --git-dir="$T/.git" commit-tree "$tree" -m "$2"
}

# overlay_targets: the GOROOT paths overlay.sh writes, one a line.
overlay_targets() {
	(cd "$repo" && git ls-files -z --cached --others --exclude-standard -- src rt0 hypercall) |
		while IFS= read -r -d '' f; do
			[[ -f $repo/$f ]] || continue
			local root=${f%%/*} rel=${f#*/}
			case $rel in go.mod | go.sum | README.md | *.md) continue ;; esac
			case $root in
			src) echo "src/$rel" ;;
			rt0) echo "src/runtime/$rel" ;;
			hypercall) echo "src/xen/hypercall/$rel" ;;
			esac
		done
}

# conflict_regions FILE: the conflict-marker regions of FILE with line numbers.
conflict_regions() {
	awk -v max=40 '
	/^<<<<<<< / { s = NR; n = 0; buf = "" }
	s { n++; if (n <= max) buf = buf sprintf("          %5d| %s\n", NR, $0) }
	/^>>>>>>> / && s {
		printf "        conflict region, lines %d-%d:\n%s", s, NR, buf
		if (n > max) printf "          ... %d more lines\n", n - max
		s = 0
	}' "$1"
}

# apply_errors OUTPUT: why `git apply --check -v` refused a patch.
apply_errors() {
	printf '%s\n' "$1" | sed -n '
		s/^error: patch failed: \(.*\)$/        hunk did not apply as is: \1 (line before the merge)/p
		s/^error: \(.*: does not exist in index\)$/        \1/p
		s/^error: \(.*: No such file or directory\)$/        \1/p
		s/^error: \(.*already exists.*\)$/        \1/p'
}

# pick I TREE MODE: replay series commit I onto TREE's HEAD (MODE main or
# survey). Writes $S/kind.I and $S/report.I; returns 1 on a conflict, with
# the conflict left in TREE, 2 on another failure. (Called in conditions,
# so set -e does not apply inside: failures are returned explicitly.)
pick() {
	local i=$1 t=$2 mode=$3
	local sha=${shas[i]} pf=${pfiles[i]} subj num ck rc=0 cprc=0 cpout kind detail=""
	num=$(basename "$pf"); num=${num%%-*}
	subj=$(git -C "$t" log -1 --format=%s "$sha")
	ck=$(cd "$t" && git apply --check -v "$pf" 2>&1) || rc=$?
	cpout=$(git -C "$t" cherry-pick --no-commit "$sha" 2>&1) || cprc=$?
	local unmerged
	unmerged=$(git -C "$t" diff --name-only --diff-filter=U)
	local tag=""
	[[ $mode == survey ]] && tag=" (survey: with the conflicting patch $conflict_num skipped)"
	if ((cprc != 0)) || [[ -n $unmerged ]]; then
		kind=CONFLICT
		{
			printf '%s  %-9s %s%s\n' "$num" "$kind" "$subj" "$tag"
			if ((rc != 0)); then
				apply_errors "$ck"
			fi
			local xy path desc
			while read -r xy path; do
				case $xy in
				UU) desc="changed upstream and by the patch" ;;
				DU) desc="deleted upstream at $new, changed by the patch" ;;
				UD) desc="changed upstream, deleted by the patch" ;;
				AA) desc="added upstream at $new and by the patch" ;;
				AU | UA) desc="added on one side, conflicting" ;;
				DD) desc="deleted on both sides" ;;
				*) continue ;;
				esac
				printf '      %s: %s\n' "$path" "$desc"
				[[ -f $t/$path ]] && conflict_regions "$t/$path"
			done < <(git -C "$t" status --porcelain=v1 --untracked-files=no)
			if [[ -z $unmerged ]]; then
				printf '%s\n' "$cpout" | sed 's/^/      git: /'
			fi
		} >"$S/report.$i"
		echo "$kind" >"$S/kind.$i"
		return 1
	fi
	if git -C "$t" diff --cached --quiet HEAD; then
		kind=empty detail="        $new already contains this change: the patch is dropped"
	else
		git -C "$t" commit -q --no-verify -C "$sha" || return 2
		if ((rc == 0)); then
			detail=$(printf '%s\n' "$ck" | awk '
				/^Checking patch / { f = $3; sub(/\.\.\.$/, "", f) }
				/succeeded at .*offset/ { printf "        %s: hunk %s at line %s (offset %s)\n", f, $2, $5, $7 }')
			if [[ -n $detail ]]; then kind=offset; else kind=clean; fi
		else
			kind=3-way
			detail=$(apply_errors "$ck")
		fi
		# Did the merge change what the patch does (beyond line numbers)?
		local a b
		a=$(git -C "$t" show --format= -U0 "$sha" | git patch-id --stable | cut -d' ' -f1)
		b=$(git -C "$t" show --format= -U0 HEAD | git patch-id --stable | cut -d' ' -f1)
		if [[ $a != "$b" && $mode == main ]]; then
			detail+=${detail:+$'\n'}"        the change differs from the old patch: review with git -C $T range-diff old-upstream..old-series new-upstream..HEAD"
		fi
	fi
	{
		printf '%s  %-9s %s%s\n' "$num" "$kind" "$subj" "$tag"
		[[ -z $detail ]] || printf '%s\n' "$detail"
	} >"$S/report.$i"
	echo "$kind" >"$S/kind.$i"
	return 0
}

# replay FROM: main-mode replay of series commits FROM.. onto the tree.
# On a conflict: save the state, survey the rest, return 1.
replay() {
	local i
	for ((i = $1; i < n; i++)); do
		say "  [$((i + 1))/$n] $(basename "${pfiles[i]}")"
		local rc=0
		pick "$i" "$T" main || rc=$?
		if ((rc == 0)); then
			sed -n 1p "$S/report.$i" | sed 's/^/        -> /'
			continue
		fi
		((rc == 1)) || return 2
		echo "$i" >"$S/current"
		conflict_num=$(basename "${pfiles[i]}"); conflict_num=${conflict_num%%-*}
		sed 's/^/    /' "$S/report.$i"
		survey $((i + 1)) || return 2
		return 1
	done
	rm -f "$S/current"
	touch "$S/done"
}

# survey FROM: try commits FROM.. in a scratch worktree, skipping conflicts,
# so that the report covers the whole series.
survey() {
	local from=$1 j sv=$work/survey
	((from < n)) || return 0
	say "  trying the remaining $((n - from)) patches in a scratch worktree, skipping conflicting ones"
	G worktree remove --force "$sv" 2>/dev/null || true
	rm -rf "$sv"
	G worktree add -q --detach "$sv" HEAD || return 2
	local rc
	for ((j = from; j < n; j++)); do
		rc=0
		pick "$j" "$sv" survey || rc=$?
		((rc <= 1)) || return 2
		((rc == 0)) || git -C "$sv" reset -q --hard HEAD || return 2
		sed -n 1p "$S/report.$j" | sed 's/^/        -> /'
	done
	G worktree remove --force "$sv"
	G worktree prune
}

load_series() {
	mapfile -t shas < <(G rev-list --reverse old-upstream..old-series)
	mapfile -t pfiles <"$S/patches"
	n=${#shas[@]}
	((n == ${#pfiles[@]})) || die "state: ${#pfiles[@]} patches but $n commits"
}

report() {
	local i k conflicts=0
	echo
	echo "== rebase $old -> $new: $n patches =="
	for ((i = 0; i < n; i++)); do
		if [[ -f $S/report.$i ]]; then cat "$S/report.$i"; else printf '%04d  (not tried)\n' $((i + 1)); fi
		k=$(cat "$S/kind.$i" 2>/dev/null || true)
		[[ $k == CONFLICT ]] && conflicts=$((conflicts + 1))
	done
	echo
	echo "== overlays (src/, rt0/, hypercall/) against $new =="
	cat "$S/overlays"
	echo
	echo "== upstream changes $old -> $new in the files the series modifies =="
	cat "$S/upstream-touched"
	return 0
}

# check_overlays: write $S/overlays (collisions of the overlays with
# upstream files at NEWTAG, upstream changes in the overlays' directories),
# $S/collisions (their number) and $S/upstream-touched (upstream changes in
# the files the series modifies).
check_overlays() {
	local -A dirs=() inold=() innew=() chg=()
	local targets=() collisions=() shadow=() gone=() p d l f b stem ch twins nA nM nD st a changed touched
	mapfile -t targets < <(overlay_targets | sort)
	for p in "${targets[@]}"; do dirs[${p%/*}]=1; done
	# One listing of each upstream tree (only the overlays' directories).
	while read -r p; do inold[$p]=1; done < <(G ls-tree -r --name-only old-upstream -- "${!dirs[@]}")
	while read -r p; do innew[$p]=1; done < <(G ls-tree -r --name-only new-upstream -- "${!dirs[@]}")
	while read -r p; do chg[$p]=1; done < <(G diff --name-only --no-renames old-upstream new-upstream -- "${!dirs[@]}")
	for p in "${targets[@]}"; do
		if [[ -n ${innew[$p]:-} && -z ${inold[$p]:-} ]]; then
			collisions+=("$p")
		elif [[ -n ${innew[$p]:-} ]]; then
			if [[ -n ${chg[$p]:-} ]]; then shadow+=("$p (CHANGED upstream)"); else shadow+=("$p (unchanged upstream)"); fi
		elif [[ -n ${inold[$p]:-} ]]; then
			gone+=("$p")
		fi
	done
	{
		if ((${#collisions[@]})); then
			echo "COLLISION: ${#collisions[@]} overlay files now exist upstream at $new (the overlay would replace them):"
			printf '    %s\n' "${collisions[@]}"
		else
			echo "no collisions: none of the ${#targets[@]} overlay files exists upstream at $new"
		fi
		if ((${#shadow[@]})); then
			echo "overlay files that replace upstream files at both $old and $new:"
			printf '    %s\n' "${shadow[@]}"
		fi
		if ((${#gone[@]})); then
			echo "overlay files that replaced upstream files at $old which $new no longer has:"
			printf '    %s\n' "${gone[@]}"
		fi
		echo "upstream changes $old -> $new in the directories the overlays add files to:"
		for d in $(printf '%s\n' "${!dirs[@]}" | sort); do
			if ! G cat-file -e "new-upstream:$d" 2>/dev/null; then
				echo "  $d/: does not exist upstream at $new (overlay-only package)"
				continue
			fi
			mapfile -t ch < <(G diff --name-status --no-renames old-upstream new-upstream -- ":(glob)$d/*")
			if ((${#ch[@]} == 0)); then
				echo "  $d/: unchanged"
				continue
			fi
			nA=0 nM=0 nD=0
			for l in "${ch[@]}"; do
				case ${l:0:1} in A) nA=$((nA + 1)) ;; D) nD=$((nD + 1)) ;; *) nM=$((nM + 1)) ;; esac
			done
			echo "  $d/: $nM changed, $nA added, $nD deleted upstream files"
			for l in "${ch[@]}"; do
				# all changes when they are few, else additions and deletions
				if ((${#ch[@]} <= 12)) || [[ ${l:0:1} == [AD] ]]; then
					f=${l#*$'\t'}
					printf '      %s %s\n' "${l:0:1}" "${f##*/}"
				fi
			done
			# The upstream siblings of each overlay file that changed: for
			# os_xen.go, os.go and os_linux*.go / os_unix*.go / os_wasip1.go
			# (not other systems' or architectures' files, not tests).
			twins=()
			for p in "${targets[@]}"; do
				[[ ${p%/*} == "$d" ]] || continue
				b=${p##*/}
				stem=${b%%_*}
				stem=${stem%%.*}
				for l in "${ch[@]}"; do
					f=${l#*$'\t'}
					f=${f##*/}
					[[ ${l:0:1} == M && ($f == "$stem".* || $f == "$stem"_*) ]] || continue
					[[ $f == *_test.go ]] && continue
					[[ $f =~ _(aix|android|darwin|dragonfly|freebsd|hurd|illumos|ios|js|netbsd|openbsd|plan9|solaris|windows|zos|386|arm|arm64|loong64|mips|mipsle|mips64|mips64le|mipsx|mips64x|ppc64|ppc64le|ppc64x|riscv64|s390x|wasm)([._]) ]] && continue
					twins+=("$f (sibling of $b)")
				done
			done
			if ((${#twins[@]})); then
				echo "      changed siblings of overlay files (review these diffs):"
				printf '%s\n' "${twins[@]}" | sort -u | sed 's/^/        M /'
			fi
		done
	} >"$S/overlays"
	echo "${#collisions[@]}" >"$S/collisions"

	# Upstream changes in the files the patches modify.
	mapfile -t touched < <(G diff --name-only old-upstream old-series)
	{
		changed=0
		for f in "${touched[@]}"; do
			st=$(G diff --numstat old-upstream new-upstream -- "$f")
			if [[ -n $st ]]; then
				changed=$((changed + 1))
				read -r a d _ <<<"$st"
				printf '    %-45s +%s -%s\n' "$f" "$a" "$d"
			elif ! G cat-file -e "new-upstream:$f" 2>/dev/null; then
				changed=$((changed + 1))
				printf '    %-45s missing at %s\n' "$f" "$new"
			fi
		done
		echo "upstream changed $changed of the ${#touched[@]} files the series modifies"
	} >"$S/upstream-touched"

}

# --------------------------------------------------------------- continue

if ((cont)); then
	[[ -f $S/current || -f $S/done ]] || die "no rebase to $new in $work to continue" 2
	old=$(cat "$S/old")
	load_series
	conflict=0
	if [[ ! -f $S/current ]]; then
		say "the rebase to $new is complete: nothing to replay"
	else
		i=$(cat "$S/current")
		[[ -z $(G diff --name-only --diff-filter=U) ]] ||
			die "unresolved files in $T:
$(G diff --name-only --diff-filter=U | sed 's/^/  /')
Resolve them, git add them, and run this again." 1
		markers=$(G diff --cached --name-only HEAD | (cd "$T" && xargs -r grep -l -E '^(<<<<<<<|>>>>>>>)( |$)' 2>/dev/null) || true)
		[[ -z $markers ]] || die "conflict markers are still in: $markers" 1
		num=$(basename "${pfiles[i]}"); num=${num%%-*}
		subj=$(G log -1 --format=%s "${shas[i]}")
		if G diff --cached --quiet HEAD; then
			printf '%s  %-9s %s\n        resolved by hand to nothing: the patch is dropped\n' "$num" empty "$subj" >"$S/report.$i"
			echo empty >"$S/kind.$i"
		else
			G commit -q --no-verify -C "${shas[i]}"
			printf '%s  %-9s %s\n        CONFLICT resolved by hand\n' "$num" resolved "$subj" >"$S/report.$i"
			echo resolved >"$S/kind.$i"
		fi
		G reset -q # drop MERGE_MSG/AUTO_MERGE leftovers of cherry-pick -n
		rm -f "$T/.git/MERGE_MSG" "$T/.git/AUTO_MERGE"
		say "committed the resolution of $(basename "${pfiles[i]}"); replaying the rest"
		replay $((i + 1)) || conflict=$?
		((conflict <= 1)) || die "replay failed"
	fi
	check_overlays # again: the overlays may have changed meanwhile
	report
else
	# ----------------------------------------------------------- fresh run
	old=$(sed -n 1p "$repo/VERSION")
	[[ $old =~ ^go1\.[0-9]+(\.[0-9]+)?$ ]] || die "VERSION line 1 is not an upstream tag: '$old'"
	if [[ -f $S/current && $restart == 0 ]]; then
		die "a rebase to $new is waiting for a conflict resolution in $T.
Finish it with: toolchain/rebase.sh --continue $new
or discard it with: toolchain/rebase.sh --restart $new" 1
	fi
	shopt -s nullglob
	pfiles=("$repo"/patches/*.patch)
	n=${#pfiles[@]}
	((n > 0)) || die "no patches in $repo/patches"

	say "[1/5] fetching upstream $old and $new through the Go module proxy"
	t=$SECONDS
	oldsrc=$("$repo/toolchain/fetch-upstream.sh" "$old") || die "cannot fetch $old"
	newsrc=$("$repo/toolchain/fetch-upstream.sh" "$new") || die "cannot fetch $new"
	say "      done in $((SECONDS - t))s"

	say "[2/5] building the work repository $T"
	t=$SECONDS
	if [[ -d $work ]]; then # delete the previous run's files in the background
		git -C "$T" worktree prune 2>/dev/null || true
		trash=$workroot/.trash.$$
		mv "$work" "$trash"
		(rm -rf "$trash" &)
	fi
	mkdir -p "$work" "$S"
	# The old upstream is staged right into the work tree and committed
	# there; the new one is committed from a scratch copy.
	"$repo/toolchain/stage-upstream.sh" "$oldsrc" "$T"
	git init -q -b old-series "$T"
	G config user.name >/dev/null || G config user.name "Go for Xen rebase"
	G config user.email >/dev/null || G config user.email "rebase@go-xen.invalid"
	G config gc.auto 0
	G config core.abbrev 7
	G config merge.conflictStyle zdiff3
	G config advice.detachedHead false
	G add -A -f .
	G commit -q --no-verify -m "upstream $old"
	u_old=$(G rev-parse HEAD)
	"$repo/toolchain/stage-upstream.sh" "$newsrc" "$work/stage"
	u_new=$(commit_dir "$work/stage" "upstream $new")
	rm -rf "$work/stage"
	G tag old-upstream "$u_old"
	G tag new-upstream "$u_new"
	printf '%s\n' "$old" >"$S/old"
	printf '%s\n' "${pfiles[@]}" >"$S/patches"
	say "      upstream trees committed ($((SECONDS - t))s); applying the $n patches to $old"
	if ! out=$(G am -q --committer-date-is-author-date "${pfiles[@]}" 2>&1); then
		G am --abort 2>/dev/null || true
		die "patches/ does not apply to $old (VERSION) as it is; fix the series first:
$(printf '%s\n' "$out" | sed 's/^/  /')"
	fi
	G checkout -q -f -b "xen-$new" "$u_new"
	load_series
	say "      done in $((SECONDS - t))s"

	say "[3/5] checking the overlays against $new"
	check_overlays
	# Details come with the report at the end; here only the verdict.
	sed -n '/^upstream changes/q; p' "$S/overlays" | sed 's/^/      /'

	say "[4/5] replaying the series onto $new (three-way merges)"
	t=$SECONDS
	conflict=0
	replay 0 || conflict=$?
	((conflict <= 1)) || die "replay failed"
	say "      done in $((SECONDS - t))s"
	report
fi

coll=$(cat "$S/collisions")
if ((conflict)); then
	i=$(cat "$S/current")
	cat <<EOF

== CONFLICT: stopped at $(basename "${pfiles[i]}") ==
The development tree is $T
(branch xen-$new, its root commit is upstream $new; the conflicting patch is
applied there with conflict markers; the patches before it are committed).
To resolve:
  1. cd $T
     edit the conflicting files listed above (git status; git diff shows the
     zdiff3 markers: ours = upstream $new, theirs = the patch; the old patch
     is git show ${shas[i]:0:12}), keep the change minimal, then git add them.
  2. $repo/toolchain/rebase.sh --continue $new        (add --write to export)
     It commits the resolution with the patch's author and message and
     replays the remaining patches; it stops again at the next conflict.
     (By hand instead: git commit -C ${shas[i]:0:12}, then
     git cherry-pick ${shas[i]:0:12}..old-series, resolving as you go.)
  3. When all patches are in, export the series and bump VERSION:
       $repo/toolchain/export-patches.sh $T
       sed -i '1s/.*/$new/' $repo/VERSION
     (or pass --write to --continue, which does both), then
       $repo/toolchain/build.sh && $repo/toolchain/test-linux.sh
To give up: rm -rf $work
EOF
	exit 1
fi

say "[5/5] the series replays onto $new"
if ((coll)); then
	say "overlay collision: $coll overlay files now exist upstream (see above); not writing."
	say "Rename the overlay file (or drop it if upstream now provides the same), then"
	say "run toolchain/rebase.sh --continue [--write] $new to check again."
	write=0
fi
if ((write)); then
	say "writing patches/ and VERSION"
	"$repo/toolchain/export-patches.sh" "$T" | sed 's/^/    /'
	sed -i "1s/.*/$new/" "$repo/VERSION"
	(cd "$repo" && git status --short -- patches VERSION | sed 's/^/    /')
else
	cat <<EOF
Dry run: patches/ and VERSION are unchanged. The rebased development tree is
$T (branch xen-$new; review with
git -C $T range-diff old-upstream..old-series new-upstream..xen-$new).
To adopt it: toolchain/rebase.sh --continue --write $new
(or: toolchain/export-patches.sh $T && sed -i '1s/.*/$new/' VERSION)
EOF
fi

if ((build)); then
	if ((write)); then
		say "running toolchain/build.sh"
		"$repo/toolchain/build.sh"
		built=${GOXEN_BUILD_DIR:-$repo/build}/go
	else
		# A scratch copy of the build inputs with the rebased series, so that
		# build.sh runs unchanged without touching patches/, VERSION or build/go.
		in=$work/inputs
		say "running build.sh on a scratch copy of the inputs in $in"
		rm -rf "$in"
		mkdir -p "$in"
		(cd "$repo" && git ls-files -z --cached --others --exclude-standard -- VERSION patches src rt0 hypercall toolchain |
			tar -cf - --null --no-recursion -T -) | tar -xf - -C "$in"
		rm -f "$in"/patches/*.patch
		sed -i "1s/.*/$new/" "$in/VERSION"
		git init -q "$in"
		"$in/toolchain/export-patches.sh" "$T" >/dev/null
		(cd "$in" && git add -A -f .)
		GOXEN_BUILD_DIR=$work/build "$in/toolchain/build.sh" -f
		built=$work/build/go
	fi
	# make.bash builds a linux/amd64 toolchain and never compiles the xen
	# files: compile the runtime for xen, then report how much of std does.
	say "compiling runtime for GOOS=xen with $built"
	if ! (cd "$built/src" && GOOS=xen GOARCH=amd64 GOFLAGS= "$built/bin/go" build runtime); then
		die "the runtime does not compile for GOOS=xen on $new"
	fi
	failing=$( (cd "$built/src" && GOOS=xen GOARCH=amd64 GOFLAGS= "$built/bin/go" build std 2>&1 || true) |
		sed -n 's/^# //p' | sort -u)
	say "GOOS=xen go build std: $(printf '%s' "$failing" | grep -c . || true) of $(cd "$built/src" && "$built/bin/go" list std | wc -l) std packages have compile errors${failing:+: $(echo $failing)}"
	say "test it on linux with: toolchain/test-linux.sh --goroot $built"
fi
say "total $((SECONDS - t_start))s"
((coll == 0)) || exit 4
