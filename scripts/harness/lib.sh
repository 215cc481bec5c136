# Common settings for the Xen-under-QEMU harness; sourced by the other scripts.
# All state lives under $XEN_HARNESS_DIR (default: <repo>/build/harness).

HARNESS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HARNESS_SRC/../.." && pwd)
HDIR=${XEN_HARNESS_DIR:-$REPO_ROOT/build/harness}
DEBS=$HDIR/debs              # downloaded .deb files
SYSROOT=$HDIR/sysroot        # dpkg -x of all packages
ART=$HDIR/artefacts          # xen.elf, vmlinux, dom0.cpio, stamp
RUN=$HDIR/run                # QEMU pidfile, serial log
SPOOL=$HDIR/spool            # shared with dom0 over virtio-9p (mounted at /spool)

XEN_PKGS="xen-hypervisor-4.17-amd64 xen-utils-4.17 xen-utils-common xenstore-utils libyajl2
  libxencall1 libxendevicemodel1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxenhypfs1
  libxenmisc4.17 libxenstore4 libxentoolcore1 libxentoollog1 busybox-static"

# Kernel modules dom0 loads (dependencies are added and ordered by setup): the first set before
# dom0 reports ready, the second (guest networking and block backends) right after.
DOM0_MODULES="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs virtio_pci 9pnet_virtio 9p
  virtio_console"
DOM0_MODULES_LATE="bridge xen-netback xen-blkback"

# notify: wake dom0's job runner (virtio-serial port harness.notify, fed by a FIFO).
notify() { [ -p "$RUN/notify.in" ] && timeout 2 sh -c 'echo >"$1"' _ "$RUN/notify.in" 2>/dev/null || true; }

hlog() { printf '%s\n' "harness: $*" >&2; }
hdie() { printf '%s\n' "harness: error: $*" >&2; exit 1; }

# qemu_running: true when the QEMU recorded in the pidfile is alive.
qemu_running() {
	local pid
	[ -s "$RUN/qemu.pid" ] || return 1
	pid=$(cat "$RUN/qemu.pid" 2>/dev/null) || return 1
	[ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
		grep -q qemu "/proc/$pid/cmdline" 2>/dev/null
}

# dom0_ready: true when QEMU runs and dom0 wrote its ready marker for this boot.
dom0_ready() {
	qemu_running && [ -s "$SPOOL/dom0-ready" ] &&
		[ "$(cat "$SPOOL/dom0-ready")" = "$(cat "$RUN/boot-id" 2>/dev/null)" ]
}
