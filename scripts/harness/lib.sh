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
  libxenmisc4.17 libxenstore4 libxentoolcore1 libxentoollog1 busybox-static libuuid1"

# dom0's network peers for guests (README, "Network peers"): the DNS/DHCP server, HTTP and
# throughput clients, and every shared library they load except libc6's and libgcc_s, so that
# dom0 never depends on what happens to be installed on the host (mkinitramfs checks this).
NET_PKGS="dnsmasq-base dnsmasq-utils curl libcurl4 wrk libluajit2-5.1-2 iperf3 libiperf0 libsctp1
  libdbus-1-3 libsystemd0 libcap2 libgcrypt20 libgpg-error0 liblz4-1 liblzma5 libzstd1 libidn2-0
  libunistring2 libnettle8 libhogweed6 libgmp10 libnetfilter-conntrack3 libnfnetlink0 libmnl0
  libnftables1 libnftnl11 libjansson4 libxtables12 zlib1g libnghttp2-14 librtmp1 libgnutls30
  libp11-kit0 libtasn1-6 libffi8 libssh2-1 libpsl5 libssl3 libgssapi-krb5-2 libkrb5-3
  libk5crypto3 libkrb5support0 libcom-err2 libkeyutils1 libldap-2.5-0 libsasl2-2 libbrotli1
  apache2-utils libapr1 libaprutil1 libcrypt1 libexpat1 libdb5.3"

# dom0's tools for guests' disks (README, "Disks"): ext4's mkfs, checker and debugfs.
DISK_PKGS="e2fsprogs libext2fs2 libss2 libblkid1 libuuid1 libcom-err2"

# Kernel modules dom0 loads (dependencies are added and ordered by setup): the first set before
# dom0 reports ready, the second (guest networking, block backends and loop devices for disk
# images) right after.
DOM0_MODULES="xen-evtchn xen-gntdev xen-gntalloc xen-privcmd xenfs virtio_pci 9pnet_virtio 9p
  virtio_console"
# dummy gives xenbr0 a permanent port, so the bridge has carrier (and its IPv6 addresses
# leave the tentative state) before any guest's vif joins it.
DOM0_MODULES_LATE="bridge xen-netback xen-blkback loop dummy"

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
