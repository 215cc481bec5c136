# Sourced by tests/harness/run: the case local_xl, the exec client's local mode (README.md,
# "On a real Xen host"). dom0 is a real dom0 with xl, so the client (cmd/xen, go tool xen exec),
# built for linux/amd64 (static), runs there as it would on a Xen host: it boots a GOOS=xen guest (localguest/)
# and the C test guest with dom0's own xl, not through the spool's job runner. One dom0-sh
# call runs every case (forks are dear in dom0); the host checks the outputs. Each check is
# a PASS/FAIL line of its own.

# The cases, as dom0 runs them: each leaves NAME.out, NAME.err, NAME.status in the case
# directory, and NAME.ms (dom0's milliseconds for the run).
LOCALXL_DOM0='set -u
cd "$1"
export XEN_GUEST_MEMORY=64
sub=exec
lx() { # lx NAME [VAR=VALUE...] -- ARGS: run the client (go tool xen $sub), stdin from /dev/null
	local name=$1 t0
	shift
	local envs=""
	while [ "$1" != -- ]; do envs="$envs $1"; shift; done
	shift
	now; t0=$NOW
	env $envs ./xen $sub "$@" </dev/null >"$name.out" 2>"$name.err"
	echo $? >"$name.status"
	now; echo $((NOW - t0)) >"$name.ms"
}
./xen exec --print-mode >mode.out 2>&1
echo $? >mode.status
lx hello -- ./localguest hello "a b" ""
lx exit XEN_EXEC_MODE=local -- ./localguest exit 3
lx panic -- ./localguest panic
lx crash -- ./crashguest crash
lx triple -- ./crashguest reboot
echo "data for the guest" >data.txt
lx files XEN_EXEC_FILES=data.txt -- ./localguest cat data.txt
now; t0=$NOW
printf "piped input" | ./xen exec ./localguest stdin >stdin.out 2>stdin.err
echo $? >stdin.status
now; echo $((NOW - t0)) >stdin.ms
lx timeout XEN_EXEC_TIMEOUT=3 -- ./localguest sleep 60
lx badimage -- ./notanimage
now; t0=$NOW
./xen exec ./localguest sleep 60 </dev/null >signal.out 2>signal.err &
pid=$! i=0 l=
while [ "$l" != sleeping ] && [ $i -lt 300 ]; do nap 0.1; read -r l <signal.out; i=$((i + 1)); done
kill -TERM $pid
wait $pid
echo $? >signal.status
now; echo $((NOW - t0)) >signal.ms
sub=run
lx run_hello -- -memory 96 -vcpus 2 ./localguest hello "a b"
lx run_exit -- ./localguest exit 5
nap 0.5
xl list >leftovers.out 2>&1
ls -d /tmp/go-xen-* >>leftovers.out 2>/dev/null
echo 0 >leftovers.status
cp *.out *.err *.status *.ms "/spool/$2/"'

# local_ms CASE: how long the case took in dom0.
local_ms() { echo "dom0 $(cat "$work/local_$1.ms" 2>/dev/null) ms"; }

t_local_xl() {
	local id=localxl-$$ go=$repo/build/go/bin/go l=$work/local_xl
	local dir=$SPOOL/$id
	mkdir -p "$l"
	# The client, the toolchain's go tool xen (cmd/xen) built static; the guest with this
	# repository's toolchain.
	if [ ! -x "$go" ]; then
		fail local_xl "no toolchain at build/go (toolchain/build.sh)"
		return
	fi
	if ! env -u GOFLAGS GOROOT= GOOS=linux GOARCH=amd64 CGO_ENABLED=0 GOWORK=off GOTOOLCHAIN=local \
		"$go" build -o "$l/xen" cmd/xen >"$work/local_xl.err" 2>&1 ||
		! (cd "$here/localguest" && GOROOT= GOOS=xen GOARCH=amd64 GO111MODULE=off "$go" build -o "$l/localguest" .) \
			>>"$work/local_xl.err" 2>&1; then
		fail local_xl "building the client or the guest failed"
		return
	fi
	# On the host (no Xen here), forcing the local mode is an error, before any harness work.
	XEN_EXEC_MODE=local "$EXEC" "$l/localguest" hello </dev/null >"$work/local_forced.out" 2>"$work/local_forced.err"
	echo $? >"$work/local_forced.status"
	status_is local_forced 125 && err_has local_forced "XEN_EXEC_MODE=local, but this machine cannot run Xen guests itself" &&
		pass local_forced

	# dom0 runs the programs from its tmpfs: executing from 9p faults in a page at a time.
	mkdir -p "$dir/out"
	cp "$l/xen" "$l/localguest" "$dir/"
	cp "$GUEST" "$dir/crashguest"
	echo "not an ELF file" >"$dir/notanimage"
	DOM0_SH_TIMEOUT=240 "$repo/scripts/harness/dom0-sh" "d=/tmp/$id; mkdir -p \$d
		for f in xen localguest crashguest notanimage; do dd if=/spool/$id/\$f of=\$d/\$f bs=1M 2>/dev/null; done
		chmod +x \$d/*
		set -- \$d $id/out
		$LOCALXL_DOM0
		rm -rf \$d" >"$work/local_xl.out" 2>>"$work/local_xl.err"
	local f n
	for f in "$dir"/out/*; do
		[ -e "$f" ] || continue
		n=${f##*/}
		cp "$f" "$work/local_${n%%.*}.${n#*.}"
	done
	rm -rf "$dir"
	# xenconsoled logs every guest into the spool, these too.
	rm -f "$SPOOL"/consoles/guest-go-localguest-*.log "$SPOOL"/consoles/guest-go-crashguest-*.log
	if [ ! -e "$work/local_leftovers.status" ]; then
		fail local_xl "dom0 ran no case"
		return
	fi
	status_is local_mode 0 && out_has local_mode local && pass local_mode
	status_is local_hello 0 && out_has local_hello 'hello from xen, args ["a b" ""]' && no_nul local_hello &&
		pass "local_hello, $(local_ms hello)"
	status_is local_exit 3 && out_has local_exit "exiting with 3" && no_nul local_exit && pass "local_exit, $(local_ms exit)"
	status_is local_panic 2 && out_has local_panic "panic: localguest panics" && no_nul local_panic &&
		{ ! grep -q "without exit status" "$work/local_panic.err" || fail local_panic "reported as crash without status"; } &&
		pass "local_panic, $(local_ms panic)"
	status_is local_crash 2 && err_has local_crash "go_xen_amd64_exec: domain crashed without exit status" &&
		pass "local_crash, $(local_ms crash)"
	# A triple fault: Xen's log lines about the domain follow the message.
	status_is local_triple 2 && err_has local_triple "crashed without exit status (it asked for a reboot" &&
		err_has local_triple "Triple fault" && pass "local_triple, $(local_ms triple)"
	status_is local_files 0 && out_has local_files "file: data for the guest" && pass "local_files, $(local_ms files)"
	status_is local_stdin 0 && out_has local_stdin 'stdin: "piped input" <nil>' && pass "local_stdin, $(local_ms stdin)"
	status_is local_timeout 124 && out_has local_timeout sleeping &&
		err_has local_timeout "timed out after 3s (XEN_EXEC_TIMEOUT); domain destroyed" &&
		err_has local_timeout "the guest's vCPU when it timed out" && pass "local_timeout, $(local_ms timeout)"
	status_is local_badimage 125 && err_has local_badimage "xl create failed" && pass "local_badimage, $(local_ms badimage)"
	status_is local_signal 143 && err_has local_signal "domain destroyed: signal terminated" &&
		pass "local_signal, $(local_ms signal)"
	# go tool xen run, the same client with flags.
	status_is local_run_hello 0 && out_has local_run_hello 'hello from xen, args ["a b"]' &&
		pass "local_run_hello, $(local_ms run_hello)"
	status_is local_run_exit 5 && out_has local_run_exit "exiting with 5" && pass "local_run_exit, $(local_ms run_exit)"
	if grep -qE '^go-(localguest|crashguest)-|go-xen-' "$work/local_leftovers.out"; then
		fail local_leftovers "domains or job directories left behind"
	else
		pass local_leftovers
	fi
}
