#!/usr/bin/env bash
# test-linux.sh [options] [PKG...]: prove that the patched toolchain is still
# a correct linux/amd64 Go. Runs `go test -short` with the built toolchain
# (GOROOT=build/go, GOOS=linux, GOARCH=amd64) on
#   - every upstream package the series touches: the directories of the files
#     modified by patches/*.patch, mapped to import paths;
#   - every package the overlays add files to (src/, rt0/ -> runtime,
#     hypercall/ -> xen/hypercall), because files such as
#     internal/goos/isxen_other.go or cmd/link/internal/ld/xennotes.go build
#     for linux too;
#   - a baseline of packages that must keep working whatever the series
#     touches: runtime syscall os net time go/build cmd/link cmd/go
#     internal/goos internal/platform internal/syslist cmd/internal/objabi
#     cmd/dist internal/copyright;
#   - the packages of upstream files that differ in the tested GOROOT but
#     are not modified by patches/ (work copied in with dev-sync.sh and not
#     exported yet): listed as "not-in-patches", with a note;
#   - the PKG arguments, if any.
# Packages without linux/amd64 files (e.g. xen-only ones) are listed as
# skipped. All of cmd/go's -short tests run (about 5 minutes of the ~15 on
# 2 cores); to run only some, set CMDGO_RUN to a -run pattern, e.g.
# CMDGO_RUN='TestScript/^(build|list|env)_' (the output then says so).
#
# Options:
#   --goroot DIR     toolchain to test (default build/go)
#   --list           print the package list and exit
#   -p N             packages tested in parallel (default: number of CPUs)
#   --cached         accept cached test results (default: -count=1, so that
#                    every run really runs the tests)
#   --timeout D      per-package timeout (default 30m)
# The full log is written to build/maint-test-linux/test-linux.log.
# Last line of output: "N passed, M failed" (packages); exit status 1 if M>0.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
goroot=$repo/build/go
list_only=0 par=$(nproc) timeout=30m count=(-count=1)
extra=()
while (($#)); do
	case $1 in
	--goroot) goroot=$(cd "$2" && pwd); shift ;;
	--list) list_only=1 ;;
	--cached) count=() ;;
	-p) par=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "test-linux: unknown option $1" >&2; exit 2 ;;
	*) extra+=("$1") ;;
	esac
	shift
done

CMDGO_RUN=${CMDGO_RUN:-}

go=$goroot/bin/go
[[ -x $go ]] || { echo "test-linux: no toolchain at $go (run toolchain/build.sh)" >&2; exit 2; }
export GOROOT=$goroot GOOS=linux GOARCH=amd64 GOTOOLCHAIN=local
unset GOEXPERIMENT GOFLAGS
logdir=$repo/build/maint-test-linux
mkdir -p "$logdir"
log=$logdir/test-linux.log
: >"$log"

say() { printf '[test-linux %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# pkgof PATH: GOROOT-relative file path -> import path ("" if none).
pkgof() {
	local f=$1 d
	[[ $f == src/* ]] || return 0
	d=$(dirname "$f")
	d=${d%%/testdata/*}
	d=${d%/testdata}
	[[ $d == src ]] && return 0
	d=${d#src/}
	d=${d#cmd/vendor/} # vendored into the cmd module: import path as written
	printf '%s\n' "$d"
}

declare -A why=()
add() { # add PKG ORIGIN
	[[ -n $1 ]] || return 0
	case ",${why[$1]:-}," in *",$2,"*) ;; *) why[$1]=${why[$1]:+${why[$1]},}$2 ;; esac
}

shopt -s nullglob
declare -A inseries=()
for p in "$repo"/patches/*.patch; do
	while read -r f; do
		inseries[$f]=1
		add "$(pkgof "$f")" patched
	done < <(sed -n 's|^diff --git a/\([^ ]*\) b/\([^ ]*\)$|\1\n\2|p' "$p" | sort -u)
done
# Upstream files that differ in the GOROOT under test but are not in the
# series: work copied in with dev-sync.sh and not exported yet. They are
# tested too, and reported, because the result is not that of patches/.
# (The files make.bash generates, and those toolchain/netstack writes, are
# left out.)
extra_files=()
gv=$(sed -n '1s/-xen.*//p' "$goroot/VERSION")
if up=$("$repo/toolchain/fetch-upstream.sh" "$gv" 2>/dev/null); then
	while read -r f; do
		case $f in
		src/internal/buildcfg/zbootstrap.go | src/cmd/cgo/zdefaultcc.go | \
			src/cmd/go/internal/cfg/zdefaultcc.go | src/go/build/zcgo.go) continue ;;
		# Written by toolchain/netstack when it vendors the network stack.
		src/go.mod | src/go.sum | src/vendor/modules.txt) continue ;;
		esac
		[[ -n ${inseries[$f]:-} ]] && continue
		extra_files+=("$f")
		add "$(pkgof "$f")" not-in-patches
	done < <(diff -rq "$up/src" "$goroot/src" 2>/dev/null |
		sed -n "s|^Files .* and $goroot/\(.*\) differ\$|\1|p")
else
	echo "test-linux: warning: upstream $gv not available; not checking $goroot for changes outside patches/" >&2
fi
cd "$repo"
while IFS= read -r -d '' f; do
	case $f in
	src/*) add "$(pkgof "$f")" overlay ;;
	rt0/*) add runtime overlay ;;
	hypercall/*) add xen/hypercall overlay ;;
	esac
done < <(git ls-files -z --cached --others --exclude-standard -- src rt0 hypercall)
# internal/copyright: every file the overlays add carries a copyright notice.
for p in runtime syscall os net time go/build cmd/link cmd/go internal/goos \
	internal/platform internal/syslist cmd/internal/objabi cmd/dist internal/copyright; do
	add "$p" baseline
done
for p in ${extra[@]+"${extra[@]}"}; do add "$p" requested; done

# Keep the packages that exist for linux/amd64 in this GOROOT.
cd "$goroot/src"
mapfile -t all < <(printf '%s\n' "${!why[@]}" | sort)
pkgs=() skipped=()
while read -r ip state; do
	if [[ $state == ok ]]; then pkgs+=("$ip"); else skipped+=("$ip"); fi
done < <("$go" list -e -f '{{.ImportPath}} {{if .Error}}err{{else if and (not .GoFiles) (not .TestGoFiles) (not .XTestGoFiles)}}none{{else}}ok{{end}}' "${all[@]}" 2>/dev/null)

say "toolchain: $("$go" version) (GOROOT=$goroot)"
say "${#pkgs[@]} packages to test (linux/amd64, go test -short ${count[*]:-(cached results allowed)} -p $par):"
for ip in "${pkgs[@]}"; do printf '    %-40s %s\n' "$ip" "${why[$ip]}"; done
for ip in ${skipped[@]+"${skipped[@]}"}; do
	printf '    %-40s %s: skipped, no linux/amd64 Go files\n' "$ip" "${why[$ip]}"
done
if ((${#extra_files[@]})); then
	say "NOTE: ${#extra_files[@]} upstream files in $goroot differ from upstream $gv but are not"
	say "      modified by patches/ (dev-sync'd work not exported yet?); their packages are"
	say "      marked not-in-patches. This run tests that GOROOT, not patches/ alone:"
	printf '%s\n' "${extra_files[@]}" | sed 's/^/        /' | head -n 40
	((${#extra_files[@]} <= 40)) || echo "        ... and $((${#extra_files[@]} - 40)) more"
fi
if ((list_only)); then exit 0; fi

rest=() has_cmdgo=0
for ip in "${pkgs[@]}"; do
	if [[ $ip == cmd/go && -n $CMDGO_RUN ]]; then has_cmdgo=1; else rest+=("$ip"); fi
done

total=${#pkgs[@]} done_n=0 passed=0 failed=0 failures=()
# run ARGS...: go test ARGS, progress per package from its summary lines.
run() {
	local line st ip
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$log"
		if [[ $line =~ ^(ok|FAIL|\?)[[:space:]]+([^[:space:]]+) ]]; then
			st=${BASH_REMATCH[1]} ip=${BASH_REMATCH[2]}
			[[ -n ${why[$ip]:-} ]] || continue
			done_n=$((done_n + 1))
			case $st in
			ok | '?') passed=$((passed + 1)) ;; # "?": no test files, but it builds
			FAIL) failed=$((failed + 1)); failures+=("$ip") ;;
			esac
			say "[$done_n/$total] $line"
		elif [[ $line == '--- FAIL:'* || $line == 'panic:'* || $line == '# '* ||
			$line == *'build failed'* || $line == *'setup failed'* ]]; then
			say "    $line"
		fi
	done < <(cd "$goroot/src" && "$go" test -short ${count[@]+"${count[@]}"} -p "$par" -timeout "$timeout" "$@" 2>&1)
}

t0=$SECONDS
say "log: $log"
((${#rest[@]})) && run "${rest[@]}"
if ((has_cmdgo)); then
	say "cmd/go: NOTE: only the tests matching CMDGO_RUN: -run '$CMDGO_RUN'"
	run -run "$CMDGO_RUN" cmd/go
fi
# A package that failed to build prints no "FAIL pkg" line of its own in
# some cases: count what did not report as failed.
for ip in "${pkgs[@]}"; do
	if ! grep -qE "^(ok|FAIL|\?)[[:space:]]+$ip([[:space:]]|\$)" "$log"; then
		failed=$((failed + 1)); failures+=("$ip (no result)")
		say "$ip: no result (see log)"
	fi
done
say "finished in $(((SECONDS - t0) / 60))m$(((SECONDS - t0) % 60))s"
((failed)) && say "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
((failed == 0))
